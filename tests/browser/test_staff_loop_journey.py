"""The staff loop in a browser, both roles: the partner submits, the city returns it with a reason, the partner's desk
shows it and the email arrives, the partner mends and submits again, the city sees what changed since and
publishes, and the partner hears it went live. On the way, a refused publish keeps the city editor on the form.
Budget: 40 s a pass (measured 15 s)."""

import re
from datetime import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from core.editor_mail import review_summaries_send
from core.publishing import Status
from core.roles import CITY_EDITORS, PARTNER_EDITORS, roles_create
from programs.models import Program
from tests.browser.test_curation_flow import sign_in
from tests.clock import SEOUL
from tests.factories import PartnerFactory, ProgramFactory, staff_in
from tests.worker import run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def team(smtp):
    roles_create(Group, Permission)  # a transactional test's database was emptied of the migration's rows
    institute = PartnerFactory(slug="gjtp", name_ko="광주테크노파크", phone="", email="", website="")
    staff_in(PARTNER_EDITORS, institute, username="partner-editor", email="partner@example.org")
    staff_in(CITY_EDITORS, username="city-editor", email="city@example.org")
    draft = ProgramFactory(
        organizer=institute, title_ko="AI 실증 지원", status=Status.DRAFT, published_at=None,
        how_to_apply_ko="온라인 접수", contact_ko="", apply_url="",
    )  # fmt: skip
    return draft, smtp


@time_machine.travel(datetime(2026, 12, 7, 10, 0, tzinfo=SEOUL), tick=True)  # editors' mail waits out the night
def test_the_loop_closes_between_a_partner_and_the_city(browser, live_server, team):
    draft, smtp = team
    change = f"/admin/programs/program/{draft.pk}/change/"

    partner = sign_in(browser, live_server, "partner-editor")
    partner.goto(change)
    expect(partner.locator(".portal-checklist .portal-missing")).to_contain_text("문의처")
    partner.locator("#id_contact_ko").fill("담당자 062-000-0000")
    partner.locator("input[name=_submit]").first.click()  # the buttons are at the top of the form too
    expect(partner.locator(".messagelist")).to_contain_text("검토")
    assert review_summaries_send() == 1
    run_worker()
    assert "AI 실증 지원" in smtp.to("city@example.org")[0].get_content()

    city = sign_in(browser, live_server, "city-editor")
    city.goto(change)
    city.locator("#id_contact_ko").fill("")  # a publish that cannot act: the form again, the field marked
    city.locator("input[name=_publish]").first.click()
    expect(city).to_have_url(re.compile(re.escape(change)))
    expect(city.locator(".errornote")).to_be_visible()
    expect(city.locator(".field-contact_ko .errorlist")).to_be_visible()
    assert Program.objects.get(pk=draft.pk).status == Status.REVIEW

    city.goto(change)
    city.locator("#review-reason").fill("영어 제목도 적어 주세요.")
    city.locator("input[name=_request_changes]").click()
    expect(city.locator(".messagelist")).to_contain_text("사유")
    run_worker()
    returned = smtp.to("partner@example.org")[-1]
    assert "영어 제목도 적어 주세요." in returned.get_content()

    partner.goto("/admin/")
    line = partner.get_by_role("row").filter(has_text="돌려받은 지원사업 초안")
    expect(line).to_contain_text("1")
    expect(line).to_contain_text("영어 제목도 적어 주세요.")
    line.get_by_role("link").click()
    partner.get_by_role("link", name="AI 실증 지원").click()
    partner.locator("#id_title_en").fill("AI testbed support")
    partner.locator("input[name=_submit]").first.click()
    expect(partner.locator(".messagelist")).to_contain_text("검토")

    city.goto("/admin/review/")
    changed = city.locator("table").filter(has_text="돌려보낸 뒤 바뀐 것")
    expect(changed).to_contain_text("AI testbed support")
    expect(changed.locator("tbody tr")).to_have_count(1)  # one field changed, one row
    city.get_by_role("link", name="AI 실증 지원").first.click()
    city.locator("input[name=_publish]").first.click()
    expect(city.locator(".messagelist")).to_contain_text("게시")
    run_worker()
    assert "게시됨" in smtp.to("partner@example.org")[-1]["Subject"]
