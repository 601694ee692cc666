"""The Nu HTML Checker (vnu-jar from the npm registry) finds no error on any public page type, in both languages, as
KWCAG's markup criterion asks. All pages go to one JVM."""

import json
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from programs import shortlist
from tests.browser.test_accessibility import PAGES, portal  # noqa: F401 - the same pages and records as axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_public_page_type_is_valid_html(client, portal, tmp_path):  # noqa: F811
    assert VNU.exists(), "run npm ci: vnu-jar comes from the npm registry"
    pages = {}
    for language in ("", "/en"):
        for path in PAGES + portal:
            response = client.get(language + path, follow=True)
            assert response["Content-Type"].startswith("text/html"), path
            name = tmp_path / f"page-{len(pages):02d}.html"
            name.write_bytes(response.content)
            pages[str(name)] = language + path
        # The answer to a registration (a POST): "check your email".
        answer = client.post(
            f"{language}/events/open-day/register/",
            {"name": "홍길동", "email": f"valid{len(pages)}@example.com", "consent": "on"},
        )
        assert answer.status_code == 200
        name = tmp_path / f"page-{len(pages):02d}.html"
        name.write_bytes(answer.content)
        pages[str(name)] = f"POST {language}/events/open-day/register/"
        # Pages only a POST or a cookie reaches: erasing an address asks first; a shortlist with its buttons.
        manage = next(path for path in portal if path.startswith("/alerts/manage/"))
        client.cookies[shortlist.COOKIE] = "youth-academy.next-academy"
        for label, response in (
            (f"POST {language}{manage} erase", client.post(language + manage, {"action": "erase"})),
            (f"{language}/programs/compare/ (shortlist)", client.get(f"{language}/programs/compare/")),
        ):
            assert response.status_code == 200, label
            name = tmp_path / f"page-{len(pages):02d}.html"
            name.write_bytes(response.content)
            pages[str(name)] = label
    errors = vnu_errors(pages)
    assert not errors, json.dumps(errors, ensure_ascii=False, indent=1)[:6000]


def vnu_errors(pages):
    """The checker's errors for {saved HTML file: what it is}, all in one JVM."""
    result = subprocess.run(
        ["java", "-Xss4m", "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [
        {"page": pages.get(message.get("url", "").removeprefix("file:"), message.get("url")), **message}
        for message in messages
        if message.get("type") == "error"
    ]
