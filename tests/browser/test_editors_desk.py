"""A partner editor's morning at the desk: the dashboard, "closing within 7 days", extend one, the city approves,
the history says so. And axe finds no serious violation on the dashboard and the program form."""

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from playwright.sync_api import expect

from core.roles import CITY_EDITORS, PARTNER_EDITORS, roles_create
from tests.browser.test_accessibility import AXE
from tests.browser.test_curation_flow import sign_in
from tests.factories import PartnerFactory, ProgramFactory, staff_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "청년 창업 아카데미"


@pytest.fixture
def morning():
    roles_create(Group, Permission)  # a transactional test's database was emptied of the migration's rows
    institute = PartnerFactory(slug="gwangju-techno-park", name_ko="광주테크노파크", short_name_ko="광주TP")
    staff_in(PARTNER_EDITORS, institute, username="partner-editor")
    staff_in(CITY_EDITORS, username="city-editor")
    ProgramFactory(
        title_ko="다음 달 마감", organizer=institute, application_closes_at=timezone.now() + timedelta(days=40)
    )
    return ProgramFactory(
        slug="youth-academy",
        title_ko=TITLE,
        organizer=institute,
        application_closes_at=timezone.now() + timedelta(days=3),
    )


def test_a_partner_editors_morning(browser, live_server, morning):
    partner = sign_in(browser, live_server, "partner-editor")
    partner.goto("/admin/")
    closing = partner.locator(".portal-desk tr").filter(has_text="7일 안에 마감되는 내 지원사업")
    expect(closing.locator(".portal-desk-count")).to_have_text("1")
    closing.locator("a").click()
    expect(partner.locator("#result_list")).to_contain_text(TITLE)
    expect(partner.locator("#result_list")).not_to_contain_text("다음 달 마감")
    expect(partner.locator("#result_list .portal-state-closing")).to_contain_text("D-3")

    partner.get_by_role("row").filter(has_text=TITLE).locator("input.action-select").check()
    partner.locator("select[name=action]").select_option("extend_closing_date")
    partner.locator("button[name=index]").click()
    new = timezone.localtime(timezone.now() + timedelta(days=20))
    partner.locator("#id_closes_at_0").fill(new.strftime("%Y-%m-%d"))
    partner.locator("#id_closes_at_1").fill("18:00")
    partner.locator("input[name=extend]").click()
    expect(partner.locator(".messagelist .success")).to_contain_text("승인")

    city = sign_in(browser, live_server, "city-editor")
    city.goto("/admin/")
    expect(
        city.locator(".portal-desk tr").filter(has_text="게시 중인 항목의 변경").locator(".portal-desk-count")
    ).to_have_text("1")
    city.goto("/admin/review/")
    city.locator(".portal-revision").filter(has_text=TITLE).locator("button[value=approve]").click()
    expect(city.locator(".messagelist .success")).to_be_visible()

    partner.goto(f"/admin/programs/program/{morning.pk}/history/")
    expect(partner.locator("#change-history")).to_contain_text("city-editor")
    partner.goto(f"/admin/programs/program/{morning.pk}/change/")
    expect(partner.locator("#id_application_closes_at_0")).to_have_value(new.strftime("%Y-%m-%d"))


def serious_violations(page):
    page.add_script_tag(content=AXE.read_text())
    # Django's select2 autocomplete boxes are left out: their markup is made by the vendored script, which we do
    # not change (it names an empty box by nothing; the field's label is beside it).
    result = page.evaluate(
        "() => axe.run({exclude: [['.select2-container']]}, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})"
    )
    return [
        {"id": item["id"], "help": item["help"], "nodes": [node["target"] for node in item["nodes"]][:3]}
        for item in result["violations"]
        if item["impact"] in ("serious", "critical")
    ]


def test_axe_finds_no_serious_violation_on_the_desk_and_the_program_form(browser, live_server, morning):
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    page.goto("/admin/login/")
    page.locator("#id_username").fill("partner-editor")
    page.locator("#id_password").fill("test-password")
    page.locator("input[type=submit]").click()
    found = {}
    for path in ["/admin/", f"/admin/programs/program/{morning.pk}/change/", "/admin/programs/program/?deadline=soon"]:
        page.goto(path)
        problems = serious_violations(page)
        if problems:
            found[path] = problems
    context.close()
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
