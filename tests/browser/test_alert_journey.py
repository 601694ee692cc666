"""A founder's alert, in a browser on a phone, with the emails received by a real SMTP server: save a search on a
filtered catalogue page, confirm from the email, a city editor publishes a matching program in the admin, the digest
brings it, and the one-click unsubscribe stops the next one."""

import re
import urllib.request
from datetime import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from alerts.sending import alerts_send
from core.models import EmailDelivery
from core.roles import CITY_EDITORS, roles_create
from programs.models import Program
from tests.browser.test_curation_flow import run_action, sign_in
from tests.clock import SEOUL
from tests.factories import CategoryFactory, ProgramFactory, staff_in
from tests.worker import run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def body(message):
    return message.get_body(("plain",)).get_content()


def test_save_a_search_confirm_receive_and_unsubscribe(browser, live_server, smtp):
    roles_create(Group, Permission)
    staff_in(CITY_EDITORS, username="city-editor")
    education = CategoryFactory()
    ProgramFactory(title_ko="이미 있는 교육", category=education)
    with time_machine.travel(datetime(2026, 3, 10, 10, 0, tzinfo=SEOUL), tick=True) as clock:
        phone = browser.new_context(viewport={"width": 360, "height": 740}, base_url=live_server.url).new_page()
        phone.set_default_timeout(10_000)
        phone.goto("/programs/?category=education&state=open")
        phone.get_by_role("link", name="이런 새 사업을 이메일로 알려 주세요").click()
        expect(phone.locator("h1")).to_have_text("이런 새 사업을 이메일로 알려 주세요")
        expect(phone.locator(".portal-alert-filters")).to_contain_text("교육")
        phone.locator("#id_email").fill("founder@example.com")
        phone.get_by_label("공고되는 즉시").check()
        phone.locator("#id_consent").check()
        phone.get_by_role("button", name="알림 신청").click()
        expect(phone.locator("h1")).to_have_text("메일함을 확인해 주세요")

        run_worker()
        [confirmation] = smtp.to("founder@example.com")
        phone.goto(re.search(r"http://testserver(/alerts/confirm/\S+/)", body(confirmation)).group(1))
        phone.get_by_role("button", name="확인").click()
        expect(phone.locator("h1")).to_have_text("알림이 시작되었습니다")

        draft = ProgramFactory(
            title_ko="새 청년 창업 교육",
            title="새 청년 창업 교육",
            category=education,
            status="draft",
            published_at=None,
        )
        city = sign_in(browser, live_server, "city-editor")
        city.goto("/admin/programs/program/")
        run_action(city, draft.title_ko, "publish")
        expect(city.locator(".messagelist")).to_be_visible()
        assert Program.objects.get(pk=draft.pk).status == "published"

        clock.shift(60)
        assert alerts_send() == 1
        run_worker()
        [digest] = [message for message in smtp.to("founder@example.com") if "List-Unsubscribe" in message]
        assert "새 청년 창업 교육" in body(digest) and "이미 있는 교육" not in body(digest)
        program_link = re.search(r"http://testserver(/programs/\S+/)", body(digest)).group(1)
        phone.goto(program_link)
        expect(phone.locator("h1")).to_have_text("새 청년 창업 교육")

        # The mail program's one-click unsubscribe (RFC 8058): a POST, no page, no cookie.
        unsubscribe = (
            "".join(str(digest["List-Unsubscribe"]).split()).strip("<>").replace("http://testserver", live_server.url)
        )
        request = urllib.request.Request(unsubscribe, data=b"List-Unsubscribe=One-Click", method="POST")
        with urllib.request.urlopen(request) as response:  # noqa: S310 - the live test server
            assert response.status == 200

        ProgramFactory(title_ko="또 다른 교육", category=education)
        clock.shift(600)
        assert alerts_send() == 0
        assert EmailDelivery.objects.filter(key__startswith="digest:").count() == 1
