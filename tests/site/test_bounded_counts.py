"""Counts beyond the bound (programs.catalogue.COUNT_BOUND, 1,000; 5 here) say "or more" on the catalogue, /search/
and the API, paging goes on past the bound, and counts within it stay exact. Budget: 15 s a pass."""

import re

import pytest

from programs.models import Program
from programs.views.catalogue import ProgramListView
from tests.factories import EventFactory, ProgramFactory

pytestmark = pytest.mark.django_db

BOUND = 5


@pytest.fixture
def bounded(monkeypatch):
    monkeypatch.setattr("programs.catalogue.COUNT_BOUND", BOUND)
    monkeypatch.setattr(ProgramListView, "paginate_by", 2)


def programs(count):
    return [ProgramFactory(title_ko=f"데이터 창업 지원 {number}") for number in range(count)]


def text(client, path, **params):
    return client.get(path, params).content.decode()


def test_the_catalogue_says_or_more_beyond_the_bound_and_pages_on_past_it(client, bounded):
    made = programs(8)
    first = text(client, "/programs/")
    assert "지원사업 5개 이상" in first and 'rel="next"' in first and "쪽 중" not in first and "1쪽" in first
    third = text(client, "/programs/", page=3)
    assert 'rel="next"' in third and "?page=4" in third
    last = text(client, "/programs/", page=4)
    assert 'rel="next"' not in last and "4쪽 중 4쪽" in last  # the last page counts exactly
    shown = set()
    for page in (1, 2, 3, 4):
        shown |= {
            program.slug for program in made if program.get_absolute_url() in text(client, "/programs/", page=page)
        }
    assert shown == {program.slug for program in made}


def test_counts_within_the_bound_stay_exact(client, bounded):
    programs(4)
    page = text(client, "/programs/")
    assert "지원사업 4개" in page and "이상" not in page.split("portal-result-count")[1][:200]
    record = client.get("/api/v1/programs/").json()
    assert (record["count"], record["count_is_lower_bound"]) == (4, False)


def test_the_api_says_when_its_count_is_a_lower_bound(client, bounded):
    programs(8)
    first = client.get("/api/v1/programs/", {"page_size": 2}).json()
    assert first["count_is_lower_bound"] is True and first["count"] == BOUND + 1 and first["next"]
    third = client.get("/api/v1/programs/", {"page_size": 2, "page": 3}).json()
    assert third["count_is_lower_bound"] is True and "page=4" in third["next"]
    last = client.get("/api/v1/programs/", {"page_size": 2, "page": 4}).json()
    assert (last["count"], last["count_is_lower_bound"], last["next"]) == (8, False, None)
    assert client.get("/api/v1/programs/", {"page_size": 2, "page": 5}).status_code == 404
    spec = client.get("/api/v1/schema/?format=json").json()
    listed = spec["components"]["schemas"]["PaginatedProgramList"]["properties"]
    assert (
        listed["count_is_lower_bound"]["type"] == "boolean" and "count_is_lower_bound" in listed["count"]["description"]
    )


def test_search_says_or_more_for_a_common_word(client, bounded):
    programs(8)
    page = text(client, "/search/", q="데이터")
    assert "검색 결과 5건 이상" in page
    assert re.findall(r'badge text-bg-secondary">\s*([^<]*?)\s*<', page)[0] == "5+"
    section = text(client, "/search/", q="데이터", **{"in": "programs", "page": 1})
    badge = re.search(r'badge text-bg-secondary">\s*([^<]*?)\s*<', section).group(1)
    assert badge == "8"  # a page of 20 holds all eight: counted as far as it reaches


def test_search_bounds_the_events_count_too_and_pages_on_past_it(client, bounded, monkeypatch):
    monkeypatch.setattr("gwangju_portal.views.SECTION_PAGE_SIZE", 2)
    made = [EventFactory(title_ko=f"데이터 포럼 {number}") for number in range(8)]
    page = text(client, "/search/", q="포럼")
    assert re.findall(r'badge text-bg-secondary">\s*([^<]*?)\s*<', page)[0] == "5+"
    shown = set()
    for number in (1, 2, 3, 4):
        section = text(client, "/search/", q="포럼", **{"in": "events", "page": number})
        assert ("?q=%ED%8F%AC%EB%9F%BC&amp;in=events&amp;page=" + str(number + 1) in section) == (number < 4)
        shown |= {event.slug for event in made if event.get_absolute_url() in section}
    assert shown == {event.slug for event in made}


def test_the_programs_who_you_are_rules_out_are_counted_up_to_the_bound(client, bounded):
    for number in range(7):  # open to people of 40 and older: a 30-year-old is ruled out of each
        ProgramFactory(title_ko=f"중장년 창업 {number}", min_age=40)
    ProgramFactory(title_ko="누구나 창업", min_age=None, max_age=None)
    bounded_page = text(client, "/programs/", age=30)
    assert "나에게 맞지 않는 사업 5개 이상 더" in bounded_page
    for program in Program.objects.filter(min_age=40)[:3]:
        program.delete()  # four left: within the bound, counted exactly
    assert "나에게 맞지 않는 사업 4개 더" in text(client, "/programs/", age=30)
