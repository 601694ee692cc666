"""The editor's desk on the admin home: what needs this editor today, each line a count that links to the change list
of exactly those records. One aggregate per kind of record, so the desk costs a handful of queries however many
records there are (shared/DECISIONS.md: at most 10)."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Min, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from applications.models import Appeal, Application
from core.admin_filters import RECENT_RETURNS_DAYS, STALE_DAYS, recently_returned, returned_draft, stale
from core.links import broken
from core.models import Revision
from core.publishing import Status
from core.roles import is_city_editor
from imports.models import ImportRun
from partners.admin_filters import QUIET_DAYS, quiet, without_contact
from partners.models import Partner
from programs.admin_filters import closing_soon, this_week
from programs.models import Event, NoticeSource, Program, ProgramSource, Suggestion


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
    if days == 0:
        return gettext("the oldest was submitted today")
    return ngettext("the oldest has waited %(days)d day", "the oldest has waited %(days)d days", days) % {"days": days}


def last_reason(user, model):
    """The reason of the latest return among the drafts this editor may edit that wait to be submitted again."""
    ids = model.objects.editable_by(user).filter(returned_draft(model)).values("pk")
    latest = (
        Revision.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=ids, state=Revision.State.REJECTED
        )
        .order_by("-reviewed_at")
        .values_list("reason", flat=True)
        .first()
    )
    return _("latest reason: %(reason)s") % {"reason": Truncator(latest).chars(80)} if latest else ""


def days_label(label, days):
    """A line's label with the number of days its condition uses (a constant, never typed twice), still lazy: it is
    read in the language of whoever reads it."""
    return lazy(lambda: str(label) % {"days": days}, str)()


def desk(user):
    """[(heading, [Line])] for this editor: their own institutes' records, or for the city every record."""
    now = timezone.now()
    programs = workflow_counts(
        Program.objects.editable_by(user),
        now,
        closing=Count("pk", filter=closing_soon(now)),
        returned=Count("pk", filter=returned_draft(Program)),
    )
    events = workflow_counts(
        Event.objects.editable_by(user),
        now,
        week=Count("pk", filter=this_week(now)),
        returned=Count("pk", filter=returned_draft(Event)),
    )
    sections = city_desk(programs, events, now) if is_city_editor(user) else partner_desk(user, programs, events, now)
    return [*sections, (_("Applications on the portal"), application_lines(user, now))]


def notice_sources_desk():
    """Each national source's last run (imports/): its outcome and counts, the count being the failed items."""
    lines = []
    latest = ImportRun.objects.filter(source=OuterRef("source")).values("pk")[:1]  # in the model's order: newest
    runs = {run.source: run for run in ImportRun.objects.filter(pk=Subquery(latest))}
    for source, label in NoticeSource.choices:
        run = runs.get(source)
        if run is None:
            lines.append(Line(label, 0, changelist(ImportRun, source__exact=source), _("never run yet")))
            continue
        note = _("%(outcome)s %(when)s: %(new)s new, %(updated)s updated, %(unchanged)s unchanged") % {
            "outcome": run.get_outcome_display(),
            "when": timezone.localtime(run.started_at).strftime("%Y-%m-%d %H:%M"),
            "new": run.created,
            "updated": run.updated,
            "unchanged": run.unchanged,
        }
        lines.append(Line(label, run.failed, changelist(ImportRun, source__exact=source), note))
    unsure = ProgramSource.objects.filter(match=ProgramSource.Match.UNSURE).count()
    lines.append(
        Line(
            _("Matches to confirm or split"),
            unsure,
            changelist(ProgramSource, match__exact=ProgramSource.Match.UNSURE),
            _("a notice matched to a program by its title, where the organiser or dates differ"),
        )
    )
    return [(_("National notices: failed items of the last run, matches to confirm"), lines)]


def application_lines(user, now):
    """Two queries: the applications submitted today (Korea time), those waiting for a supplement, and the appeals
    waiting for an answer."""
    today = timezone.localtime(now).date()
    counts = Application.objects.editable_by(user).aggregate(
        today=Count("pk", filter=Q(version__gt=0, submitted_at__date=today)),
        supplement=Count("pk", filter=Q(status=Application.Status.SUPPLEMENT)),
        supplement_due=Min("supplement_due", filter=Q(status=Application.Status.SUPPLEMENT)),
    )
    due = counts["supplement_due"]
    appeals = Appeal.objects.editable_by(user).filter(closed_at__isnull=True).count()
    return [
        Line(_("Applications received today"), counts["today"],
             changelist(Application, received="today")),
        Line(_("Supplements requested, waiting for the applicant"), counts["supplement"],
             changelist(Application, status__exact="supplement"),
             _("the first is due %(day)s") % {"day": due.isoformat()} if due else ""),
        Line(_("Appeals waiting for a written answer"), appeals, changelist(Appeal, closed_at__isempty="1")),
    ]  # fmt: skip


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
    institutes = Partner.objects.aggregate(
        quiet=Count("pk", filter=quiet(now)), unreachable=Count("pk", filter=without_contact(now))
    )
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
        Line(days_label(_("Institutes with nothing published for %(days)d days"), QUIET_DAYS), institutes["quiet"],
             changelist(Partner, activity="quiet")),
        Line(_("Institutes without a phone, email, address or website"), institutes["unreachable"],
             changelist(Partner, contact="missing"), _("founders cannot reach them from the portal")),
        *broken_lines(programs, events),
    ]  # fmt: skip
    return [(_("Waiting for your review"), waiting), (_("Across the institutes"), across), *notice_sources_desk()]


def broken_lines(programs, events):
    """Records whose link failed its last weekly check (core.links)."""
    return [
        Line(_("Programs with a link that stopped working"), programs["broken"], changelist(Program, links="broken")),
        Line(_("Events with a link that stopped working"), events["broken"], changelist(Event, links="broken")),
    ]


def partner_desk(user, programs, events, now):
    pending = Q(state=Revision.State.PENDING)
    own = Revision.objects.filter(author=user).aggregate(
        pending=Count("pk", filter=pending),
        pending_since=Min("updated_at", filter=pending),
        returned=Count("pk", filter=recently_returned(now)),
    )
    work = [
        Line(_("Program drafts returned to you"), programs["returned"], changelist(Program, returned="yes"),
             last_reason(user, Program) if programs["returned"] else ""),
        Line(_("Event drafts returned to you"), events["returned"], changelist(Event, returned="yes"),
             last_reason(user, Event) if events["returned"] else ""),
        Line(_("Program drafts"), programs["drafts"], changelist(Program, status__exact="draft")),
        Line(_("Event drafts"), events["drafts"], changelist(Event, status__exact="draft")),
        Line(_("Programs in review"), programs["review"], changelist(Program, status__exact="review"),
             waiting_note(programs["review_since"], now)),
        Line(_("Events in review"), events["review"], changelist(Event, status__exact="review"),
             waiting_note(events["review_since"], now)),
        Line(_("Your proposed changes waiting for the city"), own["pending"], changelist(Revision, needs="waiting"),
             waiting_note(own["pending_since"], now)),
        Line(days_label(_("Your proposed changes returned in the last %(days)d days"), RECENT_RETURNS_DAYS),
             own["returned"], changelist(Revision, needs="returned"), _("mark them as read once handled")),
    ]  # fmt: skip
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
