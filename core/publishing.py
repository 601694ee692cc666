"""The publishing workflow shared by every public record."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .ownership import InstituteOwned, InstituteOwnedQuerySet


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


def public(now=None, prefix=""):
    """The one condition of what the public may see: published, and due (not scheduled for later). `prefix` reaches
    a related record ("program__"); `now` defaults to the database's clock, so a cached queryset stays right."""
    return Q(**{f"{prefix}status": Status.PUBLISHED, f"{prefix}published_at__lte": now or Now()})


def is_due(record, now=None):
    """The same condition for one record in memory."""
    now = now or timezone.now()
    return record.status == Status.PUBLISHED and record.published_at is not None and record.published_at <= now


class PublishableQuerySet(InstituteOwnedQuerySet):
    """Publishing on top of the row-level rule (core.ownership: a partner editor touches only their own institutes'
    records)."""

    def published(self):
        """Records the public may see: published, and not scheduled for later."""
        return self.filter(public(timezone.now()))

    def visible_to(self, user):
        """What a page shows this visitor: published records, and for staff a preview of what they may edit."""
        if not (user.is_authenticated and user.is_staff):
            return self.published()
        return self.published() | self.editable_by(user)

    def linkable_by(self, user):
        """What an editor may link a record to: their own records, and public ones."""
        return self.editable_by(user) | self.published()


# The workflow: each step, the status it leads to and the statuses it may follow.
WORKFLOW = {
    "submit": (Status.REVIEW, {Status.DRAFT}),
    "publish": (Status.PUBLISHED, {Status.DRAFT, Status.REVIEW, Status.ARCHIVED}),
    "unpublish": (Status.DRAFT, {Status.PUBLISHED, Status.REVIEW}),
    "archive": (Status.ARCHIVED, {Status.DRAFT, Status.REVIEW, Status.PUBLISHED}),
}


class Publishable(InstituteOwned):
    # Relations a partner editor sets only to their own institutes' records (relation_choices).
    own_relations = frozenset({"organizer"})

    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        help_text=_("Set automatically on publishing; a future time schedules the publication."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED) | Q(published_at__isnull=False),
                name="%(app_label)s_%(class)s_published_has_date",
            )
        ]

    def save(self, *args, **kwargs):
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.stamp_publication()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "published_at"}
        super().save(*args, **kwargs)

    @classmethod
    def relation_choices(cls, name, user):
        """What `user` may link a record to through relation `name`: only their own records for the relations in
        `own_relations`, their own or public ones for other relations to curated records; None when unrestricted."""
        field = cls._meta.get_field(name)
        if not field.is_relation or not issubclass(field.related_model, Publishable):
            return None
        objects = field.related_model._default_manager
        return objects.editable_by(user) if name in cls.own_relations else objects.linkable_by(user)

    # The workflow as methods; who may take which step is the callers' rule (core.roles.can_publish). Each saves the
    # record on its own, so that history and the content generation see the change, and says whether it moved.

    def submit(self):
        return self.take_step("submit")

    def publish(self):
        return self.take_step("publish")

    def unpublish(self):
        return self.take_step("unpublish")

    def archive(self):
        return self.take_step("archive")

    def withdraw_from_review(self):
        """An edit by someone who may not publish takes a submitted record back to draft, so that what a city editor
        publishes is what was submitted: the editor submits it again. Returns whether it was in review (the caller
        saves)."""
        if self.status != Status.REVIEW:
            return False
        self.status, self.published_at = Status.DRAFT, None
        return True

    def take_step(self, step):
        """Raises ValidationError when the record may not be published as it is (publishing_problems)."""
        to, allowed_from = WORKFLOW[step]
        if self.status not in allowed_from:
            return False
        if to == Status.PUBLISHED and (problems := self.publishing_problems()):
            raise ValidationError(problems)
        submitted = self.status == Status.REVIEW
        self.status = to
        if to == Status.PUBLISHED:
            self.stamp_publication()
        elif to == Status.DRAFT:
            self.published_at = None  # a scheduled publication is cancelled too
        self.save()
        if submitted and to == Status.PUBLISHED:
            from .editor_mail import draft_published  # it reads this module

            draft_published(self)  # queued in this transaction, as the outbox does
        return True

    # The publishing contract: what a record must say before the public sees it, checked on every path that
    # publishes (the workflow's steps, a form saving a published record, an import, an approved revision).

    def publishing_problems(self):
        """{field name: why it must be filled} for a record that may not be published as it is."""
        return {}

    def clean(self):
        super().clean()
        self.stamp_publication()
        if self.status == Status.PUBLISHED and (problems := self.publishing_problems()):
            raise ValidationError(problems)

    def apply_related_changes(self, operations):
        """Apply what an approved revision's inlines changed ({relation name: operations}); models with inlines
        say how (a program's attachments)."""

    @property
    def is_public(self):
        return is_due(self)

    def stamp_publication(self):
        """Give a record being published its publication time, unless one is scheduled."""
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
