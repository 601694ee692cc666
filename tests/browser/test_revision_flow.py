"""A partner editor edits a live program: the public page keeps the published text until a city editor approves."""

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from core.roles import CITY_EDITORS, PARTNER_EDITORS, roles_create
from tests.browser.test_curation_flow import sign_in
from tests.factories import PartnerFactory, ProgramFactory, staff_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OLD, NEW = "청년 창업 아카데미", "청년 창업 아카데미 (2기 모집)"


@pytest.fixture
def live_program():
    roles_create(Group, Permission)  # a transactional test's database was emptied of the migration's rows
    institute = PartnerFactory(slug="gwangju-techno-park", name_ko="광주테크노파크")
    staff_in(PARTNER_EDITORS, institute, username="partner-editor")
    staff_in(CITY_EDITORS, username="city-editor")
    return ProgramFactory(slug="youth-academy", title_ko=OLD, organizer=institute)


def test_a_live_programs_edit_waits_for_the_city_and_then_goes_live(browser, live_server, live_program):
    partner = sign_in(browser, live_server, "partner-editor")
    partner.goto(f"/admin/programs/program/{live_program.pk}/change/")
    partner.locator("#id_title_ko").fill(NEW)
    partner.locator("input[name=_save]").first.click()
    expect(partner.locator(".messagelist .success")).to_contain_text("검토")
    expect(partner.locator("#id_title_ko")).to_have_value(NEW)  # their proposal, not lost

    citizen = browser.new_context(base_url=live_server.url).new_page()
    citizen.goto("/programs/youth-academy/")
    expect(citizen.locator("h1")).to_have_text(OLD)

    city = sign_in(browser, live_server, "city-editor")
    city.goto("/admin/review/")
    revision = city.locator(".portal-revision").filter(has_text=OLD)
    expect(revision.locator("del")).to_have_text(OLD)
    expect(revision.locator("ins")).to_have_text(NEW)
    revision.locator("button[value=approve]").click()
    expect(city.locator(".messagelist .success")).to_be_visible()

    citizen.goto("/programs/youth-academy/")
    expect(citizen.locator("h1")).to_have_text(NEW)
