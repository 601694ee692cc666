"""Messages to a program's followers: reminders a week and a day before it closes (WEEK, DAY), a message on the day
it opens, and its material changes, old -> new.

Every path that changes a program (the admin, an approved revision, an import, a bulk edit) is covered because this
compares each followed program with what its followers were last told (ProgramWatch), rather than listening to one
form. Only material fields count: a typo fixed in a title or a description sends nothing. Each message is queued
once: the watch moves on with a compare-and-set in the transaction that queues the messages.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.mail import MessageBatch
from programs.models import Audience, Program

from .models import OWNER, Alert, ProgramWatch
from .tokens import manage_url, unsubscribe_url

MATERIAL = {
    "application_opens_at": _("Applications open"),
    "application_closes_at": _("Applications close"),
    "rolling": _("Rolling applications"),
    "public": _("Published on the portal"),
    "min_age": _("Minimum age"),
    "max_age": _("Maximum age"),
    "min_business_years": _("Minimum business years"),
    "max_business_years": _("Maximum business years"),
    "audiences": _("For whom"),
    "apply_url": _("Application link"),
    "attachments": _("Attachments"),
}
WEEK, DAY = timedelta(days=7), timedelta(days=1)


def reminder_words():
    """When followers are reminded, in words taken from WEEK and DAY ("7 days", "1 day"), in the active language,
    for the pages and emails that say so."""

    def days(span):
        return ngettext("%(days)d day", "%(days)d days", span.days) % {"days": span.days}

    return {"week": days(WEEK), "day": days(DAY), "week_days": WEEK.days}


def material_values(program):
    """The values followers are told about, as JSON (times in ISO form, relations as sorted lists)."""
    return {
        "application_opens_at": program.application_opens_at and program.application_opens_at.isoformat(),
        "application_closes_at": program.application_closes_at and program.application_closes_at.isoformat(),
        "rolling": program.rolling,
        "public": program.is_public,
        "min_age": program.min_age,
        "max_age": program.max_age,
        "min_business_years": program.min_business_years,
        "max_business_years": program.max_business_years,
        "audiences": sorted(audience.slug for audience in program.audiences.all()),
        "apply_url": program.apply_url,
        "attachments": sorted(attachment.title for attachment in program.attachments.all()),
    }


def shown(field, value):
    """A material value as a follower reads it, in the active language."""
    if value in (None, "", []):
        return "—"
    if field in ("application_opens_at", "application_closes_at"):
        return formats.date_format(timezone.localtime(datetime.fromisoformat(value)), "DATETIME_FORMAT")
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if field == "audiences":
        names = dict(Audience.objects.values_list("slug", "name"))
        return ", ".join(str(names.get(slug, slug)) for slug in value)
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)


def messages_due(program, watch, values, now):
    """[(kind, key suffix)] of what the followers should hear now, and the watch's new markers."""
    due, markers = [], {}
    changed = {field for field in MATERIAL if watch.values.get(field) != values[field]}
    if changed:
        due.append(("change", str(watch.version + 1)))
    closes, opens = program.application_closes_at, program.application_opens_at
    if values["public"] and closes and now < closes:
        if closes - now <= DAY and watch.day_reminder_for != closes:
            due.append(("day", f"{closes:%Y%m%d%H%M}"))
            markers.update(day_reminder_for=closes, week_reminder_for=closes)
        elif DAY < closes - now <= WEEK and watch.week_reminder_for != closes:
            due.append(("week", f"{closes:%Y%m%d%H%M}"))
            markers["week_reminder_for"] = closes
    if values["public"] and opens and opens <= now < opens + DAY and watch.opening_for != opens:
        if not (closes and closes <= now):
            due.append(("opening", f"{opens:%Y%m%d%H%M}"))
        markers["opening_for"] = opens
    return due, markers, changed


def follows_send(now):
    """Queue the messages due to followers of programs; returns how many were queued."""
    followers = {}
    for alert in (
        Alert.objects.filter(
            program__isnull=False, confirmed_at__isnull=False, paused=False, subscriber__paused_for_bounces=False
        )
        .select_related("subscriber")
        .iterator(chunk_size=2000)
    ):
        followers.setdefault(alert.program_id, []).append(alert)
    if not followers:
        return 0
    programs = (
        Program.objects.filter(pk__in=followers)
        .select_related("organizer")
        .prefetch_related("audiences", "attachments")
    )
    batch = MessageBatch(owner=OWNER)
    watches = {watch.program_id: watch for watch in ProgramWatch.objects.filter(program_id__in=followers)}
    queued = 0
    for program in programs:
        values = material_values(program)
        watch = watches.get(program.pk)
        if watch is None:  # first follower: what they are told about starts from here
            ProgramWatch.objects.get_or_create(program=program, defaults={"values": values})
            continue
        due, markers, changed = messages_due(program, watch, values, now)
        if not due:
            continue
        with transaction.atomic():
            moved = ProgramWatch.objects.filter(pk=watch.pk, version=watch.version).update(
                values=values, version=F("version") + (1 if changed else 0), **markers
            )
            if not moved:  # another run told them meanwhile
                continue
            for kind, suffix in due:
                for alert in followers[program.pk]:
                    message_queue(batch, alert, program, kind, suffix, watch.values, values, changed)
                    queued += 1
            batch.flush()  # with the messages it sends: a popular program's followers in tasks of 100
    return queued


def message_queue(batch, alert, program, kind, suffix, old, new, changed):
    subscriber = alert.subscriber
    with translation.override(subscriber.language):
        unsubscribe = unsubscribe_url(subscriber, alert)
        context = {
            "kind": kind,
            "program": program,
            "changes": [
                (MATERIAL[field], shown(field, old.get(field)), shown(field, new[field]))
                for field in MATERIAL
                if field in changed
            ],
            "manage_url": manage_url(subscriber),
            "unsubscribe_url": unsubscribe,
            "site_url": settings.SITE_URL,
            "reminders": reminder_words(),
        }
        subjects = {
            "change": gettext("Changed: %(title)s"),
            "week": gettext("Closes in %(week)s: %(title)s"),
            "day": gettext("Closes within %(day)s: %(title)s"),
            "opening": gettext("Open for applications: %(title)s"),
        }
        batch.queue(
            subscriber.email,
            f"{kind}:{program.pk}:{suffix}",
            gettext("[Gwangju AI & Start-up Portal] %(subject)s")
            % {"subject": subjects[kind] % {"title": program.title, **context["reminders"]}},
            render_to_string("alerts/email/program.txt", context),
            html=render_to_string("alerts/email/program.html", context),
            headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        )
