"""iCalendar (RFC 5545) files for events and application deadlines, made with the icalendar library."""

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Timezone
from icalendar import Event as CalendarEvent

from core.fragments import PER_HOUR, cached_many, fragment_key
from core.site import absolute_url
from core.text import one_line, plain_text

ICS_LIMIT = 1000  # entries in one calendar file

PRODUCT_ID = "-//Gwangju AI & Start-up Portal//Calendar//KO"
UID_DOMAIN = "gwangju-ai-startup-portal"
# SEQUENCE must grow whenever a record changes: the seconds between this moment and its last change do.
SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
ALARM_DAYS_BEFORE_CLOSING = (7, 1)


def _new_calendar(name, method="PUBLISH"):
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("x-wr-calname", one_line(name))  # stored text can never break a line
    calendar.add("x-wr-timezone", timezone.get_current_timezone_name())
    return calendar


def _sequence(record):
    return max(0, int((record.updated_at - SEQUENCE_EPOCH).total_seconds()))


def _component(record, uid, summary, start, request, end=None, description=""):
    component = CalendarEvent()
    component.add("uid", f"{uid}@{UID_DOMAIN}")
    component.add("dtstamp", timezone.now().astimezone(UTC))
    component.add("last-modified", record.updated_at.astimezone(UTC))
    component.add("sequence", _sequence(record))
    component.add("summary", one_line(summary))
    # A date is an all-day entry; a time is shown in Korea's time zone.
    component.add("dtstart", timezone.localtime(start) if isinstance(start, datetime) else start)
    if end is not None:
        component.add("dtend", timezone.localtime(end) if isinstance(end, datetime) else end)
    url = absolute_url(record.get_absolute_url())
    component.add("url", url)
    component.add("description", plain_text("\n\n".join(part for part in (description, url) if part)))
    return component


def event_component(event, request):
    description = "\n".join(part for part in (event.summary, str(event.organizer)) if part)
    component = _component(
        event, f"event-{event.pk}", event.title, event.starts_at, request, event.ends_at, description
    )
    location = ", ".join(part for part in (event.venue_name, event.venue_address) if part) or event.online_url
    if location:
        component.add("location", one_line(location))
    return component


def deadline_components(program, request):
    """An entry for the opening of applications while it is to come, and one for the closing, with reminders before
    it; for an announced round, an all-day entry on the first day of the month it is expected to open."""
    components = []
    if program.application_state == "forecast":
        first_day = program.expected_opening.replace(day=1)
        summary = _("Expected to open: %(title)s") % {"title": program.title}
        uid = f"program-{program.pk}-expected"
        components.append(_component(program, uid, summary, first_day, request, first_day + timedelta(days=1)))
    if program.application_opens_at and program.application_state == "upcoming":  # an opening past is no news
        summary = _("Applications open: %(title)s") % {"title": program.title}
        components.append(
            _component(program, f"program-{program.pk}-opens", summary, program.application_opens_at, request)
        )
    if program.application_closes_at:
        summary = _("Applications close: %(title)s") % {"title": program.title}
        closing = _component(program, f"program-{program.pk}-closes", summary, program.application_closes_at, request)
        for days in ALARM_DAYS_BEFORE_CLOSING:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("trigger", timedelta(days=-days))
            left = _("%(days)s day(s) left: %(title)s") % {"days": days, "title": program.title}
            alarm.add("description", one_line(left))
            closing.add_component(alarm)
        components.append(closing)
    return components


@lru_cache(maxsize=8)
def _timezone_component(tzid):
    """A VTIMEZONE built from the time zone database: 50 ms of work each time, so built once per process."""
    try:
        return Timezone.from_tzid(tzid)
    except ValueError:  # a zone the database does not know: left out, as add_missing_timezones does
        return None


def calendar_bytes(name, components, method="PUBLISH"):
    """An iCalendar file named `name` holding the given components, with the time zones they use."""
    calendar = _new_calendar(name, method)
    for component in components:
        calendar.add_component(component)
    # What add_missing_timezones does, with each VTIMEZONE made once: they go before the entries that use them.
    found = [_timezone_component(tzid) for tzid in sorted(calendar.get_missing_tzids())]
    calendar.subcomponents[:0] = [timezone for timezone in found if timezone is not None]
    return calendar.to_ical()


# Entries of many-record calendars are kept as text per record: folding lines is most of the work of a big file.
ENTRY_SECONDS = 3600


def _entries_text(queryset, limit, build, key_fields):
    """Each record's entries as iCalendar text, made once per record, language, content generation and hour (their
    DTSTAMP) and read from the cache in one round trip; only the records missing from it are read in full."""
    records = list(queryset.select_related(None).only("pk", *key_fields)[:limit])
    stamp = fragment_key("ics", per=PER_HOUR)
    pks = {
        f"ics:{type(record).__name__}:{record.pk}:{getattr(record, 'application_state', '')}:{stamp}": record.pk
        for record in records
    }

    def make(keys):
        full = queryset.filter(pk__in=[pks[key] for key in keys]).in_bulk()
        return {
            key: b"".join(component.to_ical() for component in build(full[pks[key]]))
            for key in keys
            if pks[key] in full
        }

    found = cached_many(list(pks), make, ENTRY_SECONDS)
    return [found[key] for key in pks if key in found]


def records_calendar_response(name, queryset, build, filename, key_fields=()):
    """An .ics file of the first ICS_LIMIT records of `queryset`, `build(record)` giving each one's components (all in
    the site's time zone); `key_fields` are those the entries' time-dependent part (a program's state) reads."""
    entries = [text for text in _entries_text(queryset, ICS_LIMIT, build, key_fields) if text]
    calendar = _new_calendar(name).to_ical()
    if entries:
        timezone_component = _timezone_component(settings.TIME_ZONE)
        entries.insert(0, timezone_component.to_ical() if timezone_component is not None else b"")
    end = b"END:VCALENDAR\r\n"
    return _ics_response(calendar.removesuffix(end) + b"".join(entries) + end, filename)


def event_calendar_bytes(event):
    """One event's calendar file, as attached to a registration's ticket."""
    return calendar_bytes(event.title, [event_component(event, None)])


def event_cancellation_bytes(event):
    """A calendar cancellation (RFC 5546 METHOD:CANCEL) of the entry the ticket's file added: the same UID, a
    SEQUENCE at least as high, so that a calendar program removes the entry when the registration is cancelled."""
    component = event_component(event, None)
    component.pop("sequence")
    component.add("sequence", max(_sequence(event), int((timezone.now() - SEQUENCE_EPOCH).total_seconds())))
    component.add("status", "CANCELLED")
    return calendar_bytes(event.title, [component], method="CANCEL")


GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render"


def _google_time(moment):
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def google_calendar_url(record):
    """A plain "add to Google Calendar" link (the calendar's documented TEMPLATE address): nothing is requested from
    Google until the visitor follows it. An event from its start to its end; a program's closing of applications."""
    if hasattr(record, "starts_at"):  # an event
        start, end, title = record.starts_at, record.ends_at or record.starts_at, record.title
        location = ", ".join(part for part in (record.venue_name, record.venue_address) if part) or record.online_url
    elif record.application_closes_at:
        start = end = record.application_closes_at
        title, location = _("Applications close: %(title)s") % {"title": record.title}, ""
    else:
        return ""
    query = {
        "action": "TEMPLATE",
        "text": one_line(title),
        "dates": f"{_google_time(start)}/{_google_time(end)}",
        "details": absolute_url(record.get_absolute_url()),
        "ctz": settings.TIME_ZONE,
    }
    if location:
        query["location"] = one_line(location)
    return f"{GOOGLE_CALENDAR}?{urlencode(query)}"


def _ics_response(body, filename):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def calendar_response(name, components, filename):
    """An .ics file named `name` holding the given components, with the time zones they use."""
    return _ics_response(calendar_bytes(name, components), filename)
