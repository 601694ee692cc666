import pytest
from playwright.sync_api import expect

from tests.factories import ProgramFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_interactive_api_reference_runs_under_the_content_security_policy(browser, live_server):
    ProgramFactory(slug="academy")
    page = browser.new_page(base_url=live_server.url)
    page.set_default_timeout(15_000)
    blocked = []
    page.on("console", lambda message: "Content Security Policy" in message.text and blocked.append(message.text))
    page.goto("/api/v1/reference/")
    operation = page.locator(".opblock-summary-path", has_text="/api/v1/programs/{slug}/")
    expect(operation).to_be_visible()
    page.goto("/api/")
    page.get_by_role("link", name="대화형 참조 문서: 모든 주소를 직접 호출해 보기").click()
    expect(page.locator(".opblock").first).to_be_visible()
    page.close()
    assert blocked == []
