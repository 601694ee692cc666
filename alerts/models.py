"""Alerts without an account: an email address, its language and its choices, nothing else (issue: alerts).

A Subscriber is an address. A SavedSearch is one normalized catalogue search, shared by everyone who saved it, so
that each distinct search is evaluated once per run (alerts.sending). An Alert ties an address to a search with a
frequency; nothing is sent for it until the person opens the confirmation link (double opt-in).
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.models import Program

from .tokens import manage_url


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("As soon as published")
    DAILY = "daily", _("Daily, at 8:00")
    WEEKLY = "weekly", _("Weekly, on Monday at 8:00")


# This app's name on its rows of the outbox (core.holders): it erases only those.
OWNER = "alerts"
# How long what a person left is kept: a request they did not confirm, an address with no alert left.
UNCONFIRMED_KEPT = timedelta(days=7)
ERASED_AFTER = timedelta(days=30)


class Subscriber(models.Model):
    email = models.EmailField(_("email address"), unique=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("first confirmed at"), null=True, blank=True)
    # When the address last had something active; 30 days after it has nothing, it is erased.
    active_at = models.DateTimeField(_("last active"), default=timezone.now)
    paused_for_bounces = models.BooleanField(_("paused: messages bounce"), default=False)

    class Meta:
        ordering = ["email"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self):
        return self.email

    def get_absolute_url(self):
        return manage_url(self)


class SavedSearchQuerySet(models.QuerySet):
    def in_use(self):
        return self.filter(alerts__confirmed_at__isnull=False, alerts__paused=False).distinct()


class SavedSearch(models.Model):
    """A catalogue search in its normal form (`query`: the filters that decide the matches, sorted, each value
    once), whoever saved it and however they spelled it."""

    query = models.CharField(_("filters"), max_length=1000, unique=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = SavedSearchQuerySet.as_manager()

    class Meta:
        ordering = ["query"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")

    def __str__(self):
        return self.query or str(_("All programs"))

    def get_absolute_url(self):
        return reverse("programs:list") + (f"?{self.query}" if self.query else "")


class Alert(models.Model):
    """What one address follows: a saved search or an institute (digests of what is new, at its frequency), or a
    program (reminders before it closes, a message when it opens, and its material changes)."""

    subscriber = models.ForeignKey(Subscriber, models.CASCADE, related_name="alerts", verbose_name=_("subscriber"))
    search = models.ForeignKey(
        SavedSearch, models.PROTECT, null=True, blank=True, related_name="alerts", verbose_name=_("search")
    )
    institute = models.ForeignKey(
        "partners.Partner", models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("institute")
    )
    program = models.ForeignKey(
        "programs.Program", models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("program")
    )
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency, default=Frequency.DAILY)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    paused = models.BooleanField(_("paused"), default=False)
    # What was published up to this moment has been considered: the next digest holds what came after.
    covered_until = models.DateTimeField(_("covered until"), default=timezone.now)

    class Meta:
        ordering = ["subscriber", "created_at"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [
            models.CheckConstraint(
                condition=Q(search__isnull=False, institute__isnull=True, program__isnull=True)
                | Q(search__isnull=True, institute__isnull=False, program__isnull=True)
                | Q(search__isnull=True, institute__isnull=True, program__isnull=False),
                name="alert_follows_exactly_one_thing",
            ),
            models.UniqueConstraint(fields=["subscriber", "search"], name="alert_one_per_search_and_address"),
            models.UniqueConstraint(fields=["subscriber", "institute"], name="alert_one_per_institute_and_address"),
            models.UniqueConstraint(fields=["subscriber", "program"], name="alert_one_per_program_and_address"),
            models.CheckConstraint(condition=Q(frequency__in=Frequency.values), name="alert_frequency_known"),
        ]

    def __str__(self):
        return f"{self.subscriber}: {self.target}"

    def get_absolute_url(self):
        return self.subscriber.get_absolute_url()

    @property
    def target(self):
        return self.search or self.institute or self.program

    @property
    def confirmed(self):
        return self.confirmed_at is not None


class ProgramWatch(models.Model):
    """What followers of a program were last told about it: its material values (alerts.follows), and the closing
    and opening times already reminded of, so that each message goes out once whatever path changed the program."""

    program = models.OneToOneField("programs.Program", models.CASCADE, related_name="+", verbose_name=_("program"))
    values = models.JSONField(_("material values"), default=dict)
    version = models.PositiveIntegerField(_("version"), default=0)
    week_reminder_for = models.DateTimeField(_("7-day reminder sent for closing at"), null=True, blank=True)
    day_reminder_for = models.DateTimeField(_("1-day reminder sent for closing at"), null=True, blank=True)
    opening_for = models.DateTimeField(_("opening message sent for opening at"), null=True, blank=True)

    class Meta:
        ordering = ["program"]
        verbose_name = _("watched program")
        verbose_name_plural = _("watched programs")

    def __str__(self):
        return str(self.program)

    def get_absolute_url(self):
        return self.program.get_absolute_url()


class FollowedProgram(Program):
    """Programs as staff see them among alerts: how many people follow each (alerts.admin), never who."""

    class Meta:
        proxy = True
        verbose_name = _("followed program")
        verbose_name_plural = _("followed programs")
