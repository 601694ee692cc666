"""The editor's desk on the admin home: what needs this editor today, each line a count that links to the change list
of exactly those records. One aggregate per kind of record, so the desk costs a handful of queries however many
records there are (shared/DECISIONS.md: at most 10)."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_filters import STALE_DAYS, stale
from core.links import broken
from core.models import Revision
from core.publishing import Status
from core.roles import is_city_editor
from partners.admin_filters import QUIET_DAYS, quiet
from partners.models import Partner
from programs.admin_filters import closing_soon, this_week
from programs.models import Event, Program, Suggestion


@dataclass
class Line:
    label: str
    count: int
    url: str
    note: str = ""


def changelist(model, **filters):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def waiting_note(since, now):
    if not since:
        return ""
    days = (now - since).days
    return ngettext("the oldest has waited %(days)d day", "the oldest has waited %(days)d days", days) % {"days": days}


def days_label(label, days):
    """A line's label with the number of days its condition uses (a constant, never typed twice), still lazy: it is
    read in the language of whoever reads it."""
    return lazy(lambda: str(label) % {"days": days}, str)()


def desk(user):
    """[(heading, [Line])] for this editor: their own institutes' records, or for the city every record."""
    now = timezone.now()
    programs = workflow_counts(Program.objects.editable_by(user), now, closing=Count("pk", filter=closing_soon(now)))
    events = workflow_counts(Event.objects.editable_by(user), now, week=Count("pk", filter=this_week(now)))
    if is_city_editor(user):
        return city_desk(programs, events, now)
    return partner_desk(user, programs, events)


def workflow_counts(records, now, **more):
    """One query: how many of these records are drafts, in review (and since when), stale, with a broken link, and
    `more`."""
    review = Q(status=Status.REVIEW)
    return records.aggregate(
        drafts=Count("pk", filter=Q(status=Status.DRAFT)),
        review=Count("pk", filter=review),
        review_since=Min("updated_at", filter=review),
        stale=Count("pk", filter=stale(now)),
        broken=Count("pk", filter=broken(records.model)),
        **more,
    )


def city_desk(programs, events, now):
    pending = Q(state=Revision.State.PENDING)
    revisions = Revision.objects.aggregate(
        pending=Count("pk", filter=pending), pending_since=Min("updated_at", filter=pending)
    )
    suggestions = Suggestion.objects.filter(state=Suggestion.State.NEW).count()
    quiet_institutes = Partner.objects.filter(quiet(now)).count()
    waiting = [
        Line(_("New programs submitted"), programs["review"], changelist(Program, status__exact="review"),
             waiting_note(programs["review_since"], now)),
        Line(_("New events submitted"), events["review"], changelist(Event, status__exact="review"),
             waiting_note(events["review_since"], now)),
        Line(_("Changes to live records"), revisions["pending"], reverse("admin:needs_review"),
             waiting_note(revisions["pending_since"], now)),
        Line(_("New suggestions from citizens"), suggestions, changelist(Suggestion, state__exact="new")),
    ]  # fmt: skip
    across = [
        Line(days_label(_("Programs closing within %(days)d days"), settings.CLOSING_SOON_DAYS), programs["closing"],
             changelist(Program, deadline="soon")),
        Line(_("Events this week"), events["week"], changelist(Event, when="week")),
        Line(days_label(_("Institutes with nothing published for %(days)d days"), QUIET_DAYS), quiet_institutes,
             changelist(Partner, activity="quiet")),
        *broken_lines(programs, events),
    ]  # fmt: skip
    return [(_("Waiting for your review"), waiting), (_("Across the institutes"), across)]


def broken_lines(programs, events):
    """Records whose link failed its last weekly check (core.links)."""
    return [
        Line(_("Programs with a link that stopped working"), programs["broken"], changelist(Program, links="broken")),
        Line(_("Events with a link that stopped working"), events["broken"], changelist(Event, links="broken")),
    ]


def partner_desk(user, programs, events):
    returned = Revision.objects.filter(author=user, state=Revision.State.REJECTED).count()
    work = [
        Line(_("Program drafts"), programs["drafts"], changelist(Program, status__exact="draft")),
        Line(_("Event drafts"), events["drafts"], changelist(Event, status__exact="draft")),
        Line(_("Programs in review"), programs["review"], changelist(Program, status__exact="review")),
        Line(_("Events in review"), events["review"], changelist(Event, status__exact="review")),
        Line(_("Changes returned to you with a reason"), returned, changelist(Revision, state__exact="rejected")),
    ]
    coming = [
        Line(
            days_label(_("Your programs closing within %(days)d days"), settings.CLOSING_SOON_DAYS),
            programs["closing"],
            changelist(Program, deadline="soon"),
        ),
        Line(_("Your events this week"), events["week"], changelist(Event, when="week")),
        Line(
            days_label(_("Programs not updated for %(days)d days"), STALE_DAYS),
            programs["stale"],
            changelist(Program, updated="stale"),
        ),
        Line(
            days_label(_("Events not updated for %(days)d days"), STALE_DAYS),
            events["stale"],
            changelist(Event, updated="stale"),
        ),
        *broken_lines(programs, events),
    ]
    return [(_("Your work"), work), (_("Coming up and getting old"), coming)]
