"""Registering for an event in a browser on a phone, with the emails received by a real SMTP server: one person
registers and gets the ticket, the next joins the waiting list, the first cancels from the email, the second gets the
offer and claims it; at the door, the organizer's staff check the ticket in by its QR link, and another institute's
staff are refused."""

import re
from datetime import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from core.roles import PARTNER_EDITORS, roles_create
from registrations.models import Registration
from registrations.tokens import check_in_url
from tests.browser.test_curation_flow import sign_in
from tests.clock import SEOUL
from tests.factories import EventFactory, PartnerFactory, staff_in
from tests.worker import run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def link(message, path):
    body = message.get_body(("plain",)).get_content()
    return re.search(rf"http://testserver(/tickets/[^/\s]+/{path})(?=\s)", body).group(1)


def register(page, name, email):
    page.locator("#id_name").fill(name)
    page.locator("#id_email").fill(email)
    page.locator("#id_consent").check()
    page.get_by_role("button", name="참가 신청").click()


def test_register_cancel_offer_claim_and_check_in(browser, live_server, smtp):
    roles_create(Group, Permission)
    organizer, elsewhere = PartnerFactory(slug="gjtp"), PartnerFactory(slug="elsewhere")
    staff_in(PARTNER_EDITORS, organizer, username="organizer-staff")
    staff_in(PARTNER_EDITORS, elsewhere, username="other-staff")
    with time_machine.travel(datetime(2026, 3, 10, 10, 0, tzinfo=SEOUL), tick=True):
        event = EventFactory(
            slug="demo-day", title_ko="데모데이", organizer=organizer, registration_mode="portal", capacity=1
        )
        first = browser.new_context(viewport={"width": 360, "height": 740}, base_url=live_server.url).new_page()
        first.set_default_timeout(10_000)
        first.goto(event.get_absolute_url())
        first.get_by_role("link", name="참가 신청 (약 1석 남음)").click()
        expect(first.locator("#seats")).to_have_text("1석 남았습니다.")
        register(first, "김첫째", "first@example.com")
        expect(first.locator("h1")).to_have_text("이메일을 확인해 주세요")  # the ticket goes to the address only
        expect(first.locator("[role=status]")).to_contain_text("first@example.com")

        second = browser.new_context(viewport={"width": 360, "height": 740}, base_url=live_server.url).new_page()
        second.set_default_timeout(10_000)
        second.goto(f"/events/{event.slug}/register/")
        register(second, "이둘째", "second@example.com")

        run_worker()
        [ticket] = smtp.to("first@example.com")
        assert ticket.get_content_maintype() == "multipart"
        first.goto(link(ticket, ""))
        expect(first.locator("[role=status]")).to_contain_text("확정")
        expect(first.locator(".portal-ticket-qr svg")).to_be_visible()
        [waiting] = smtp.to("second@example.com")
        second.goto(link(waiting, ""))
        expect(second.locator("[role=status]")).to_contain_text("대기자 명단 1번")
        first.goto(link(ticket, "cancel/"))
        first.get_by_role("button", name="신청 취소").click()
        expect(first.locator("h1")).to_have_text("신청이 취소되었습니다")

        run_worker()
        offer = smtp.to("second@example.com")[-1]
        assert "좌석이 났습니다" in offer["Subject"]
        second.goto(link(offer, "claim/"))
        second.get_by_role("button", name="좌석 받기").click()
        expect(second.locator("[role=status]")).to_contain_text("확정")

        claimed = Registration.objects.get(email="second@example.com")
        door = check_in_url(claimed).removeprefix("http://testserver")
        anonymous = browser.new_context(base_url=live_server.url).new_page()
        anonymous.goto(door)
        expect(anonymous.locator("#id_username")).to_be_visible()  # sent to sign in first
        refused = sign_in(browser, live_server, "other-staff")
        assert refused.goto(door).status == 403
        staff = sign_in(browser, live_server, "organizer-staff")
        staff.goto(door)
        expect(staff.locator("#registrant")).to_have_text("이둘째")
        staff.get_by_role("button", name="입장 확인").click()
        expect(staff.locator("[role=status]")).to_contain_text("입장 확인했습니다")
        staff.goto(door)
        expect(staff.locator("[role=status]")).to_contain_text("이미")
