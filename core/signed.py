"""What a signed link says about an email address: a keyed digest, never the address.

A signed link's payload is only base64, readable by anyone who sees the link (a forwarded email, a proxy's log, a
QR code): so links carry a row's id and this digest, and the view checks the digest against the row's address.
"""

from django.utils.crypto import constant_time_compare, salted_hmac


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
