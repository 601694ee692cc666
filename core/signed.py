"""Signed links instead of passwords (alerts, registrations), made and read one way.

A signed link's payload is only base64, readable by anyone who sees the link (a forwarded email, a proxy's log, a
QR code): so links carry a row's id and a keyed digest of the email address, never the address, and the view checks
the digest against the row's address.
"""

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac


class BadLink(Exception):
    """Tampered, expired, or for something that no longer exists."""


class ExpiredLink(BadLink):
    """Signed by us, but older than it may be: its values, for a page that offers to send a fresh link."""

    def __init__(self, values):
        super().__init__("expired")
        self.values = values


def link_token(salt, **values):
    """The signed token of a link: `values` (ids, an address digest), signed for one purpose (`salt`)."""
    return signing.dumps(values, salt=salt)


def link_values(salt, token, max_age):
    """The values a link's token carries; raises BadLink when it was tampered with, is older than `max_age` or was
    signed for another purpose."""
    try:
        values = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        values = signing.loads(token, salt=salt)
        if not isinstance(values, dict):
            raise BadLink from error
        raise ExpiredLink(values) from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise BadLink from error
    if not isinstance(values, dict):
        raise BadLink
    return values


def address_digest(email):
    """A keyed digest of an address: the same for the same address, and no way back to it without the secret key."""
    return salted_hmac("core.signed.address", (email or "").strip().lower(), algorithm="sha256").hexdigest()[:32]


def address_matcher(values):
    """From a link's payload, a check of whether a row's address is the link's. Links sent before the digest carried
    the address itself ("e"); they keep working until they expire."""
    if "h" in values:
        digest = str(values["h"])
        return lambda email: bool(email) and constant_time_compare(address_digest(email), digest)
    legacy = values.get("e")
    return lambda email: bool(email) and bool(legacy) and email == legacy
