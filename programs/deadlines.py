"""The deadline order, in one place: the application states as conditions, the order's named segments, and which
segments each state filter keeps.

Open programs come first, closing soonest first; then rolling ones, those opening soon, the announced rounds (by
expected month), and the closed ones (most recently closed first, then rolling ones whose period ended, then those
with nothing to apply to). Each segment is ordered so that an index can serve it alone; PostgreSQL reads the
segments with a UNION ALL (programs/catalogue.py), SQLite sorts by the same keys.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Case, F, Q, Value, When
from django.utils.translation import ngettext_lazy

# What "closing soon" means, said with its number wherever it is shown (the catalogue's filter, the admin, the desk).
CLOSING_SOON_LABEL = ngettext_lazy("Closing within %(days)d day", "Closing within %(days)d days", "days") % {
    "days": settings.CLOSING_SOON_DAYS
}


def closing_soon_limit(now):
    return now + timedelta(days=settings.CLOSING_SOON_DAYS)


# The application states as conditions; each mirrors Program.application_state.
def has_opened(now):
    return Q(application_opens_at__isnull=True) | Q(application_opens_at__lte=now)


def is_open(now, today=None):
    return has_opened(now) & Q(application_closes_at__gte=now)


def is_rolling(now, today):
    not_over = Q(program_ends_on__isnull=True) | Q(program_ends_on__gte=today)
    return Q(rolling=True) & has_opened(now) & Q(application_closes_at__isnull=True) & not_over


def is_forecast(now=None, today=None):
    """An announced round: an expected opening month, no dates, not rolling."""
    return Q(
        rolling=False,
        application_opens_at__isnull=True,
        application_closes_at__isnull=True,
        expected_opening__isnull=False,
    )


def is_upcoming(now, today=None):
    return Q(application_opens_at__gt=now)


def is_closed_on_date(now, today=None):
    # Upcoming programs never close in the past: the database refuses closes < opens.
    return Q(application_closes_at__lt=now)


def is_ended_rolling(now, today):
    """A rolling program whose own period is over."""
    return has_opened(now) & Q(rolling=True, application_closes_at__isnull=True, program_ends_on__lt=today)


def is_not_accepting(now, today=None):
    """No closing date, neither rolling nor announced: nothing to apply to."""
    return has_opened(now) & Q(rolling=False, application_closes_at__isnull=True) & ~is_forecast()


def is_over_without_date(now, today):
    return is_ended_rolling(now, today) | is_not_accepting(now, today)


def is_over(now, today):
    """Nothing left to apply to: the segments of OVER_SEGMENTS (the catalogue ranks them after the others)."""
    return is_closed_on_date(now, today) | is_over_without_date(now, today)


@dataclass(frozen=True)
class Segment:
    name: str
    condition: object  # (now, today) -> Q
    key: str | None = None  # the alias that orders this segment within the whole order
    key_field: str | None = None  # the date column behind that alias
    newest_first: bool = False

    def ordering(self):
        if self.key_field is None:
            return ["slug"]
        return [F(self.key_field).desc() if self.newest_first else self.key_field, "slug"]


SEGMENTS = (
    Segment("open", is_open, "open_key", "application_closes_at"),
    Segment("rolling", is_rolling),
    Segment("upcoming", is_upcoming, "upcoming_key", "application_opens_at"),
    Segment("forecast", is_forecast, "forecast_key", "expected_opening"),
    Segment("closed", is_closed_on_date, "closed_key", "application_closes_at", newest_first=True),
    Segment("ended", is_ended_rolling, "ended_key", "program_ends_on", newest_first=True),
    Segment("not_accepting", is_not_accepting),
)
KEYS = ["deadline_rank", *(segment.key for segment in SEGMENTS if segment.key)]
DEADLINE_ORDER = [
    "deadline_rank",
    *(F(segment.key).desc() if segment.newest_first else segment.key for segment in SEGMENTS if segment.key),
    "slug",
]
# A state filter keeps only its own segments of the order.
STATE_SEGMENTS = {
    "open": {"open"},
    "closing": {"open"},
    "rolling": {"rolling"},
    "upcoming": {"upcoming"},
    "forecast": {"forecast"},
    "closed": {"closed", "ended", "not_accepting"},
}
OVER_SEGMENTS = STATE_SEGMENTS["closed"]  # where is_over holds


def deadline_keys(now, today):
    """Aliases for the whole order: the segment's rank, then the one date that orders each segment."""
    rank = Case(
        *(When(segment.condition(now, today), then=Value(number)) for number, segment in enumerate(SEGMENTS[:-1])),
        default=Value(len(SEGMENTS) - 1),
    )
    dated = {
        segment.key: Case(When(segment.condition(now, today), then=F(segment.key_field)))
        for segment in SEGMENTS
        if segment.key
    }
    return {"deadline_rank": rank, **dated}
