"""The whole curation path in a browser: a partner editor submits a program, a city editor publishes it, citizens
see it in the catalogue."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from playwright.sync_api import expect

from core.roles import CITY_EDITORS, PARTNER_EDITORS, roles_create
from tests.factories import CategoryFactory, PartnerFactory, staff_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "AI 스타트업 실증 지원"


@pytest.fixture
def editors():
    roles_create(Group, Permission)  # a transactional test's database was emptied of the migration's rows
    institute = PartnerFactory(slug="gwangju-techno-park", name_ko="광주테크노파크")
    staff_in(PARTNER_EDITORS, institute, username="partner-editor")
    staff_in(CITY_EDITORS, username="city-editor")
    return institute, CategoryFactory(slug="commercialization", name_ko="사업화")


def sign_in(browser, live_server, username):
    page = browser.new_context(base_url=live_server.url).new_page()
    page.set_default_timeout(10_000)
    page.goto("/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("test-password")
    page.locator("input[type=submit]").click()
    expect(page.locator("#user-tools")).to_be_visible()
    return page


def run_action(page, title, action):
    page.get_by_role("row").filter(has_text=title).locator("input.action-select").check()
    page.locator("select[name=action]").select_option(action)
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist")).to_be_visible()


def test_a_partner_editor_submits_a_city_editor_publishes_and_citizens_see_it(browser, live_server, editors):
    institute, category = editors
    closes = timezone.localdate() + timedelta(days=20)

    partner = sign_in(browser, live_server, "partner-editor")
    partner.goto("/admin/programs/program/add/")
    partner.locator("#id_title_ko").fill(TITLE)
    partner.locator("#id_title_en").fill("AI start-up testbed support")
    partner.locator("#id_category + .select2").click()  # the admin's autocomplete
    partner.locator("input[aria-controls=select2-id_category-results]").fill("사업")
    partner.locator(".select2-results__option").filter(has_text="사업화").click()
    partner.locator("#id_organizer").select_option(str(institute.pk))  # their institute is the only choice
    partner.locator("#id_application_closes_at_0").fill(closes.isoformat())
    partner.locator("#id_application_closes_at_1").fill("18:00:00")
    # What the publishing contract asks of a program people can apply to.
    partner.locator("#id_how_to_apply_ko").fill("온라인 접수: 신청서, 사업계획서")
    partner.locator("#id_contact_ko").fill("창업지원팀 062-000-0000")
    partner.locator("input[name=_save]").first.click()
    expect(partner.get_by_role("row").filter(has_text=TITLE)).to_be_visible()
    # Publishing is not offered to them; submitting is theirs.
    expect(partner.locator("select[name=action] option[value=publish]")).to_have_count(0)
    run_action(partner, TITLE, "submit_for_review")
    expect(partner.locator(".messagelist .success")).to_contain_text("1건")

    citizen = browser.new_context(base_url=live_server.url).new_page()
    citizen.goto("/programs/")
    expect(citizen.get_by_text(TITLE)).to_have_count(0)

    city = sign_in(browser, live_server, "city-editor")
    city.goto("/admin/review/")
    expect(city.locator(".portal-revision").filter(has_text=TITLE)).to_contain_text("광주테크노파크")
    city.goto("/admin/programs/program/?status__exact=review")
    run_action(city, TITLE, "publish")
    expect(city.locator(".messagelist .success")).to_contain_text("1건을 게시했습니다")

    citizen.goto("/programs/")
    expect(citizen.get_by_role("link", name=TITLE)).to_be_visible()
