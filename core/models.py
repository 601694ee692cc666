from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _


class RevisionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=Revision.State.PENDING)

    def of(self, record):
        return self.filter(content_type=ContentType.objects.get_for_model(record), object_id=record.pk)


class Revision(models.Model):
    """Changes a partner editor proposed to a live record; they reach the public only when a city editor approves.

    `changes` holds the proposed value of each changed field (JSON, as `core.revisions` serialises them), plus the
    attachment operations of a program under the key "attachments".
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Returned")

    content_type = models.ForeignKey(ContentType, verbose_name=_("kind of record"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(_("record id"))
    title = models.CharField(_("record"), max_length=300)
    changes = models.JSONField(_("proposed changes"), default=dict)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PENDING)
    reason = models.TextField(_("reason for returning"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="proposed_revisions",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_revisions",
    )
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    read_at = models.DateTimeField(
        _("read by its editor"), null=True, blank=True, help_text=_("When the editor marked the return as handled.")
    )

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("revision of a live record")
        verbose_name_plural = _("revisions of live records")
        indexes = [models.Index(fields=["content_type", "object_id", "state"], name="revision_record_state_idx")]
        constraints = [
            # One pending revision per record: a second edit updates it, so nothing typed is split or lost.
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(state="pending"),
                name="revision_one_pending_per_record",
            ),
            models.CheckConstraint(
                condition=~Q(state="rejected") | ~Q(reason=""),
                name="revision_returned_with_reason",
                violation_error_message=_("Say why the changes are returned."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.get_state_display()})"

    def get_absolute_url(self):
        return reverse("admin:core_revision_change", args=[self.pk])

    def reject(self, *, reviewer, reason):
        """Return the changes to their editor with a reason they will read; the live record stays as it is."""
        self.state, self.reason = Revision.State.REJECTED, reason.strip()
        self.reviewer, self.reviewed_at = reviewer, timezone.now()
        self.full_clean(exclude=["content_type", "author", "reviewer"])
        self.save()

    @property
    def record_admin_url(self):
        return reverse(f"admin:{self.content_type.app_label}_{self.content_type.model}_change", args=[self.object_id])

    @cached_property
    def record(self):
        return self.content_type.get_object_for_this_type(pk=self.object_id)


class EquivalentTerms(models.Model):
    """Words that mean the same to a searcher (AI, 인공지능): a search for one finds records holding any of them.
    Applied when a query is read, so an edit counts at once, with no reindexing (core.search)."""

    terms = models.CharField(
        _("terms that mean the same"),
        max_length=300,
        unique=True,
        help_text=_(
            "Separate the terms with commas, in Korean and English, for example: AI, 인공지능, artificial "
            "intelligence. A search for any of them then finds records holding any of them, from the next search on."
        ),
    )

    class Meta:
        ordering = ["terms"]
        verbose_name = _("equivalent search terms")
        verbose_name_plural = _("equivalent search terms")
        constraints = [models.CheckConstraint(condition=Q(terms__contains=","), name="equivalent_terms_two_or_more")]

    def __str__(self):
        return self.terms

    def get_absolute_url(self):
        return reverse("search") + "?" + urlencode({"q": self.term_list()[0]})

    def term_list(self):
        return [term.strip() for term in self.terms.split(",") if term.strip()]

    def clean(self):
        terms = list(dict.fromkeys(self.term_list()))
        if len(terms) < 2:
            raise ValidationError({"terms": _("Give at least two terms, separated by commas.")})
        self.terms = ", ".join(terms)


class LinkCheck(models.Model):
    """The last check of an address that a record links to (an application link, a source, a website): one row per
    address, however many records share it (core.links)."""

    url = models.URLField(_("address"), max_length=500, unique=True)
    ok = models.BooleanField(_("works"))
    status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    problem = models.CharField(_("problem"), max_length=200, blank=True)
    final_url = models.URLField(_("address after redirects"), max_length=500, blank=True)
    checked_at = models.DateTimeField(_("checked at"))

    class Meta:
        ordering = ["-checked_at", "url"]
        verbose_name = _("link check")
        verbose_name_plural = _("link checks")
        constraints = [
            models.CheckConstraint(condition=Q(ok=False) | Q(problem=""), name="link_check_ok_has_no_problem")
        ]

    def __str__(self):
        return self.url

    def get_absolute_url(self):
        return self.url


class ScheduledJob(models.Model):
    """When a periodic job (core.schedule) was last put on the worker's queue: one row per job, so that however many
    schedulers run, a job is enqueued once per interval."""

    name = models.CharField(_("job"), max_length=100, unique=True)
    last_enqueued_at = models.DateTimeField(_("last enqueued at"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("admin:core_scheduledjob_change", args=[self.pk])


class EmailDeliveryQuerySet(models.QuerySet):
    # An address with this many permanent failures within the window keeps bouncing: alerts to it are paused.
    BOUNCES, BOUNCE_WINDOW = 3, timedelta(days=30)

    def bouncing(self, since):
        """Addresses with permanent failures since `since`, with their count, most failing first."""
        return (
            self.filter(status=EmailDelivery.Status.FAILED, updated_at__gte=since)
            .values("recipient")
            .annotate(failures=models.Count("pk"))
            .order_by("-failures", "recipient")
        )

    def keeps_bouncing(self, now):
        """The addresses that keep bouncing, as a subquery of recipients."""
        bouncing = self.bouncing(since=now - self.BOUNCE_WINDOW)
        return bouncing.filter(failures__gte=self.BOUNCES).values("recipient")


class EmailDelivery(models.Model):
    """One email to one address about one thing (core.mail). (recipient, key) is unique, so a message asked for twice
    is sent once; its Message-ID is fixed when it is queued, so the rare duplicate after a killed worker is
    recognisable as the same message. The body is kept until the message is sent, then cleared."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        RETRYING = "retrying", _("Waiting to retry")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    recipient = models.EmailField(_("recipient"))
    # The app that wrote it (core.holders): an app erases only its own rows.
    owner = models.CharField(_("written by"), max_length=40, db_index=True)
    key = models.CharField(
        _("what it is about"), max_length=200, help_text=_("kind and item, e.g. digest:42:2026-11-30")
    )
    message_id = models.CharField(_("Message-ID"), max_length=250, unique=True)
    subject = models.CharField(_("subject"), max_length=250)
    body_text = models.TextField(_("plain text"), blank=True)
    body_html = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(_("extra headers"), default=dict, blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    not_before = models.DateTimeField(_("not before"), default=timezone.now)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = EmailDeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("email delivery")
        verbose_name_plural = _("email deliveries")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="email_delivery_once_per_recipient_and_key"),
            models.CheckConstraint(
                condition=Q(sent_at__isnull=True) | Q(status="sent"), name="email_delivery_sent_at_only_when_sent"
            ),
        ]
        indexes = [models.Index(fields=["status", "not_before"], name="email_delivery_due")]

    def __str__(self):
        return f"{self.recipient}: {self.subject}"

    def get_absolute_url(self):
        return reverse("admin:core_emaildelivery_change", args=[self.pk])


class AddressHold(models.Model):
    """When some app last held an address that has rows in the delivery log (core.holders.addresses_forget): its
    rows go FORGET_AFTER after that. Only a keyed digest of the address is kept here."""

    digest = models.CharField(_("address digest"), max_length=64, unique=True)
    last_held_at = models.DateTimeField(_("last held at"))

    class Meta:
        ordering = ["last_held_at"]
        verbose_name = _("address held")
        verbose_name_plural = _("addresses held")

    def __str__(self):
        return self.digest[:8]

    def get_absolute_url(self):
        return reverse("admin:address_request")


class AddressRequest(models.Model):
    """The record of a data subject's request (개인정보 열람·삭제 요구) a city editor answered: what was asked, by whom
    it was answered, when, and how many rows each app found or erased. The address itself is kept only as a keyed
    digest, so that the record of an erasure does not keep what was erased."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("Access (what is kept)")
        EXPORT = "export", _("Export")
        ERASURE = "erasure", _("Erasure")

    kind = models.CharField(_("request"), max_length=10, choices=Kind.choices)
    digest = models.CharField(_("address digest"), max_length=64, db_index=True)
    counts = models.JSONField(_("rows per app"), default=dict)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("answered by")
    )
    handled_at = models.DateTimeField(_("answered at"), default=timezone.now)
    note = models.CharField(_("note"), max_length=300, blank=True, help_text=_("How the request came, for example."))

    class Meta:
        ordering = ["-handled_at", "-pk"]
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["access", "export", "erasure"]), name="address_request_kind_known"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.handled_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("admin:core_addressrequest_change", args=[self.pk])


class EditorSettings(models.Model):
    """What a staff member chose for themselves: whether the staff loop's emails reach them, and in which language
    (core.editor_mail). Made with the defaults the first time it is read."""

    class Language(models.TextChoices):
        KOREAN = "ko", "한국어"
        ENGLISH = "en", "English"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="editor_settings", verbose_name=_("editor")
    )
    emails = models.BooleanField(
        _("email me about the review"),
        default=True,
        help_text=_(
            "City editors: an hourly summary of what was submitted. Partner editors: when your draft or proposed "
            "changes are returned, approved or published."
        ),
    )
    language = models.CharField(_("language of the emails"), max_length=2, choices=Language.choices, default="ko")
    summary_sent_until = models.DateTimeField(_("summary sent up to"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["user_id"]
        verbose_name = _("editor's settings")
        verbose_name_plural = _("editors' settings")
        constraints = [
            models.CheckConstraint(condition=Q(language__in=["ko", "en"]), name="editor_settings_language_known")
        ]

    def __str__(self):
        return str(self.user)

    def get_absolute_url(self):
        return reverse("admin:editor_settings")

    @classmethod
    def of(cls, user):
        return cls.objects.get_or_create(user=user)[0]
