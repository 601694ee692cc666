import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.factories import ProgramFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_printed_program_keeps_the_essentials_and_its_address(browser, live_server):
    ProgramFactory(
        slug="academy", title_ko="청년 창업아카데미", benefit_ko="교육비 지원", apply_url="https://example.org/apply"
    )
    page = browser.new_page(base_url=live_server.url)
    page.goto("/programs/academy/")
    page.emulate_media(media="print")
    expect(page.locator("h1")).to_be_visible()
    expect(page.get_by_text("교육비 지원")).to_be_visible()
    expect(page.get_by_text(f"{settings.SITE_URL}/programs/academy/")).to_be_visible()  # the portal's own address
    expect(page.get_by_text("https://example.org/apply")).to_be_visible()
    expect(page.locator(".portal-header")).to_be_hidden()
    expect(page.locator("form").first).to_be_hidden()
    pages = re.search(rb"/Count (\d+)", page.pdf(format="A4"))
    assert int(pages.group(1)) == 1, "the program fits on one printed page"
    page.close()
