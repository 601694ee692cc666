"""The applicant's signed link (no account): the application's id and a keyed digest of its address, never the
address; valid for LINK_VALID, and asking again with the same address sends a fresh one."""

from datetime import timedelta

from core.signed import BadLink as BadLink  # what the views catch
from core.signed import ExpiredLink as ExpiredLink
from core.signed import address_digest, address_matcher, link_token, link_values
from core.site import absolute_reverse

LINK_VALID = timedelta(days=14)
SALT = "applications.link"


def token_of(application):
    return link_token(SALT, a=application.pk, h=address_digest(application.email))


def token_read(token, max_age=LINK_VALID):
    """(application id, a check of its address); raises BadLink for a tampered link, ExpiredLink (with the same
    two) for an expired one."""
    try:
        values = link_values(SALT, token, max_age)
    except ExpiredLink as expired:
        expired.application_id, expired.is_address = expired.values.get("a"), address_matcher(expired.values)
        raise
    return values.get("a"), address_matcher(values)


def application_url(application):
    return absolute_reverse("applications:application", args=[token_of(application)])
