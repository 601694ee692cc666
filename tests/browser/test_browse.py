import re

import pytest
from playwright.sync_api import expect

from tests.factories import ProgramFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_finds_a_program_reads_it_in_english_and_staff_log_in(phone):
    ProgramFactory(
        slug="youth-academy",
        title_ko="청년 창업아카데미",
        title_en="Start-Up Academy for Youth",
        benefit_ko="교육비 지원",
        benefit_en="Free training",
    )
    StaffFactory(username="editor", is_superuser=True)

    phone.goto("/")
    expect(phone.locator("h1")).to_have_text("광주 AI·창업 포털")
    phone.get_by_role("link", name="청년 창업아카데미").click()

    expect(phone).to_have_url(re.compile(r"/programs/youth-academy/$"))
    expect(phone.locator("h1")).to_have_text("청년 창업아카데미")
    expect(phone.get_by_text("교육비 지원")).to_be_visible()
    # Nothing overflows the phone's width.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    phone.get_by_role("link", name="English").click()
    expect(phone).to_have_url(re.compile(r"/en/programs/youth-academy/$"))
    expect(phone.locator("h1")).to_have_text("Start-Up Academy for Youth")
    expect(phone.get_by_text("Free training")).to_be_visible()
    expect(phone.locator("html")).to_have_attribute("lang", "en")

    phone.goto("/en/admin/")
    phone.get_by_label("Username").fill("editor")
    phone.get_by_label("Password").fill("test-password")
    phone.get_by_role("button", name="Log in").click()
    expect(phone.get_by_text("Gwangju AI & Start-up Portal administration").first).to_be_visible()
    expect(phone.get_by_role("link", name="Programs").first).to_be_visible()
