"""Change-list filters the editor's desk links to: each names a slice of records that needs someone today. Each
slice is a condition (a Q) so that the desk counts it in one aggregate and the change list lists the same records."""

from datetime import timedelta

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .publishing import Status

STALE_DAYS = 180


def live(now):
    return Q(status=Status.PUBLISHED, published_at__lte=now)


def stale(now):
    """Published, and untouched for half a year: worth a look before citizens rely on it."""
    return live(now) & Q(updated_at__lt=now - timedelta(days=STALE_DAYS))


class ConditionFilter(admin.SimpleListFilter):
    """A one-choice filter whose choice is a condition(now)."""

    choice = ""
    choice_label = ""

    def lookups(self, request, model_admin):
        return [(self.choice, self.choice_label)]

    def queryset(self, request, queryset):
        return queryset.filter(self.condition(timezone.now())) if self.value() == self.choice else queryset


class NotUpdatedFilter(ConditionFilter):
    title = _("last updated")
    parameter_name = "updated"
    choice = "stale"
    choice_label = _("Not updated for 180 days")
    condition = staticmethod(stale)
