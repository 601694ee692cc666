"""The month calendar of events: a grid of weeks, each day with its first few events and how many more there are."""

import calendar
from collections import namedtuple
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import F
from django.db.models.functions import TruncDate
from django.utils import timezone

# Korean calendars start the week on Sunday.
FIRST_WEEKDAY = calendar.SUNDAY
YEARS = range(2000, 2101)
DAY_LIMIT = 3  # events shown in a day's cell; "N more" links to the day's own page


@dataclass
class Day:
    date: date
    in_month: bool
    is_today: bool
    events: list = field(default_factory=list)
    more: int = 0  # events of the day beyond DAY_LIMIT
    more_link: str = ""  # the link to the day's own page when there are more (HTML, made by the view)


def start_of_day(day):
    """A day's first moment, in Asia/Seoul."""
    return timezone.make_aware(datetime.combine(day, time.min))


def month_bounds(year, month):
    """The month's first moment and the next month's first moment, in Asia/Seoul."""
    first = date(year, month, 1)
    return start_of_day(first), start_of_day((first + timedelta(days=32)).replace(day=1))


def neighbours(year, month):
    """(previous year, month), (next year, month), each None outside the supported years."""
    previous = (year - 1, 12) if month == 1 else (year, month - 1)
    following = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(value if value[0] in YEARS else None for value in (previous, following))


def event_days(event):
    """The first and last day an event takes place, in Asia/Seoul: one ending at midnight ends the day before."""
    first = timezone.localtime(event.starts_at).date()
    end = timezone.localtime(event.ends_at)
    last = end.date() - timedelta(days=1) if end.time() == time.min and end.date() > first else end.date()
    return first, last


def day_bounds(day):
    """A day's first moment and the next day's, in Asia/Seoul."""
    return start_of_day(day), start_of_day(day + timedelta(days=1))


EventSpan = namedtuple("EventSpan", "pk first last")


def event_spans(events):
    """Each event's pk and first and last day, the days worked out by the database in Asia/Seoul as event_days()
    does (converting thousands of times in Python cost more than the rest of a busy month's page). The last day is
    the day of the end's last microsecond, so that one ending at midnight ends the day before, but never before its
    first day: two columns to convert instead of three."""
    # No translated column is read: modeltranslation's per-row fallbacks (rewrite) would cost a third of the time.
    rows = (
        events.rewrite(False)
        .annotate(first_day=TruncDate("starts_at"), last_day=TruncDate(F("ends_at") - timedelta(microseconds=1)))
        .values_list("pk", "first_day", "last_day")
    )
    return [EventSpan(pk, first, max(first, last)) for pk, first, last in rows]


def span_days(span):
    return span.first, span.last


def month_weeks(year, month, events, limit=None, days=event_days):
    """Weeks of Days covering the month; an event spanning several days appears on each of them (`days` gives an
    event's first and last day). With a limit, a day keeps its first `limit` events (in the order given) and counts
    the others in `more`."""
    today = timezone.localdate()
    weeks = [
        [Day(day, day.month == month, day == today) for day in week]
        for week in calendar.Calendar(FIRST_WEEKDAY).monthdatescalendar(year, month)
    ]
    by_date = {day.date: day for week in weeks for day in week}
    for event in events:
        current, last = days(event)
        while current <= last:
            day = by_date.get(current)
            if day is not None and limit is not None and len(day.events) >= limit:
                day.more += 1
            elif day is not None:
                day.events.append(event)
            current += timedelta(days=1)
    return weeks


def shown_events(weeks, records):
    """The Days' events replaced by the records (by pk) read for the few that are shown."""
    for week in weeks:
        for day in week:
            day.events = [records[event.pk] for event in day.events if event.pk in records]
    return weeks
