import pytest
from playwright.sync_api import expect

from tests.factories import ProgramFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_admin_works_under_the_content_security_policy(browser, live_server):
    program = ProgramFactory()
    StaffFactory(username="editor", is_superuser=True)
    page = browser.new_page(base_url=live_server.url)
    blocked = []
    page.on("console", lambda message: "Content Security Policy" in message.text and blocked.append(message.text))
    page.goto("/en/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("test-password")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/en/admin/programs/program/{program.pk}/change/")
    expect(page.get_by_role("button", name="Save", exact=True).first).to_be_visible()
    page.goto("/en/admin/programs/program/add/")
    page.locator("#id_title_en").press_sequentially("Hello world")
    # The admin's own script fills the slug from the English title: scripts run under the policy.
    expect(page.locator("#id_slug")).to_have_value("hello-world")
    page.close()
    assert blocked == []
