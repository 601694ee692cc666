"""Registration cannot be used to mail strangers or to learn about them (trust review, second round, findings 6, 7,
8, 12, 13 and 14): plain one-line names without links, first messages that carry nothing the visitor typed and offer
"I did not register", the same answer whether or not an address has a place, links that go only to the address and
never carry it, and an erasure that leaves no name in the admin's log."""

import base64
import json
from datetime import timedelta

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.management import call_command

from core.signed import address_digest
from registrations import tokens
from registrations.models import RefusedAddress, Registration
from tests.factories import EventFactory
from tests.registrations.conftest import link, register
from tests.worker import run_worker

pytestmark = pytest.mark.django_db

Status = Registration.Status


@pytest.mark.parametrize(
    "field, value",
    [
        ("name", "홍길동 http://evil.example/win"),
        ("name", "당첨! www.prize-now"),
        ("name", "홍길동\n무료 상품권을 받으세요"),
        ("name", "홍길동\u202e"),
        ("organisation", "evil.com 바로가기"),
        ("organisation", "회사\x1b[2J"),
        ("organisation", "회사\x07"),
        ("phone", "010\r\n1234"),
    ],
)
def test_names_and_organisations_with_links_or_control_characters_are_refused(client, event, field, value):
    data = {"name": "홍길동", "email": "someone@example.com", "consent": "on", field: value}
    response = client.post(f"/events/{event.slug}/register/", data)
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_the_first_email_to_an_unconfirmed_address_carries_nothing_typed_and_offers_not_me(client, event, smtp):
    register(client, event, "stranger@example.com", name="김아무개 상품권당첨")
    run_worker()
    (message,) = smtp.to("stranger@example.com")
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "상품권당첨" not in text and "상품권당첨" not in html and "상품권당첨" not in message["Subject"]
    assert event.title_ko in text
    assert link(message, "not-me")


def test_once_the_address_opened_a_link_its_messages_name_the_registrant(client, event, smtp):
    register(client, event, "owner@example.com", name="김주인")
    run_worker()
    (ticket,) = smtp.to("owner@example.com")
    assert client.get(link(ticket, "")).status_code == 200  # the owner opens the ticket
    client.post(link(ticket, "cancel"))
    run_worker()
    cancelled = smtp.to("owner@example.com")[-1].get_body(("plain",)).get_content()
    assert "김주인" in cancelled and "not-me" not in cancelled


def test_not_me_cancels_blocks_the_address_for_the_event_and_sends_nothing_more(client, event, clock, smtp):
    register(client, event, "victim@example.com")
    run_worker()
    (message,) = smtp.to("victim@example.com")
    not_me = link(message, "not-me")
    assert client.get(not_me).status_code == 200
    assert Registration.objects.get().status == Status.CONFIRMED  # a mail scanner's GET changes nothing
    assert client.post(not_me).status_code == 200
    assert Registration.objects.get().status == Status.CANCELLED
    assert RefusedAddress.objects.filter(event=event).count() == 1
    again = register(client, event, "victim@example.com")
    assert again.status_code == 200 and Registration.objects.count() == 1
    run_worker()
    assert [m["Subject"] for m in smtp.to("victim@example.com")] == [message["Subject"]]  # no notice, no 2nd ticket
    elsewhere = EventFactory(slug="other-day", organizer=event.organizer, registration_mode="portal", capacity=5)
    register(client, elsewhere, "victim@example.com")
    assert Registration.objects.filter(event=elsewhere).count() == 1  # only that event is blocked


def test_the_answer_is_the_same_whether_or_not_the_address_has_a_place(client, event, smtp):
    newcomer = register(client, event, "new@example.com")
    register(client, event, "held@example.com")
    holder = register(client, event, "held@example.com")
    assert newcomer.status_code == holder.status_code == 200
    assert newcomer.content.decode().replace("new@", "held@") == holder.content.decode()
    for answer in (newcomer, holder):
        assert "/tickets/" not in answer.content.decode() and "Location" not in answer  # no link to the browser


def test_the_link_that_manages_a_place_reaches_only_the_address(client, event, smtp):
    register(client, event, "first@example.com")  # whoever registered first sees no link
    run_worker()
    (message,) = smtp.to("first@example.com")
    assert client.get(link(message, "")).status_code == 200


def payload(url):
    token = url.rstrip("/").split("/")[-1] if "/tickets/" not in url else url.split("/tickets/")[1].split("/")[0]
    if "/check-in/" in url:
        token = url.split("/check-in/")[1].strip("/")
    body = token.split(":")[0]
    return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode()


def test_links_carry_no_address(event):
    registration = Registration.objects.create(event=event, name="김", email="private.person@example.com")
    urls = [
        tokens.ticket_url(registration),
        tokens.cancel_url(registration),
        tokens.claim_url(registration),
        tokens.not_me_url(registration),
        tokens.check_in_url(registration),
    ]
    for url in urls:
        decoded = payload(url)
        assert json.loads(decoded)["r"] == registration.pk
        assert "private" not in decoded and "example.com" not in decoded


def test_a_link_sent_before_the_digest_still_works_and_a_tampered_one_does_not(client, event):
    registration = Registration.objects.create(event=event, name="김", email="old@example.com")
    legacy = signing.dumps({"r": registration.pk, "e": "old@example.com"}, salt="registrations.ticket", compress=True)
    assert client.get(f"/tickets/{legacy}/").status_code == 200
    other = signing.dumps({"r": registration.pk, "e": "other@example.com"}, salt="registrations.ticket")
    assert client.get(f"/tickets/{other}/").status_code == 400
    forged = signing.dumps({"r": registration.pk, "h": address_digest("other@example.com")}, salt="x")
    assert client.get(f"/tickets/{forged}/").status_code == 400


def test_erasure_leaves_no_name_in_the_admins_log(client, event, clock, settings, city_editor):
    register(client, event, "named@example.com", name="김지워짐")
    registration = Registration.objects.get()
    LogEntry.objects.log_actions(
        user_id=city_editor.pk, queryset=[registration], action_flag=CHANGE, change_message="이름 바꿈: 김지워짐"
    )
    content_type = ContentType.objects.get_for_model(Registration)
    assert "김지워짐" in LogEntry.objects.get(content_type=content_type).object_repr
    clock.shift(timedelta(days=10 + settings.REGISTRATION_RETENTION_DAYS + 1))
    call_command("erase_registrations")
    entry = LogEntry.objects.get(content_type=content_type)
    assert "김지워짐" not in entry.object_repr and "김지워짐" not in entry.change_message
    assert entry.action_flag == CHANGE  # what was done stays
