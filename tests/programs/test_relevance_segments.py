"""The catalogue's relevance order across every application state: programs that are over (closed, ended, no longer
accepting) come after all others, title matches first on each side, each tier in the deadline order. On PostgreSQL
each side reads only the deadline segments it can hold (programs/catalogue.py); the expected order here is built
from by_deadline(), the order both databases share."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from programs.catalogue import CataloguePage
from programs.models import Program
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def states(now, today):
    return {
        "open": {"application_closes_at": now + timedelta(days=5)},
        "open-later": {"application_closes_at": now + timedelta(days=20)},
        "rolling": {"rolling": True, "application_closes_at": None},
        "upcoming": {"application_opens_at": now + timedelta(days=3), "application_closes_at": now + timedelta(days=9)},
        "forecast": {"application_opens_at": None, "application_closes_at": None, "expected_opening": date(2031, 5, 1)},
        "closed": {"application_opens_at": now - timedelta(days=30), "application_closes_at": now - timedelta(days=2)},
        "closed-long-ago": {
            "application_opens_at": now - timedelta(days=90),
            "application_closes_at": now - timedelta(days=60),
        },
        "ended": {"rolling": True, "application_closes_at": None, "program_ends_on": today - timedelta(days=3)},
        "not-accepting": {"application_closes_at": None},
    }


def test_over_programs_follow_the_others_tier_by_tier_in_the_deadline_order():
    now, today = timezone.now(), timezone.localdate()
    for name, dates in states(now, today).items():
        ProgramFactory(slug=f"title-{name}", title_ko=f"창업 {name}", **dates)
        ProgramFactory(slug=f"body-{name}", title_ko=f"과정 {name}", summary_ko="창업 준비", **dates)
    published = Program.objects.published()
    over = published.closed()
    expected = [
        program.slug
        for side in (published.exclude(pk__in=over), over)
        for tier in ("title-", "body-")
        for program in side.filter(slug__startswith=tier).by_deadline()
    ]
    assert len(expected) == 18 and {slug.split("-", 1)[1] for slug in expected[-6:]} == {
        "closed",
        "closed-long-ago",
        "ended",
        "not-accepting",
    }

    def page():
        return CataloguePage(published.search("창업"), sort="relevance", relevance_query="창업", unsearched=published)

    assert [program.slug for program in page()[0:18]] == expected
    for size in (4, 5, 7):  # pages that end inside a tier or a side join up
        catalogue = page()
        assert [program.slug for start in range(0, 18, size) for program in catalogue[start : start + size]] == expected


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the segments are read one by one on PostgreSQL only")
def test_a_page_the_first_segment_fills_reads_no_other():
    """Concatenated, the segments are the deadline order: a page the open programs fill reads no other segment; one
    they do not fill reads the others in one more query."""
    now, today = timezone.now(), timezone.localdate()
    for name, dates in states(now, today).items():
        ProgramFactory(slug=name, **dates)
    published = Program.objects.published()
    expected = list(published.by_deadline().values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as reads:
        first_two = CataloguePage(published, sort="deadline").ordered_ids(0, 2)
    assert first_two == expected[:2] and len(reads.captured_queries) == 1
    with CaptureQueriesContext(connection) as reads:
        to_the_forecast = CataloguePage(published, sort="deadline").ordered_ids(1, 5)
    assert to_the_forecast == expected[1:5] and len(reads.captured_queries) == 2  # the open ones, then the others
