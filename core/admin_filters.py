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
