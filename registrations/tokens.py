"""Signed links instead of passwords: a registration's ticket (view, calendar file, cancel), a waiting-list offer's
claim, and the check-in link in the ticket's QR code. Each names the address as well as the row, so a link never
reaches another person's place."""

from datetime import timedelta

from django.core import signing
from django.urls import reverse

from core.site import absolute_url

TICKET_VALID = timedelta(days=400)


class BadLink(Exception):
    """Tampered, expired or for a registration that no longer exists."""


def _token(salt, registration):
    return signing.dumps({"r": registration.pk, "e": registration.email}, salt=salt, compress=True)


def token_read(salt, token):
    """(registration id, email) of a link."""
    try:
        values = signing.loads(token, salt=salt, max_age=TICKET_VALID)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise BadLink from error
    if not isinstance(values, dict):
        raise BadLink
    return values.get("r"), values.get("e")


def ticket_path(registration):
    """The ticket page on this site (where a form sends the person after registering or claiming)."""
    return reverse("registrations:ticket", args=[_token("registrations.ticket", registration)])


def ticket_url(registration):
    return absolute_url(ticket_path(registration))


def cancel_url(registration):
    return absolute_url(reverse("registrations:cancel", args=[_token("registrations.ticket", registration)]))


def ticket_ics_url(registration):
    return absolute_url(reverse("registrations:ticket_ics", args=[_token("registrations.ticket", registration)]))


def claim_url(registration):
    return absolute_url(reverse("registrations:claim", args=[_token("registrations.ticket", registration)]))


def check_in_url(registration):
    """What the ticket's QR code holds: staff of the organizing institute open it with a phone's camera."""
    return absolute_url(reverse("registrations:check_in", args=[_token("registrations.check-in", registration)]))
