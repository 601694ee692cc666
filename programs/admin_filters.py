"""Change-list filters of programs and events that the editor's desk links to (gwangju_portal/desk.py)."""

from datetime import timedelta

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.admin_filters import ConditionFilter, live
from core.publishing import Status

from . import deadlines

WEEK = timedelta(days=7)


def closing_soon(now):
    """Live programs open now whose application closes within CLOSING_SOON_DAYS (as the catalogue's "closing
    soon")."""
    return live(now) & deadlines.is_open(now) & Q(application_closes_at__lte=deadlines.closing_soon_limit(now))


def this_week(now):
    """Live events under way or starting within a week."""
    return live(now) & Q(ends_at__gte=now, starts_at__lte=now + WEEK)


class ClosingSoonFilter(ConditionFilter):
    title = _("deadline")
    parameter_name = "deadline"
    conditions = {"soon": (deadlines.CLOSING_SOON_LABEL, closing_soon)}


def over(now):
    """Events that have ended and are not archived yet: what the city archives in bulk."""
    return Q(ends_at__lt=now) & ~Q(status=Status.ARCHIVED)


class WhenFilter(ConditionFilter):
    title = _("when")
    parameter_name = "when"
    conditions = {"week": (_("This week"), this_week), "over": (_("Over, not archived"), over)}


class RulesToConfirmFilter(ConditionFilter):
    """Programs whose old audience tags disagreed with their rules (migration 0019): an editor checks each."""

    title = _("rules")
    parameter_name = "rules"
    conditions = {"confirm": (_("Rules to confirm"), lambda now: ~Q(rules_to_confirm=[]))}
