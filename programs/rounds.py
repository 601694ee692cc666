"""Rounds of a program: its family (linked through `previous_round`) and when the family usually opens."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import F
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from core.search import SEARCH_COLUMNS

from .models import Program

# The family's ids, however long: the rounds before this one, and those after it. UNION (not UNION ALL) stops at a
# row already seen, so that a loop of previous rounds an editor made cannot run for ever. The program's pk twice.
FAMILY_SQL = """
SELECT id FROM (
    WITH RECURSIVE earlier(id, previous_id) AS (
        SELECT id, previous_round_id FROM programs_program WHERE id = %s
        UNION
        SELECT p.id, p.previous_round_id FROM programs_program p JOIN earlier e ON p.id = e.previous_id
    ), later(id) AS (
        SELECT id FROM programs_program WHERE id = %s
        UNION
        SELECT p.id FROM programs_program p JOIN later l ON p.previous_round_id = l.id
    )
    SELECT id FROM earlier UNION SELECT id FROM later
) AS family
"""
FORECAST_ROUNDS = 5  # the last rounds that say when a family usually opens
MAX_SPREAD_MONTHS = 2  # opening months further apart than this "vary"


def family_rounds(program):
    """The published rounds of the program's family, the newest first (one query, however many rounds)."""
    ordering = [F("application_opens_at").desc(nulls_first=True), F("expected_opening").desc(nulls_last=True), "-pk"]
    family = RawSQL(FAMILY_SQL, [program.pk, program.pk])
    return Program.objects.published().filter(pk__in=family).defer(*SEARCH_COLUMNS).order_by(*ordering)


@dataclass(frozen=True)
class UsualOpening:
    """When a family usually opens: one month, a range of months (first to last, across the new year if need be),
    or None when the months vary; with the years of the rounds it is based on."""

    first_month: int | None
    last_month: int | None
    first_year: int
    last_year: int

    @property
    def varies(self):
        return self.first_month is None

    @property
    def single_month(self):
        return self.first_month is not None and self.first_month == self.last_month

    def __str__(self):
        years = str(self.first_year) if self.first_year == self.last_year else f"{self.first_year}–{self.last_year}"
        if self.varies:
            return _("Opening months vary (based on %(years)s).") % {"years": years}
        if self.single_month:
            month = MONTHS[self.first_month]
            return _("Usually opens in %(month)s (based on %(years)s).") % {"month": month, "years": years}
        months = {"first": MONTHS[self.first_month], "last": MONTHS[self.last_month], "years": years}
        return _("Usually opens in %(first)s–%(last)s (based on %(years)s).") % months


def _circular_span(months):
    """The shortest run of months (start, length) covering every month, going round the new year if shorter."""
    distinct = sorted(set(months))
    best = None
    for start in distinct:
        length = max((month - start) % 12 for month in distinct)
        if best is None or length < best[1]:
            best = (start, length)
    return best


def usual_opening(rounds, now=None):
    """When the family usually opens, from its published rounds that have already opened (the last five), or None
    with fewer than two. A month that at least half of them opened in is the answer; otherwise the range of months
    they opened in, unless that spans more than two months: then they vary."""
    now = now or timezone.now()
    opened = sorted(
        (timezone.localtime(program.application_opens_at) for program in rounds
         if program.is_public and program.application_opens_at and program.application_opens_at <= now),
        reverse=True,
    )[:FORECAST_ROUNDS]  # fmt: skip
    if len(opened) < 2:
        return None
    months = [moment.month for moment in opened]
    years = sorted(moment.year for moment in opened)
    start, spread = _circular_span(months)
    if spread > MAX_SPREAD_MONTHS:
        return UsualOpening(None, None, years[0], years[-1])
    month, count = Counter(months).most_common(1)[0]
    ties = [m for m, c in Counter(months).items() if c == count]
    if count * 2 >= len(months) and len(ties) == 1:
        return UsualOpening(month, month, years[0], years[-1])
    return UsualOpening(start, (start + spread - 1) % 12 + 1, years[0], years[-1])
