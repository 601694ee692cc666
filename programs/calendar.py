"""The month calendar of events: a grid of weeks, each day with its events."""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

# Korean calendars start the week on Sunday.
FIRST_WEEKDAY = calendar.SUNDAY
YEARS = range(2000, 2101)


@dataclass
class Day:
    date: date
    in_month: bool
    is_today: bool
    events: list = field(default_factory=list)


def month_bounds(year, month):
    """The month's first moment and the next month's first moment, in Asia/Seoul."""
    first = date(year, month, 1)
    following = (first + timedelta(days=32)).replace(day=1)
    return (
        timezone.make_aware(datetime.combine(first, time.min)),
        timezone.make_aware(datetime.combine(following, time.min)),
    )


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


def month_weeks(year, month, events):
    """Weeks of Days covering the month; an event spanning several days appears on each of them."""
    today = timezone.localdate()
    weeks = [
        [Day(day, day.month == month, day == today) for day in week]
        for week in calendar.Calendar(FIRST_WEEKDAY).monthdatescalendar(year, month)
    ]
    by_date = {day.date: day for week in weeks for day in week}
    for event in events:
        current, last = event_days(event)
        while current <= last:
            if current in by_date:
                by_date[current].events.append(event)
            current += timedelta(days=1)
    return weeks
