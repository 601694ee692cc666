"""Signed links instead of passwords: a registration's ticket (view, calendar file, cancel, "this wasn't me"), a
waiting-list offer's claim, and the check-in link in the ticket's QR code. Each carries the row's id and a keyed digest
of the address, never the address itself (a link's payload is readable), so a link never reaches another person's
place and tells nobody whose it is."""

from datetime import timedelta

from django.core import signing
from django.urls import reverse

from core.signed import address_digest, address_matcher
from core.site import absolute_url

TICKET_VALID = timedelta(days=400)


class BadLink(Exception):
    """Tampered, expired or for a registration that no longer exists."""


def _token(salt, registration):
    return signing.dumps({"r": registration.pk, "h": address_digest(registration.email)}, salt=salt)


def token_read(salt, token):
    """(registration id, a check of its address) of a link; the check says whether a row's address is the link's."""
    try:
        values = signing.loads(token, salt=salt, max_age=TICKET_VALID)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise BadLink from error
    if not isinstance(values, dict):
        raise BadLink
    return values.get("r"), address_matcher(values)


def ticket_path(registration):
    """The ticket page on this site (where a form sends the person after registering or claiming)."""
    return reverse("registrations:ticket", args=[_token("registrations.ticket", registration)])


def ticket_url(registration):
    return absolute_url(ticket_path(registration))


def cancel_url(registration):
    return absolute_url(reverse("registrations:cancel", args=[_token("registrations.ticket", registration)]))


def ticket_ics_url(registration):
    return absolute_url(reverse("registrations:ticket_ics", args=[_token("registrations.ticket", registration)]))


def not_me_url(registration):
    """For the first messages to an address nobody has confirmed: "I did not register", which cancels the place and
    keeps the address from being registered for this event again."""
    return absolute_url(reverse("registrations:not_me", args=[_token("registrations.ticket", registration)]))


def claim_url(registration):
    return absolute_url(reverse("registrations:claim", args=[_token("registrations.ticket", registration)]))


def check_in_url(registration):
    """What the ticket's QR code holds: staff of the organizing institute open it with a phone's camera."""
    return absolute_url(reverse("registrations:check_in", args=[_token("registrations.check-in", registration)]))
