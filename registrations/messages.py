"""The emails of registration, in the registrant's language: each says what happened, the event's time and place,
and the links that act on it (ticket, calendar file, cancel, claim). Messages a person triggered or waits for go at
once; reminders keep quiet hours (the caller passes `not_before`)."""

import io
from datetime import timedelta

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks import task

from core.mail import attachment, queue_email
from core.site import absolute_url
from programs.ical import event_calendar_bytes, event_cancellation_bytes

from . import tokens
from .models import OWNER, Registration


def qr_code(registration):
    """The ticket's QR code: the check-in link, for the organizer's phone camera. The mask is fixed (any of the
    eight is valid and scans): choosing the best costs 15 ms, made while the event's seats are locked."""
    return segno.make(tokens.check_in_url(registration), error="m", micro=False, mask=0)


def qr_png(registration):
    buffer = io.BytesIO()
    qr_code(registration).save(buffer, kind="png", scale=6, border=2)
    return buffer.getvalue()


def _subject(kind, registration):
    title = registration.event.title
    subjects = {
        "confirmed": gettext("Your ticket: %(title)s"),
        "waiting": gettext("On the waiting list: %(title)s"),
        "pending": gettext("Registration received, waiting for approval: %(title)s"),
        "offer": gettext("A seat is free for you: %(title)s"),
        "cancelled": gettext("Registration cancelled: %(title)s"),
        "declined": gettext("Registration declined: %(title)s"),
        "lapsed": gettext("The seat offered to you has passed on: %(title)s"),
        "reminder_week": gettext("In a week: %(title)s"),
        "reminder_day": gettext("Tomorrow: %(title)s"),
        "changed": gettext("New time or place: %(title)s"),
    }
    return subjects[kind] % {"title": title}


def _lead(kind, registration, position, hours):
    leads = {
        "confirmed": gettext(
            "Your registration is confirmed. Show the QR code of your ticket at the entrance: it is attached, and on "
            "your ticket's page."
        ),
        "waiting": gettext(
            "The event is full: you are number %(position)s on the waiting list. When a seat frees up, the first "
            "person waiting is emailed and has %(hours)s hours to claim it."
        ),
        "pending": gettext(
            "Your registration has been received. The organizer approves each registration for this event; you will "
            "get an email with the answer."
        ),
        "offer": gettext(
            "A seat has freed up and it is yours if you claim it within %(hours)s hours of this email. After that it "
            "passes to the next person waiting."
        ),
        "cancelled": gettext("Your registration is cancelled and your seat is free for someone else."),
        "declined": gettext("The organizer could not give you a place at this event."),
        "lapsed": gettext("The seat offered to you was not claimed in time and has passed to the next person waiting."),
        "reminder_week": gettext("A reminder: the event is in a week."),
        "reminder_day": gettext("A reminder: the event is tomorrow."),
        "changed": gettext(
            "The event's time or place has changed: the details below are the new ones. Your registration stays as "
            "it is."
        ),
    }
    return leads[kind] % {"position": position or "", "hours": hours}


def claim_window():
    return timedelta(hours=settings.REGISTRATION_CLAIM_HOURS)


def offer_key(registration):
    """The delivery-log key of an offer's email: its sending time starts the claim window (services.offer_deadline)."""
    return f"registration:{registration.pk}:offer:{int(registration.offered_at.timestamp())}"


def notify(registration, kind, key_suffix="", not_before=None):
    """Queue the message of `kind` (a status, "offer" or a reminder) once per registration and occasion."""
    kind, event = str(kind), registration.event
    with translation.override(registration.language), timezone.override(settings.TIME_ZONE):
        context = {
            "kind": kind,
            "registration": registration,
            "event": event,
            "position": registration.waiting_position(),
            "ticket_url": tokens.ticket_url(registration),
            "cancel_url": tokens.cancel_url(registration),
            "ics_url": tokens.ticket_ics_url(registration),
            "claim_url": tokens.claim_url(registration) if kind == "offer" else "",
            "active": registration.status in registration.ACTIVE,
            # Until the address is shown to be the registrant's, nothing typed in the form is emailed to it (the
            # form could carry a stranger's address), and "I did not register" is offered.
            "address_confirmed": Registration.objects.address_confirmed(registration.email),
            "not_me_url": tokens.not_me_url(registration),
            "event_url": absolute_url(event.get_absolute_url()),
        }
        context["lead"] = _lead(kind, registration, context["position"], int(claim_window().total_seconds() // 3600))
        attachments = []
        if kind == "confirmed":
            attachments = [
                attachment("ticket-qr.png", "image/png", qr_png(registration)),
                attachment("event.ics", "text/calendar", event_calendar_bytes(event)),
            ]
        elif kind == "changed" and registration.holds_seat:
            attachments = [attachment("event.ics", "text/calendar", event_calendar_bytes(event))]
        elif kind == "cancelled":  # removes the entry the ticket's calendar file added
            attachments = [attachment("cancel.ics", "text/calendar", event_cancellation_bytes(event))]
        key = offer_key(registration) if kind == "offer" else f"registration:{registration.pk}:{kind}"
        queue_email(
            registration.email,
            f"{key}:{key_suffix}" if key_suffix else key,
            _subject(kind, registration),
            render_to_string("registrations/email/message.txt", context),
            html=render_to_string("registrations/email/message.html", context),
            not_before=not_before,
            attachments=attachments,
            owner=OWNER,
        )


@task()
def notify_task(registration_id, kind, key_suffix=""):
    """The message of a change made in a request, rendered by the worker: the request holds the event's lock only
    for the seat decision, and the task row commits with it, so no message is lost."""
    registration = Registration.objects.select_related("event", "event__organizer").filter(pk=registration_id).first()
    if registration is None or registration.erased_at is not None:
        return
    if kind in Registration.Status.values and kind != registration.status:
        return  # overtaken before it was written (a waiting place offered a seat, a ticket cancelled): say the news
    notify(registration, kind, key_suffix)


def notify_soon(registration, kind, key_suffix=""):
    notify_task.enqueue(registration.pk, str(kind), key_suffix)
