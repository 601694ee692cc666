"""A filter state's count and page ids are kept for other addresses asking the same (programs.catalogue), and stay
exact: an edit shows at once, a deadline passing within the minute, a partial match is still explained."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.clock import NOW, at
from tests.factories import CategoryFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def page(client, query):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/programs/?{query}")
    assert response.status_code == 200
    return response, [query["sql"] for query in queries.captured_queries]


def slugs(response):
    return [program.slug for program in response.context["programs"]]


@pytest.fixture
def programs():
    education = CategoryFactory(slug="education")
    with time_machine.travel(NOW, tick=False):
        made = [
            ProgramFactory(
                slug=f"open-{n}", category=education, application_opens_at=at(-3), application_closes_at=at(n)
            )
            for n in range(1, 4)
        ]
        ProgramFactory(slug="closed", category=education, application_opens_at=at(-9), application_closes_at=at(-1))
    return made


def test_the_same_filters_under_another_address_are_not_counted_again(client, programs):
    with time_machine.travel(NOW, tick=False):
        first, first_queries = page(client, "state=open&category=education")
        again, again_queries = page(client, "category=education&category=education&state=open&from=newsletter")
    assert first.context["paginator"].count == again.context["paginator"].count == 3
    assert slugs(first) == slugs(again) == ["open-1", "open-2", "open-3"]
    counts = [sql for sql in first_queries if "COUNT(" in sql.upper()]
    assert len(counts) == 1 and len(again_queries) < len(first_queries)
    # Neither the count nor the page's ids are read again: only the page's rows.
    assert not any("COUNT(" in sql.upper() for sql in again_queries)
    assert sum('FROM "programs_program"' in sql for sql in again_queries) == 1


def test_an_edit_changes_the_count_at_once(client, programs):
    with time_machine.travel(NOW, tick=False):
        assert page(client, "state=open")[0].context["paginator"].count == 3
        programs[0].archive()
        response = page(client, "state=open&again=1")[0]
    assert response.context["paginator"].count == 2 and "open-1" not in slugs(response)


def test_a_deadline_passing_leaves_the_count_within_the_minute(client, programs):
    closing = programs[0]
    with time_machine.travel(NOW, tick=False) as clock:
        closing.application_closes_at = NOW + timedelta(seconds=30)
        closing.save()
        assert page(client, "state=open")[0].context["paginator"].count == 3
        clock.shift(timedelta(seconds=61))
        response = page(client, "state=open&again=1")[0]
    assert response.context["paginator"].count == 2 and closing.slug not in slugs(response)


def test_a_partial_match_is_explained_every_time(client, programs):
    ProgramFactory(slug="drone", title_ko="드론 비행 교육", title="드론 비행 교육", category=programs[0].category)
    for extra in ("", "&again=1"):
        response = page(client, f"q=드론 비행을 키우고 싶어요{extra}")[0]
        assert slugs(response) == ["drone"]
        assert response.context["relaxed"] and response.context["dropped_words"] == ["키우"]


def test_unified_search_counts_each_section_once_per_query(client, programs):
    ProgramFactory(slug="drone", title_ko="드론 비행 교육", title="드론 비행 교육", category=programs[0].category)
    with CaptureQueriesContext(connection) as first:
        assert client.get("/search/?q=드론").context["sections"][0].count == 1
    with CaptureQueriesContext(connection) as again:
        response = client.get("/search/?q=드론&from=newsletter")
    assert [program.slug for program in response.context["sections"][0].items] == ["drone"]
    assert any("COUNT(" in query["sql"].upper() for query in first.captured_queries)
    assert not any("COUNT(" in query["sql"].upper() for query in again.captured_queries)
    ProgramFactory(slug="drone-2", title_ko="드론 정비 교육", title="드론 정비 교육", category=programs[0].category)
    assert client.get("/search/?q=드론&again=2").context["sections"][0].count == 2  # an edit counts at once
