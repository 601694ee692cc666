"""Registration for events on the portal (issue: registration): a seat, a place on the waiting list, a ticket.

A Registration is one person's place in one event. Seats are held by confirmed registrations and by open offers to
the waiting list; `registrations.services` changes them only while holding the event's row lock, so concurrent
requests are served one at a time in the order they arrive and the seats are never exceeded.
"""

import hashlib
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.ownership import InstituteOwned, InstituteOwnedQuerySet
from core.text import no_links, single_line

# This app's name on its rows of the outbox (core.holders): it erases only those.
OWNER = "registrations"


class BusinessYears(models.TextChoices):
    NOT_YET = "none", _("Not founded yet")
    UNDER_3 = "0-3", _("Under 3 years")
    UNDER_7 = "3-7", _("3 to 7 years")
    OVER_7 = "7+", _("Over 7 years")


# What a registrant is told of the event and must hear again when it changes: when and where.
TOLD_FIELDS = (
    "starts_at", "ends_at", "venue_name_ko", "venue_name_en", "venue_address_ko", "venue_address_en", "online_url"
)  # fmt: skip


def told_details(event):
    """A short fingerprint of the event's time and place (the same instant in any time zone gives the same one)."""
    values = [getattr(event, name) for name in TOLD_FIELDS]
    text = "\n".join(str(value.timestamp()) if isinstance(value, datetime) else value or "" for value in values)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class RegistrationQuerySet(InstituteOwnedQuerySet):
    def holding_seats(self):
        return self.filter(status__in=Registration.HOLDING)

    def active(self):
        return self.filter(status__in=Registration.ACTIVE)

    def waiting_in_order(self):
        return self.filter(status=Registration.Status.WAITING).order_by("queued_at", "pk")

    def address_confirmed(self, email):
        """Whether the owner of `email` has shown that it is theirs, by opening a link we sent it."""
        return bool(email) and self.filter(email=email, address_confirmed_at__isnull=False).exists()


class Registration(InstituteOwned):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        OFFERED = "offered", _("Offered a seat")
        CANCELLED = "cancelled", _("Cancelled")
        DECLINED = "declined", pgettext_lazy("registration status", "Declined")
        LAPSED = "lapsed", _("Offer not claimed in time")

    # City editors see every event's registrants; a partner editor those of their institutes' events.
    institute_path = "event__organizer"

    HOLDING = (Status.CONFIRMED, Status.OFFERED)  # these take a seat
    ACTIVE = (Status.PENDING, Status.CONFIRMED, Status.WAITING, Status.OFFERED)  # one per address and event

    event = models.ForeignKey("programs.Event", models.CASCADE, related_name="registrations", verbose_name=_("event"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.CONFIRMED)
    # Personal data: erased (blank, email NULL) some time after the event; the counts stay.
    name = models.CharField(_("name"), max_length=100, blank=True, validators=[single_line, no_links])
    email = models.EmailField(_("email address"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[single_line])
    organisation = models.CharField(_("organisation"), max_length=200, blank=True, validators=[single_line, no_links])
    business_years = models.CharField(_("years in business"), max_length=4, choices=BusinessYears, blank=True)
    interest = models.ForeignKey(
        "programs.Category",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("field of interest"),
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="ko")
    # The order of the waiting list: when the request was accepted (an editor may move someone up).
    queued_at = models.DateTimeField(_("in line since"), default=timezone.now)
    offered_at = models.DateTimeField(_("seat offered at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )
    # The event's start each reminder was sent for: an event moved to another day is reminded again.
    week_reminder_for = models.DateTimeField(_("7-day reminder sent for the start at"), null=True, blank=True)
    day_reminder_for = models.DateTimeField(_("1-day reminder sent for the start at"), null=True, blank=True)
    # told_details() of the event when this person was last told its time and place (the ticket, or a change notice).
    details_told = models.CharField(_("time and place last told"), max_length=32, blank=True, editable=False)
    # When a link we emailed was first opened: until an address is confirmed, its messages carry nothing the
    # visitor typed (a stranger's address could have been entered) and offer "I did not register".
    address_confirmed_at = models.DateTimeField(_("address confirmed at"), null=True, blank=True)
    added_by_staff = models.BooleanField(_("added by an editor"), default=False)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["event", "queued_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(status__in=["pending", "confirmed", "waiting", "offered"]),
                name="registration_one_place_per_address_and_event",
                violation_error_message=_("This email address already has a place in this event."),
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=["pending", "confirmed", "waiting", "offered", "cancelled", "declined", "lapsed"]
                ),
                name="registration_status_known",
            ),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offered_at__isnull=False), name="registration_offer_has_time"
            ),
            models.CheckConstraint(
                condition=Q(erased_at__isnull=True) | Q(email__isnull=True), name="registration_erased_has_no_email"
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "queued_at"], name="registration_line_idx")]

    def __str__(self):
        return f"{self.name or _('(erased)')} · {self.event}"

    def save(self, *args, **kwargs):
        if self._state.adding and not self.details_told:
            self.details_told = told_details(self.event)  # what the ticket about to be sent says
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("admin:registrations_registration_change", args=[self.pk])

    @property
    def is_active(self):
        return self.status in self.ACTIVE

    @property
    def holds_seat(self):
        return self.status in self.HOLDING

    def waiting_position(self):
        """1 for the first person on the waiting list; None when not waiting."""
        if self.status != self.Status.WAITING:
            return None
        ahead = (
            Registration.objects.waiting_in_order()
            .filter(event_id=self.event_id)
            .filter(Q(queued_at__lt=self.queued_at) | Q(queued_at=self.queued_at, pk__lt=self.pk))
        )
        return ahead.count() + 1


class RefusedAddress(models.Model):
    """An address whose owner said "I did not register" for an event: it cannot be registered for that event again.
    Only a keyed digest of the address is kept (core.signed.address_digest); it goes with the event's personal data."""

    event = models.ForeignKey(
        "programs.Event", models.CASCADE, related_name="refused_addresses", verbose_name=_("event")
    )
    address_digest = models.CharField(_("address digest"), max_length=64)
    created_at = models.DateTimeField(_("refused at"), auto_now_add=True)

    class Meta:
        ordering = ["event", "created_at"]
        verbose_name = _("refused address")
        verbose_name_plural = _("refused addresses")
        constraints = [
            models.UniqueConstraint(fields=["event", "address_digest"], name="refused_address_once_per_event")
        ]

    def __str__(self):
        return f"{self.event} · {self.address_digest[:8]}"

    def get_absolute_url(self):
        return self.event.get_absolute_url()
