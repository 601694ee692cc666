"""Change-list filters the editor's desk links to: each names a slice of records that needs someone today. Each
slice is a condition (a Q) so that the desk counts it in one aggregate and the change list lists the same records."""

from datetime import timedelta

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .models import EmailDelivery, EmailDeliveryQuerySet, Revision
from .publishing import Status, public
from .roles import is_city_editor

STALE_DAYS = 180


def live(now):
    return public(now)


def stale(now):
    """Published, and untouched for half a year: worth a look before citizens rely on it."""
    return live(now) & Q(updated_at__lt=now - timedelta(days=STALE_DAYS))


class ConditionFilter(admin.SimpleListFilter):
    """A filter whose choices are conditions: {value: (label, condition(now) -> Q)}."""

    conditions = {}

    def lookups(self, request, model_admin):
        return [(value, label) for value, (label, _condition) in self.conditions.items()]

    def queryset(self, request, queryset):
        if self.value() not in self.conditions:
            return queryset
        return queryset.filter(self.conditions[self.value()][1](timezone.now()))


class NotUpdatedFilter(ConditionFilter):
    title = _("last updated")
    parameter_name = "updated"
    conditions = {
        "stale": (
            ngettext_lazy("Not updated for %(days)d day", "Not updated for %(days)d days", "days")
            % {"days": STALE_DAYS},
            stale,
        )
    }


class MineFilter(admin.SimpleListFilter):
    """Records this editor has written or changed (their history names them)."""

    title = _("editor")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("yes", _("Changed by me"))]

    def queryset(self, request, queryset):
        if self.value() != "yes":
            return queryset
        history = queryset.model.history.model.objects.filter(id=OuterRef("pk"), history_user=request.user.pk)
        return queryset.filter(Exists(history))


class NeedsMyActionFilter(admin.SimpleListFilter):
    """What waits for this editor: for the city, records and changes to review; for a partner editor, drafts not yet
    submitted and changes returned to them with a reason."""

    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return [("needed", _("Needs my action"))]

    def queryset(self, request, queryset):
        if self.value() != "needed":
            return queryset
        content_type = ContentType.objects.get_for_model(queryset.model)
        revisions = Revision.objects.filter(content_type=content_type, object_id=OuterRef("pk"))
        if is_city_editor(request.user):
            return queryset.filter(Q(status=Status.REVIEW) | Exists(revisions.pending()))
        returned = revisions.filter(state=Revision.State.REJECTED, author=request.user)
        return queryset.filter(Q(status=Status.DRAFT) | Exists(returned))


RECENT_RETURNS_DAYS = 30


def returned_draft(model):
    """Drafts a city editor returned with a reason that were not submitted again since (a draft's return is a
    revision without changes: core.services.record_request_changes)."""
    returns = Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id=OuterRef("pk"),
        state=Revision.State.REJECTED,
        changes={},
    )
    return Q(status=Status.DRAFT) & Exists(returns)


def recently_returned(now):
    """Proposed changes returned in the last RECENT_RETURNS_DAYS days that their editor has not marked as read."""
    since = now - timedelta(days=RECENT_RETURNS_DAYS)
    return Q(state=Revision.State.REJECTED, reviewed_at__gte=since, read_at__isnull=True) & ~Q(changes={})


class ReturnedDraftFilter(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "returned"

    def lookups(self, request, model_admin):
        return [("yes", _("Returned with a reason, not submitted again"))]

    def queryset(self, request, queryset):
        return queryset.filter(returned_draft(queryset.model)) if self.value() == "yes" else queryset


class RevisionNeedFilter(ConditionFilter):
    title = _("needs")
    parameter_name = "needs"
    conditions = {
        "waiting": (_("Waiting for the city's review"), lambda now: Q(state=Revision.State.PENDING)),
        "returned": (
            ngettext_lazy(
                "Returned in the last %(days)d day, not marked as read",
                "Returned in the last %(days)d days, not marked as read",
                "days",
            )
            % {"days": RECENT_RETURNS_DAYS},
            recently_returned,
        ),
    }


class BrokenLinksFilter(admin.SimpleListFilter):
    """Records linking to an address whose last weekly check failed (core.links)."""

    title = _("links")
    parameter_name = "links"

    def lookups(self, request, model_admin):
        return [("broken", _("A link stopped working"))]

    def queryset(self, request, queryset):
        from .links import broken

        return queryset.filter(broken(queryset.model)) if self.value() == "broken" else queryset


class BouncingFilter(ConditionFilter):
    """The delivery log's addresses that keep bouncing (their alerts are paused)."""

    title = _("address")
    parameter_name = "address"
    conditions = {
        "bouncing": (
            ngettext_lazy(
                "Keeps bouncing (%(failures)d failure in %(days)d days)",
                "Keeps bouncing (%(failures)d failures in %(days)d days)",
                "failures",
            )
            % {"failures": EmailDeliveryQuerySet.BOUNCES, "days": EmailDeliveryQuerySet.BOUNCE_WINDOW.days},
            lambda now: Q(recipient__in=EmailDelivery.objects.keeps_bouncing(now)),
        )
    }
