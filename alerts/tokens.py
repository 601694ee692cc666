"""Signed links instead of passwords: confirming an alert (valid 48 hours), managing an address's alerts, and the
one-click unsubscribe. Each carries its row's id and a keyed digest of the address (core.signed), never the address,
so a link never reaches another address and tells nobody whose it is."""

from datetime import timedelta

from core.signed import BadLink as BadLink  # what the views catch
from core.signed import address_digest, address_matcher, link_token, link_values
from core.site import absolute_reverse

CONFIRM_HOURS = 48
CONFIRM_VALID = timedelta(hours=CONFIRM_HOURS)
MANAGE_VALID = timedelta(days=400)  # a link in last year's email still works


def confirm_url(alert):
    token = link_token("alerts.confirm", a=alert.pk, h=address_digest(alert.subscriber.email))
    return absolute_reverse("alerts:confirm", args=[token])


def confirm_token_read(token):
    """(alert id, a check of its address) of a confirmation link."""
    values = link_values("alerts.confirm", token, CONFIRM_VALID)
    return values.get("a"), address_matcher(values)


def manage_url(subscriber):
    token = link_token("alerts.manage", s=subscriber.pk, h=address_digest(subscriber.email))
    return absolute_reverse("alerts:manage", args=[token])


def unsubscribe_url(subscriber, alert=None):
    """One click: this alert only, or everything of the address when `alert` is None."""
    digest = address_digest(subscriber.email)
    token = link_token("alerts.unsubscribe", s=subscriber.pk, h=digest, a=alert.pk if alert else None)
    return absolute_reverse("alerts:unsubscribe", args=[token])


def subscriber_token_read(salt, token):
    """(subscriber id, a check of its address, alert id or None) of a manage or unsubscribe link."""
    values = link_values(salt, token, MANAGE_VALID)
    return values.get("s"), address_matcher(values), values.get("a")
