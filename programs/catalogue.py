"""The program catalogue's ordering and paging: reads only the ids of one page, then that page's rows."""

from django.db import connection
from django.db.models import DateTimeField, F, IntegerField, Value
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils.translation import get_language

from .models import DEADLINE_ORDER, Program, deadline_keys

SORT_DEADLINE, SORT_RELEVANCE, SORT_NEWEST, SORT_OPENING, SORT_TITLE = (
    "deadline",
    "relevance",
    "newest",
    "opening",
    "title",
)
KEY_NAMES = ["deadline_rank", "open_key", "upcoming_key", "closed_key"]


def _title_order():
    if get_language() == "ko":
        return ["title_ko", "slug"]
    return [Coalesce(NullIf("title_en", Value("")), "title_ko"), "slug"]


def _segment_union_ids(queryset, start, stop):
    """The deadline order on PostgreSQL: each segment read in index order up to `stop`, then merged."""
    empty_date = Cast(Value(None), DateTimeField())  # typed, so that every branch's column agrees
    branches = []
    for rank, segment in enumerate(queryset.deadline_segments()):
        keys = {"deadline_rank": Value(rank, output_field=IntegerField())}
        keys["open_key"] = F("application_closes_at") if rank == 0 else empty_date
        keys["upcoming_key"] = F("application_opens_at") if rank == 2 else empty_date
        keys["closed_key"] = F("application_closes_at") if rank == 3 else empty_date
        branches.append(segment.annotate(**keys).values_list("pk", *KEY_NAMES, "slug")[:stop])
    merged = branches[0].union(*branches[1:], all=True).order_by(*DEADLINE_ORDER)
    return [row[0] for row in merged[start:stop]]


class CataloguePage:
    """A sequence over a filtered queryset that Django's Paginator can slice, in the chosen order."""

    def __init__(self, queryset, *, sort, relevance_query=""):
        self.queryset = queryset
        self.sort = sort
        self.relevance_query = relevance_query

    def count(self):
        return self.queryset.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        ids = self.ordered_ids(window.start or 0, window.stop)
        rows = Program.objects.filter(pk__in=ids).select_related("organizer", "category").prefetch_related("audiences")
        by_id = {program.pk: program for program in rows}
        return [by_id[pk] for pk in ids if pk in by_id]

    def ordered_ids(self, start, stop):
        if stop is not None and stop <= start:
            return []
        queryset = self.queryset
        if self.sort == SORT_DEADLINE and connection.vendor == "postgresql":
            return _segment_union_ids(queryset, start, stop)
        if self.sort == SORT_NEWEST:
            ordered = queryset.order_by("-published_at", "-pk")
        elif self.sort == SORT_OPENING:
            ordered = queryset.order_by(F("application_opens_at").asc(nulls_last=True), "slug")
        elif self.sort == SORT_TITLE:
            ordered = queryset.order_by(*_title_order())
        elif self.sort == SORT_RELEVANCE:
            title_rank = queryset.title_match(self.relevance_query)
            ordered = queryset.alias(title_rank=title_rank, **deadline_keys()).order_by("-title_rank", *DEADLINE_ORDER)
        else:
            ordered = queryset.by_deadline()
        return list(ordered.values_list("pk", flat=True)[start:stop])
