"""Signed links instead of passwords: a registration's ticket (view, calendar file, cancel, "this wasn't me"), a
waiting-list offer's claim, and the check-in link in the ticket's QR code. Each carries the row's id and a keyed digest
of the address, never the address itself (a link's payload is readable), so a link never reaches another person's
place and tells nobody whose it is."""

from datetime import timedelta

from django.urls import reverse

from core.signed import BadLink as BadLink  # what the views catch
from core.signed import address_digest, address_matcher, link_token, link_values
from core.site import absolute_reverse, absolute_url

TICKET_VALID = timedelta(days=400)


def _token(salt, registration):
    return link_token(salt, r=registration.pk, h=address_digest(registration.email))


def token_read(salt, token):
    """(registration id, a check of its address) of a link; the check says whether a row's address is the link's."""
    values = link_values(salt, token, TICKET_VALID)
    return values.get("r"), address_matcher(values)


def ticket_path(registration):
    """The ticket page on this site (where a form sends the person after registering or claiming)."""
    return reverse("registrations:ticket", args=[_token("registrations.ticket", registration)])


def ticket_url(registration):
    return absolute_url(ticket_path(registration))


def cancel_url(registration):
    return absolute_reverse("registrations:cancel", args=[_token("registrations.ticket", registration)])


def ticket_ics_url(registration):
    return absolute_reverse("registrations:ticket_ics", args=[_token("registrations.ticket", registration)])


def not_me_url(registration):
    """For the first messages to an address nobody has confirmed: "I did not register", which cancels the place and
    keeps the address from being registered for this event again."""
    return absolute_reverse("registrations:not_me", args=[_token("registrations.ticket", registration)])


def claim_url(registration):
    return absolute_reverse("registrations:claim", args=[_token("registrations.ticket", registration)])


def check_in_url(registration):
    """What the ticket's QR code holds: staff of the organizing institute open it with a phone's camera."""
    return absolute_reverse("registrations:check_in", args=[_token("registrations.check-in", registration)])
