"""The program catalogue's ordering and paging: reads only the ids of one page, then that page's rows."""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import DateTimeField, F, IntegerField, Value
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import get_language

from core.fragments import PER_MINUTE, fragment_key
from core.search import counted_through_word_index, narrowed, ranked_ids, relaxed_plan, search_plan

from .deadlines import DEADLINE_ORDER, KEYS, OVER_SEGMENTS, SEGMENTS, STATE_SEGMENTS, is_over
from .models import Program

SORT_DEADLINE, SORT_RELEVANCE, SORT_NEWEST, SORT_OPENING, SORT_TITLE = (
    "deadline",
    "relevance",
    "newest",
    "opening",
    "title",
)


def _title_order():
    if get_language() == settings.LANGUAGE_CODE:  # Korean titles are always there
        return ["title_ko", "slug"]
    return [Coalesce(NullIf("title_en", Value("")), "title_ko"), "slug"]


ALL_SEGMENTS = frozenset(segment.name for segment in SEGMENTS)


def _segment_ids(queryset, start, stop, segments):
    """The deadline order on PostgreSQL: the first of the named segments read alone in index order, then, if it holds
    fewer than `stop`, the others each read in index order up to what is missing and merged. A common word's first
    page is then one query of one segment to build and compile, where a UNION of all of them compiled the whole
    search condition once per segment. A segment the queryset cannot hold is left out rather than read: PostgreSQL,
    expecting rows there, would walk its whole index (every closed program) to find none."""
    built = queryset.deadline_segments(segments)
    if not built:
        return []
    (_rank, _segment, first), others = built[0], built[1:]
    ids = list(first.values_list("pk", flat=True)[:stop])
    if others and (stop is None or len(ids) < stop):
        ids += _merged_ids(others, None if stop is None else stop - len(ids))
    return ids[start:stop]


def _merged_ids(built, stop):
    """The first `stop` ids of several segments in the deadline order, in one query: each read up to `stop`."""
    empty_date = Cast(Value(None), DateTimeField())  # typed, so that every branch's column agrees
    branches = []
    for rank, segment, programs in built:
        keys = {"deadline_rank": Value(rank, output_field=IntegerField())}
        keys.update(dict.fromkeys(KEYS[1:], empty_date))
        if segment.key:
            keys[segment.key] = F(segment.key_field)
        branches.append(programs.annotate(**keys).values_list("pk", *KEYS, "slug")[:stop])
    # A single segment is already in order.
    merged = branches[0] if len(branches) == 1 else branches[0].union(*branches[1:], all=True).order_by(*DEADLINE_ORDER)
    return [row[0] for row in merged[:stop]]


# Beyond this many matches a count says "at least" (1,000개 이상; the API's count_is_lower_bound): counting every
# match of a common word or a broad filter costs more than the whole rest of the page.
COUNT_BOUND = 1000


def bounded_count(queryset):
    """(how many, whether that is a lower bound): exact up to COUNT_BOUND, else COUNT_BOUND and True."""
    found = queryset.order_by()[: COUNT_BOUND + 1].count()
    return min(found, COUNT_BOUND), found > COUNT_BOUND


class BoundedCount:
    """A count exact up to COUNT_BOUND, and beyond it a lower bound that still covers the furthest window asked for
    (`reach`, set by the paginator from the page number), so that the next page is always offered while there is
    one. A subclass's count() counts at most count_limit() matches."""

    reach = 0

    def reach_to(self, stop):
        self.reach = max(self.reach, stop)

    def count_limit(self):
        """One more than needed: finding that many means there are more."""
        return max(COUNT_BOUND, self.reach) + 1

    @property
    def count_is_lower_bound(self):
        return self.count() >= self.count_limit()

    @property
    def count_shown(self):
        """The number a visitor reads: the exact count, or COUNT_BOUND when it is a lower bound."""
        return COUNT_BOUND if self.count_is_lower_bound else self.count()


class CataloguePage(BoundedCount):
    """A sequence over a filtered queryset that Django's Paginator can slice, in the chosen order."""

    def __init__(self, queryset, *, sort, relevance_query="", unsearched=None, state=None, relax=True):
        self.queryset = queryset
        self.sort = sort
        self.plan = search_plan(relevance_query) if relevance_query else None
        self.unsearched = unsearched  # the queryset before the keyword search, for relevance and partial matches
        self.state = state
        self.relax = relax  # False where the caller decides on partial matches itself (/search/)
        self.relaxed = False  # True when no program held every word and the best partial matches are shown

    def count(self):
        if not hasattr(self, "_count"):
            bounded = self.queryset.order_by()[: self.count_limit()]
            self._count = counted_through_word_index(bounded) if self.plan else bounded.count()
            if not self._count and self.relax and self.plan and self.unsearched is not None:
                self._relax()
        return self._count

    def _relax(self):
        """No program holds every word: show those holding the most telling ones (nouns before verbs)."""
        relaxed = relaxed_plan(self.unsearched, self.plan)
        if relaxed:
            (self.plan, self._count), self.relaxed = relaxed, True
            self.queryset = self.unsearched.search(self.plan)

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        ids = self.ordered_ids(window.start or 0, window.stop)
        by_id = {program.pk: program for program in self.rows(ids)}
        return [by_id[pk] for pk in ids if pk in by_id]

    def rows(self, ids):
        """The programs of one page, in any order: as much as their cards' cache keys need (program_cards reads
        the rest for the cards not in the cache)."""
        return Program.objects.filter(pk__in=ids).card_stubs()

    def deadline_ids(self, queryset, start, stop, among_over=None):
        """Ids in the deadline order; `among_over`, True or False: the queryset holds only programs that are over
        (deadlines.is_over), or none of them."""
        if connection.vendor == "postgresql":
            segments = STATE_SEGMENTS.get(self.state, ALL_SEGMENTS)
            if among_over is not None:
                segments = segments & OVER_SEGMENTS if among_over else segments - OVER_SEGMENTS
            return _segment_ids(queryset, start, stop, segments)
        return list(queryset.by_deadline().values_list("pk", flat=True)[start:stop])

    def ordered_ids(self, start, stop):
        if stop is not None and stop <= start:
            return []
        if self.sort == SORT_RELEVANCE and self.plan and self.unsearched is not None:
            over = is_over(timezone.now(), timezone.localdate())
            return ranked_ids(self.unsearched, self.plan, start, stop, self.deadline_ids, count=self.count(), last=over)
        orderings = {
            SORT_NEWEST: ["-published_at", "-pk"],
            SORT_OPENING: [F("application_opens_at").asc(nulls_last=True), "slug"],
            SORT_TITLE: _title_order(),
        }
        matches = narrowed(self.queryset, self.count()) if self.plan else self.queryset
        if self.sort not in orderings:
            return self.deadline_ids(matches, start, stop)
        return list(matches.order_by(*orderings[self.sort]).values_list("pk", flat=True)[start:stop])


REMEMBERED_SECONDS = 120  # keyed on the minute: never read after the next one


@dataclass(frozen=True)
class CatalogueQuery:
    """One catalogue question, read once from a bound ProgramFilter: the matching programs, the filters in normal
    form (what remembered counts and pages are keyed on), the sort, the keyword search's plan with the programs
    before it (for ranking and partial matches) and the state asked. The HTML catalogue and the API page with it."""

    queryset: object
    filters: str
    sort: str
    relevance_query: object  # the keyword search's plan, or "" without a keyword
    unsearched: object  # the programs before the keyword search, or None
    state: str | None
    to_check: object = None  # with "who you are" answers: the condition of the programs to check (programs/rules.py)

    @classmethod
    def of(cls, filterset):
        filterset.form.is_valid()  # an invalid filter is reported in the form and otherwise ignored
        chosen = filterset.form.cleaned_data
        queryset = filterset.qs  # runs the filters: the keyword search leaves its plan on the filter set
        return cls(
            queryset=queryset,
            filters=filterset.normal_form(leave_out=("sort",)),
            sort=filterset.chosen_sort(),
            relevance_query=filterset.search_plan or chosen.get("q") or "",
            unsearched=filterset.unsearched,
            state=chosen.get("state"),
            to_check=filterset.to_check,
        )

    def page(self, page_class=None, **kwargs):
        """The remembered page over this question (RememberedCataloguePage, or a subclass). With "who you are"
        answers, the programs that fit come first, then those to check, each group in the chosen order."""
        page_class = page_class or RememberedCataloguePage
        if self.to_check is None:
            return self._page(page_class, self.queryset, self.unsearched, self.filters, **kwargs)
        split = [
            (FITS, lambda programs: programs.exclude(self.to_check)),
            (CHECK, lambda programs: programs.filter(self.to_check)),
        ]
        return GroupedPage(
            [
                (
                    group,
                    self._page(
                        page_class,
                        narrow(self.queryset),
                        None if self.unsearched is None else narrow(self.unsearched),
                        f"{self.filters}:{group}",
                        relax=False,  # partial matches in one group and not the other would mislead
                        **kwargs,
                    ),
                )
                for group, narrow in split
            ]
        )

    def _page(self, page_class, queryset, unsearched, filters, **kwargs):
        return page_class(
            queryset,
            filters=filters,
            sort=self.sort,
            relevance_query=self.relevance_query,
            unsearched=unsearched,
            state=self.state,
            **kwargs,
        )


FITS, CHECK = "fits", "check"


class GroupedPage:
    """Pages of programs one after the other, for Django's Paginator: a window across them reads from each the part
    it covers. Programs get `fit_group`, the name of their group; serialized records (the API's) stay as they are.
    A group whose count is a lower bound covers the furthest window asked for, so no window reaches past it."""

    relaxed = False

    def __init__(self, groups):
        self.groups = groups
        self.plan = groups[0][1].plan

    def reach_to(self, stop):
        for _group, page in self.groups:
            page.reach_to(stop)

    def count(self):
        return sum(page.count() for _group, page in self.groups)

    @property
    def count_is_lower_bound(self):
        return any(page.count_is_lower_bound for _group, page in self.groups)

    @property
    def count_shown(self):
        return COUNT_BOUND if self.count_is_lower_bound else self.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        start, stop = window.start or 0, window.stop
        found, offset = [], 0
        for group, page in self.groups:
            size = page.count()
            low, high = max(start - offset, 0), size if stop is None else min(stop - offset, size)
            if low < high:
                for item in page[low:high]:
                    if hasattr(item, "pk"):
                        item.fit_group = group
                    found.append(item)
            offset += size
        return found


class Remembered:
    """What a filter state gives (a count, a page's ids), kept in the shared cache for the content generation and
    the minute. Counting and ordering a large filtered set cost more than the rest of a page, and visitors ask the
    same filters again under other addresses: the next page, another sort, the parameters in another order.

    What is kept stays exact: any saved change moves the generation, and what changes with time alone (a deadline
    passing, a scheduled publication) is read again each minute, as whole cached pages are."""

    def remember_as(self, namespace, filters):
        self.stamp = fragment_key(namespace, per=PER_MINUTE)  # one reading for the page
        self.filters = filters

    def remembered(self, name, compute, keep=lambda value: True):
        digest = hashlib.sha256(f"{self.filters}:{name}".encode()).hexdigest()
        key = f"catalogue:{self.stamp}:{digest}"
        value = cache.get(key)
        if value is None:
            value = compute()
            if keep(value):
                cache.set(key, value, REMEMBERED_SECONDS)
        return value


class RememberedCataloguePage(Remembered, CataloguePage):
    """The catalogue's count and pages of ids, remembered. Partial matches (no program held every word) are not
    kept: the page explains them from the relaxed search itself."""

    def __init__(self, queryset, *, filters, namespace, **kwargs):
        super().__init__(queryset, **kwargs)
        self.remember_as(namespace, f"{filters}:{self.relax}")

    def count(self):
        if not hasattr(self, "_count"):
            count = super().count
            self._count = self.remembered(f"count:{self.count_limit()}", count, keep=lambda _: not self.relaxed)
        return self._count

    def ordered_ids(self, start, stop):
        if self.relaxed:
            return super().ordered_ids(start, stop)
        name = f"ids:{self.sort}:{get_language()}:{start}:{stop}"
        return self.remembered(name, lambda: super(RememberedCataloguePage, self).ordered_ids(start, stop))
