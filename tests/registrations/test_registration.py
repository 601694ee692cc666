"""Registering for an event on the portal, through a real SMTP server: an answer at once, the ticket by email (QR
code and calendar file), one-click cancel, the waiting list's offers in order, claims, expiry, reminders, retention."""

import re
from datetime import timedelta
from email import policy
from email.parser import BytesParser

import pytest
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from core.models import EmailDelivery
from registrations import services
from registrations.models import Registration
from tests.registrations.conftest import link, register
from tests.worker import run_worker

pytestmark = pytest.mark.django_db

Status = Registration.Status


def test_the_event_page_offers_registration_with_the_seats_left(client, event):
    page = client.get(event.get_absolute_url()).content.decode()
    assert f'href="/events/{event.slug}/register/"' in page
    assert "약 2석" in page or "2 seats" in page or "2석" in page
    form = client.get(f"/en/events/{event.slug}/register/")
    assert form.status_code == 200 and "2 seats left" in form.content.decode()
    assert "no-store" in form["Cache-Control"]


def test_registering_confirms_at_once_and_emails_the_ticket(client, event, smtp):
    response = register(client, event, "Founder@Example.com")
    registration = Registration.objects.get()
    assert registration.status == Status.CONFIRMED and registration.email == "founder@example.com"
    answer = response.content.decode()
    assert response.status_code == 200 and "Founder@Example.com" in answer and "/tickets/" not in answer
    run_worker()
    (message,) = smtp.to("founder@example.com")
    ticket = client.get(link(message, ""))
    assert ticket.status_code == 200 and "<svg" in ticket.content.decode()
    parsed = BytesParser(policy=policy.default).parsebytes(message.as_bytes())
    files = {part.get_filename(): part for part in parsed.iter_attachments()}
    assert files["ticket-qr.png"].get_content()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "BEGIN:VEVENT" in files["event.ics"].get_content()
    ticket_page = client.get(link(message, ""))
    calendar = re.search(r'href="(/tickets/[^"]+/calendar.ics)"', ticket_page.content.decode()).group(1)
    assert client.get(calendar)["Content-Type"].startswith("text/calendar")


def test_a_full_event_puts_people_on_the_waiting_list_in_order(client, event):
    for number in range(4):
        register(client, event, f"person{number}@example.com")
    statuses = list(Registration.objects.order_by("queued_at", "pk").values_list("status", flat=True))
    assert statuses == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITING, Status.WAITING]
    third = Registration.objects.get(email="person2@example.com")
    fourth = Registration.objects.get(email="person3@example.com")
    assert (third.waiting_position(), fourth.waiting_position()) == (1, 2)
    page = client.get(f"/en/events/{event.slug}/register/").content.decode()
    assert "The event is full" in page


def test_overbooking_adds_seats(client, event):
    event.capacity, event.overbooking_percent = 10, 20
    event.save()
    for number in range(13):
        register(client, event, f"person{number}@example.com")
    assert Registration.objects.filter(status=Status.CONFIRMED).count() == 12


def test_cancelling_frees_the_seat_and_the_first_person_waiting_is_offered_it(client, event, smtp, clock):
    for number in range(4):
        register(client, event, f"person{number}@example.com")
    run_worker()
    cancel_url = link(smtp.to("person0@example.com")[0], "cancel")
    assert client.get(cancel_url).status_code == 200  # a mail scanner's GET changes nothing
    assert Registration.objects.get(email="person0@example.com").status == Status.CONFIRMED
    assert client.post(cancel_url).status_code == 200
    assert Registration.objects.get(email="person0@example.com").status == Status.CANCELLED
    assert Registration.objects.get(email="person2@example.com").status == Status.OFFERED
    assert Registration.objects.get(email="person3@example.com").status == Status.WAITING
    run_worker()
    offer = smtp.to("person2@example.com")[-1]
    claim_url = link(offer, "claim")
    assert client.post(claim_url).status_code == 302
    assert client.post(claim_url).status_code == 302  # a double click changes nothing
    assert Registration.objects.get(email="person2@example.com").status == Status.CONFIRMED
    assert Registration.objects.holding_seats().count() == 2


def test_an_unclaimed_offer_passes_to_the_next_person_after_the_window(client, event, smtp, clock):
    for number in range(4):
        register(client, event, f"person{number}@example.com")
    services.cancel(Registration.objects.get(email="person0@example.com"))
    run_worker()  # the offer is sent now: the 24 hours run from here
    clock.shift(timedelta(hours=23))
    assert services.offers_expire() == 0
    clock.shift(timedelta(hours=1, seconds=1))
    assert services.offers_expire() == 1
    assert Registration.objects.get(email="person2@example.com").status == Status.LAPSED
    assert Registration.objects.get(email="person3@example.com").status == Status.OFFERED
    run_worker()
    late = client.post(link(smtp.to("person2@example.com")[-2], "claim"))
    assert late.status_code == 409 and "no longer open" in late.content.decode() or "더 이상" in late.content.decode()
    assert Registration.objects.holding_seats().count() == 2


def test_an_offer_waits_for_its_email_before_its_window_starts(client, event, clock):
    for number in range(3):
        register(client, event, f"person{number}@example.com")
    services.cancel(Registration.objects.get(email="person0@example.com"))
    clock.shift(timedelta(hours=30))  # the worker was down: nothing sent yet
    assert services.offers_expire() == 0
    assert Registration.objects.get(email="person2@example.com").status == Status.OFFERED


def test_offers_stop_when_registration_closes(client, event, clock):
    for number in range(3):
        register(client, event, f"person{number}@example.com")
    event.registration_closes_at = event.starts_at - timedelta(days=5)
    event.save()
    clock.shift(timedelta(days=6))
    services.cancel(Registration.objects.get(email="person0@example.com"))
    assert Registration.objects.get(email="person2@example.com").status == Status.WAITING
    assert "신청 마감" in client.get(event.get_absolute_url()).content.decode()
    page = client.get(f"/en/events/{event.slug}/register/")
    assert "Registration for this event is closed." in page.content.decode()
    assert register(client, event, "late@example.com").status_code == 409


def test_more_capacity_offers_the_new_seats(client, event, django_capture_on_commit_callbacks):
    for number in range(4):
        register(client, event, f"person{number}@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        event.capacity = 3
        event.save()
    assert Registration.objects.get(email="person2@example.com").status == Status.OFFERED
    assert Registration.objects.get(email="person3@example.com").status == Status.WAITING


def test_the_same_address_cannot_hold_two_places(client, event, smtp):
    first = register(client, event, "twice@example.com")
    again = register(client, event, "twice@example.com")
    assert again.status_code == first.status_code == 200
    assert again.content == first.content  # the page does not tell whether the address already had a place
    assert Registration.objects.count() == 1
    run_worker()
    assert len(smtp.to("twice@example.com")) == 2  # the ticket again, to the address, never to the page


def test_one_client_cannot_take_every_seat(client, event, settings):
    settings.REGISTRATIONS_PER_IP_PER_HOUR = 3
    event.capacity = 50
    event.save()
    answers = [register(client, event, f"bot{number}@example.com").status_code for number in range(5)]
    assert answers == [200, 200, 200, 429, 429]
    assert Registration.objects.count() == 3


def test_bad_input_keeps_what_was_typed(client, event):
    response = client.post(f"/events/{event.slug}/register/", {"name": "홍길동", "email": "not-an-address"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="홍길동"' in page and 'value="not-an-address"' in page
    assert not Registration.objects.exists()


def test_tampered_links_and_unknown_events_give_clear_pages(client, event):
    register(client, event, "person@example.com")
    for path in ("/tickets/nonsense/", "/tickets/nonsense/cancel/", "/en/tickets/x/claim/", "/check-in/forged/"):
        response = client.get(path)
        assert response.status_code == 400, path
    assert client.get("/events/no-such-event/register/").status_code == 404
    event.registration_mode = "link"
    event.save()
    assert client.get(f"/events/{event.slug}/register/").status_code == 404


def test_approval_events_wait_for_the_editor(client, event, smtp):
    event.registration_needs_approval = True
    event.save()
    register(client, event, "selective@example.com")
    registration = Registration.objects.get()
    assert registration.status == Status.PENDING
    run_worker()  # "received, waiting for approval" goes out at once
    assert services.approve(registration) is True
    assert Registration.objects.get().status == Status.CONFIRMED
    run_worker()
    subjects = [message["Subject"] for message in smtp.to("selective@example.com")]
    assert len(subjects) == 2 and "승인" in subjects[0] and "티켓" in subjects[1]


def test_reminders_a_week_and_a_day_before_outside_quiet_hours_once_each(client, event, smtp, clock):
    register(client, event, "early@example.com")
    clock.shift(timedelta(days=8))  # 5 days before: the week reminder is due, once
    assert services.reminders_send() == 1
    assert services.reminders_send() == 0
    clock.shift(timedelta(days=1, hours=10))  # 22:00, the day before: quiet hours
    assert services.reminders_send() == 0
    clock.shift(timedelta(hours=10))  # 08:00: 1 day reminder
    assert services.reminders_send() == 1
    run_worker()
    subjects = [message["Subject"] for message in smtp.to("early@example.com")]
    assert len(subjects) == 3


def test_an_event_moved_after_its_reminders_is_reminded_again_for_its_new_day(client, event, smtp, clock):
    register(client, event, "early@example.com")
    first_start = event.starts_at
    clock.shift(event.starts_at - timezone.now() - timedelta(hours=20))  # the day before, outside quiet hours
    assert services.reminders_send() == 1  # the day's reminder (registered early, but the week's passed unnoticed)
    event.starts_at += timedelta(days=14)  # postponed by two weeks, in the admin
    event.ends_at += timedelta(days=14)
    event.save()
    assert services.reminders_send() == 0  # nothing is due for the new day yet
    clock.shift(timedelta(days=9))  # five days before the new day
    assert services.reminders_send() == 1  # the week's reminder, for the new day
    clock.shift(timedelta(days=5))  # 20 hours before the new start
    assert services.reminders_send() == 1
    assert services.reminders_send() == 0  # still once each
    run_worker()
    subjects = [message["Subject"] for message in smtp.to("early@example.com")]
    assert len(subjects) == 4  # the ticket, then the first day's and the new day's two reminders
    registration = Registration.objects.get()
    assert registration.week_reminder_for == registration.day_reminder_for == event.starts_at != first_start


def test_registering_within_the_week_gets_no_week_reminder(client, event, clock):
    clock.shift(timedelta(days=5))
    register(client, event, "late@example.com")
    clock.shift(timedelta(hours=2))
    assert services.reminders_send() == 0


def test_retention_erases_personal_data_and_keeps_the_counts(client, event, clock, settings):
    for number in range(3):
        register(client, event, f"person{number}@example.com")
    run_worker()
    clock.shift(timedelta(days=10 + settings.REGISTRATION_RETENTION_DAYS + 1))
    call_command("erase_registrations")
    rows = Registration.objects.all()
    assert rows.count() == 3 and not rows.filter(email__isnull=False).exists()
    assert set(rows.values_list("name", "phone", "organisation")) == {("", "", "")}
    assert rows.filter(status=Status.CONFIRMED).count() == 2 and rows.filter(business_years="0-3").count() == 3
    assert not EmailDelivery.objects.filter(key__startswith="registration:").exists()


def test_a_message_overtaken_before_it_was_written_is_not_sent(client, event, smtp):
    register(client, event, "quick@example.com")
    services.cancel(Registration.objects.get())  # before the worker wrote the ticket
    run_worker()
    subjects = [message["Subject"] for message in smtp.to("quick@example.com")]
    assert len(subjects) == 1 and "취소" in subjects[0]


def test_the_cancellation_email_removes_the_calendar_entry_the_ticket_added(client, event, smtp):
    register(client, event, "founder@example.com")
    run_worker()
    (ticket,) = smtp.to("founder@example.com")
    services.cancel(Registration.objects.get())
    run_worker()
    cancellation = smtp.to("founder@example.com")[-1]

    def calendar_of(message):
        parsed = BytesParser(policy=policy.default).parsebytes(message.as_bytes())
        [file] = [part for part in parsed.iter_attachments() if part.get_filename().endswith(".ics")]
        return Calendar.from_ical(file.get_content())

    added, removed = calendar_of(ticket), calendar_of(cancellation)
    [entry] = added.walk("VEVENT")
    [cancelled] = removed.walk("VEVENT")
    assert (added["METHOD"], removed["METHOD"]) == ("PUBLISH", "CANCEL")
    assert cancelled["UID"] == entry["UID"] and cancelled["STATUS"] == "CANCELLED"
    assert int(cancelled["SEQUENCE"]) >= int(entry["SEQUENCE"])
