"""Reviewers' accounts: an invitation by a signed link, which sets the password and an authenticator app (TOTP,
through django-otp) and hands out recovery codes once; signing in asks for the password and a one-time code. The
account is never staff: it reaches only the reviewer area."""

import uuid
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.mail import queue_email
from core.signed import BadLink, link_token, link_values
from core.site import absolute_reverse

from .models import OWNER, Reviewer

INVITATION_VALID = timedelta(days=7)
INVITATION_SALT = "applications.reviewer-invitation"
RECOVERY_CODES = 10


def _account_state(user):
    """Changes whenever the password does (set, or reset to a new unusable one): older invitations stop working."""
    return salted_hmac(INVITATION_SALT, user.password).hexdigest()[:16]


def invitation_token(reviewer):
    return link_token(INVITATION_SALT, r=reviewer.pk, s=_account_state(reviewer.user))


def invitation_read(token):
    """The reviewer the link invites, or None (tampered, expired, or already used: the password is set)."""
    try:
        values = link_values(INVITATION_SALT, token, INVITATION_VALID)
    except BadLink:  # ExpiredLink too
        return None
    reviewer = Reviewer.objects.select_related("user").filter(pk=values.get("r")).first()
    if reviewer is None or reviewer.user.has_usable_password():
        return None
    if not constant_time_compare(values.get("s", ""), _account_state(reviewer.user)):
        return None  # sent before a reset
    return reviewer


def reviewer_invite(*, reviewer, language="ko"):
    """Email the invitation (a new link each time, valid INVITATION_VALID)."""
    with translation.override(language):
        url = absolute_reverse("applications:reviewer_welcome", args=[invitation_token(reviewer)])
        context = {"reviewer": reviewer, "institute": reviewer.institute, "url": url, "days": INVITATION_VALID.days}
        queue_email(
            reviewer.user.email,
            f"reviewer:{reviewer.pk}:invitation:{uuid.uuid4().hex}",
            gettext("Invitation to evaluate for %(institute)s") % {"institute": reviewer.institute},
            render_to_string("applications/email/reviewer_invitation.txt", context),
            owner=OWNER,
        )


def reviewer_reset(*, reviewer):
    """A reviewer who lost their phone and codes: no password, no devices, signed out everywhere; invite again."""
    with transaction.atomic():
        user = reviewer.user
        user.set_unusable_password()
        user.save(update_fields=["password"])
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def reviewer_erase(*, reviewer):
    """A reviewer's personal data erased (name, affiliation, address, account); their code, assignments,
    declarations and scores stay, as the institute's evaluation record names reviewers by code only."""
    with transaction.atomic():
        reviewer_reset(reviewer=reviewer)
        user = reviewer.user
        user.email, user.first_name, user.last_name, user.is_active = "", "", "", False
        user.save(update_fields=["email", "first_name", "last_name", "is_active"])
        reviewer.name, reviewer.affiliation = "", ""
        reviewer.save(update_fields=["name", "affiliation"])


def authenticator_for(reviewer):
    """The reviewer's authenticator device, made unconfirmed on first use: its secret is shown until confirmed."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=reviewer.user, name="authenticator", defaults={"confirmed": False}
    )
    return device


def reviewer_activate(*, reviewer, password, device):
    """Set the password, confirm the authenticator and make the recovery codes; returns the codes (shown once)."""
    with transaction.atomic():
        user = reviewer.user
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return recovery_codes_renew(user=user)


def recovery_codes_renew(*, user):
    """A new set of single-use recovery codes (the old set stops working)."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name="recovery")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def reviewer_by_email(email):
    """The active reviewer's account with this address, or None."""
    users = get_user_model().objects.filter(email__iexact=email.strip(), is_active=True, reviewer__isnull=False)
    return users.first()


def code_check(user, code):
    """The device that accepts `code` (the authenticator's, or an unused recovery code, then spent), or None."""
    return match_token(user, code.replace(" ", "").strip())
