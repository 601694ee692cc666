"""axe-core on every admin page a partner editor and a city editor use (the desk, lists, forms, the review page,
proposals, their settings): no serious or critical violation, for both roles. Budget: 60 s a pass (measured 30 s)."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from core.publishing import Status
from core.services import record_request_changes
from tests.factories import EventFactory, ProgramFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


def signed_in(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url, bypass_csp=True)
    host = live_server.url.split("//")[1].split(":")[0]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
          "domain": host, "path": "/"}]
    )  # fmt: skip
    context.add_init_script(path=AXE)
    return context


def serious_violations(page):
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": item["id"], "impact": item["impact"], "nodes": [node["target"] for node in item["nodes"]][:3]}
        for item in result["violations"]
        if item["impact"] in SERIOUS
    ]


def test_the_admin_pages_editors_use_have_no_serious_accessibility_violation(
    browser, live_server, partner_editor, city_editor, institute
):
    assert AXE.exists(), "run npm ci: axe-core comes from the npm registry"
    program = ProgramFactory(organizer=institute)
    event = EventFactory(organizer=institute)
    draft = ProgramFactory(organizer=institute, status=Status.REVIEW, published_at=None)
    record_request_changes(record=draft, reviewer=city_editor, reason="문의처를 적어 주세요.")
    pages = [
        "/admin/",
        "/admin/programs/program/",
        "/admin/programs/program/add/",
        f"/admin/programs/program/{program.pk}/change/",
        f"/admin/programs/program/{draft.pk}/change/",
        f"/admin/programs/program/{program.pk}/history/",
        "/admin/programs/event/",
        "/admin/programs/event/add/",
        f"/admin/programs/event/{event.pk}/change/",
        f"/admin/partners/partner/{institute.pk}/change/",
        "/admin/core/revision/",
        "/admin/settings/",
        "/admin/registrations/registration/",
        "/admin/alerts/followedprogram/",
    ]
    found = {}
    city_only = ["/admin/review/", "/admin/alerts/savedsearch/", "/admin/partners/partner/"]
    for role, user, extra in (("partner", partner_editor, []), ("city", city_editor, city_only)):
        context = signed_in(browser, live_server, user)
        page = context.new_page()
        for path in pages + extra:
            response = page.goto(path)
            assert response.status == 200, (role, path)
            problems = serious_violations(page)
            if problems:
                found[f"{role} {path}"] = problems
        context.close()
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
