"""Signed links instead of passwords: confirming an alert (valid 48 hours), managing an address's alerts, and the
one-click unsubscribe. Each names the address as well as its row, so a link never reaches another address."""

from datetime import timedelta

from django.core import signing
from django.urls import reverse

from core.site import absolute_url

CONFIRM_VALID = timedelta(hours=48)
MANAGE_VALID = timedelta(days=400)  # a link in last year's email still works


class BadLink(Exception):
    """Tampered, expired or for something that no longer exists."""


def _dumps(salt, **values):
    return signing.dumps(values, salt=salt, compress=True)


def _loads(salt, token, max_age):
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise BadLink from error


def confirm_url(alert):
    token = _dumps("alerts.confirm", a=alert.pk, e=alert.subscriber.email)
    return absolute_url(reverse("alerts:confirm", args=[token]))


def confirm_token_read(token):
    """(alert id, email) of a confirmation link."""
    values = _loads("alerts.confirm", token, CONFIRM_VALID)
    return values.get("a"), values.get("e")


def manage_url(subscriber):
    token = _dumps("alerts.manage", s=subscriber.pk, e=subscriber.email)
    return absolute_url(reverse("alerts:manage", args=[token]))


def unsubscribe_url(subscriber, alert=None):
    """One click: this alert only, or everything of the address when `alert` is None."""
    token = _dumps("alerts.unsubscribe", s=subscriber.pk, e=subscriber.email, a=alert.pk if alert else None)
    return absolute_url(reverse("alerts:unsubscribe", args=[token]))


def subscriber_token_read(salt, token):
    """(subscriber id, email, alert id or None) of a manage or unsubscribe link."""
    values = _loads(salt, token, MANAGE_VALID)
    return values.get("s"), values.get("e"), values.get("a")
