"""Change-list filters of programs and events that the editor's desk links to (gwangju_portal/desk.py)."""

from datetime import timedelta

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.admin_filters import ConditionFilter, live

from . import deadlines

SOON_DAYS = 7


def closing_soon(now):
    """Live programs open now whose application closes within a week."""
    return live(now) & deadlines.is_open(now) & Q(application_closes_at__lte=now + timedelta(days=SOON_DAYS))


def this_week(now):
    """Live events under way or starting within a week."""
    return live(now) & Q(ends_at__gte=now, starts_at__lte=now + timedelta(days=SOON_DAYS))


class ClosingSoonFilter(ConditionFilter):
    title = _("deadline")
    parameter_name = "deadline"
    choice = "soon"
    choice_label = _("Closing within 7 days")
    condition = staticmethod(closing_soon)


class ThisWeekFilter(ConditionFilter):
    title = _("when")
    parameter_name = "when"
    choice = "week"
    choice_label = _("This week")
    condition = staticmethod(this_week)
