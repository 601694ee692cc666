"""The program catalogue: filters, sorts, chips and bad input."""

import pytest
from django.http import QueryDict

from programs.catalogue import CataloguePage
from programs.filters import ProgramFilter
from programs.models import Program
from tests.clock import at
from tests.factories import AudienceFactory, CategoryFactory, PartnerFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def listed(client, query="", language=""):
    response = client.get(f"{language}/programs/?{query}")
    assert response.status_code == 200
    return [program.slug for program in response.context["programs"]]


@pytest.fixture
def catalogue(frozen):
    youth = AudienceFactory(slug="youth")
    AudienceFactory(slug="pre-founder", name_ko="예비창업자")  # the stage's name, which the fund's rules give it
    education, investment = CategoryFactory(slug="education"), CategoryFactory(slug="investment", name_ko="투자")
    techno_park = PartnerFactory(slug="gjtp", name_ko="광주테크노파크")
    return {
        "academy": ProgramFactory(
            slug="academy",
            title_ko="청년 창업아카데미",
            title_en="Youth Start-up Academy",
            category=education,
            audiences=[youth],
            organizer=techno_park,
            min_age=19,
            max_age=39,
            max_business_years=0,
            application_opens_at=at(-5),
            application_closes_at=at(3),
            published_at=at(-5),
        ),
        "fund": ProgramFactory(
            slug="fund",
            title_ko="투자 연계 지원",
            title_en="Investment bridge",
            category=investment,
            max_business_years=7,  # pre-founders and businesses up to year 7
            application_opens_at=at(-20),
            application_closes_at=at(40),
            published_at=at(-20),
        ),
        "rolling": ProgramFactory(
            slug="rolling",
            title_ko="상시 멘토링",
            title_en="",
            category=education,
            application_opens_at=None,
            application_closes_at=None,
            rolling=True,
            published_at=at(-1),
        ),
        "next-month": ProgramFactory(
            slug="next-month",
            title_ko="다음 달 공모",
            title_en="Next month call",
            category=investment,
            min_age=40,
            application_opens_at=at(20),
            application_closes_at=at(50),
            published_at=at(-2),
        ),
        "closed": ProgramFactory(
            slug="closed",
            title_ko="지난 공모",
            title_en="Past call",
            category=education,
            application_opens_at=at(-60),
            application_closes_at=at(-30),
            published_at=at(-60),
        ),
    }


def test_default_order_is_closing_soonest_then_rolling_upcoming_and_closed(client, catalogue):
    assert listed(client) == ["academy", "fund", "rolling", "next-month", "closed"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("category=education", ["academy", "rolling", "closed"]),
        ("category=education&category=investment", ["academy", "fund", "rolling", "next-month", "closed"]),
        ("audience=youth", ["academy"]),
        ("audience=youth&audience=pre-founder", ["academy", "fund"]),
        ("organizer=gjtp", ["academy"]),
        ("state=open", ["academy", "fund"]),
        ("state=closing", ["academy"]),
        ("state=upcoming", ["next-month"]),
        ("state=rolling", ["rolling"]),
        ("state=closed", ["closed"]),
        # "Who you are" gives the checker's answer: programs one can apply to now or soon, those that fit first,
        # then those with a rule the answers say nothing about (programs/rules.py).
        ("age=25", ["rolling", "academy", "fund"]),
        ("age=45", ["rolling", "next-month", "fund"]),
        ("years=0", ["fund", "rolling", "academy", "next-month"]),
        ("years=5", ["fund", "rolling", "next-month"]),  # the fund takes businesses up to year 7
        ("years=10", ["rolling", "next-month"]),
        ("start=2026-04-05&end=2026-04-30", ["fund", "rolling", "next-month"]),
        ("end=2026-02-01", ["rolling", "closed"]),
        ("q=창업", ["academy", "fund"]),  # the fund is for 예비창업자 (pre-founders): audiences are searched too
        ("q=investment", ["fund", "next-month"]),  # next-month is in the investment field
        ("category=education&state=open&age=30", ["academy"]),
    ],
)
def test_filters(client, catalogue, query, expected):
    assert listed(client, query) == expected


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("newest", ["rolling", "next-month", "academy", "fund", "closed"]),
        ("opening", ["closed", "fund", "academy", "next-month", "rolling"]),
        ("deadline", ["academy", "fund", "rolling", "next-month", "closed"]),
    ],
)
def test_sorts(client, catalogue, sort, expected):
    assert listed(client, f"sort={sort}") == expected


def test_title_sort_follows_the_language_and_falls_back_to_korean(client, catalogue):
    assert listed(client, "sort=title") == ["next-month", "rolling", "closed", "academy", "fund"]
    assert listed(client, "sort=title", "/en") == ["fund", "next-month", "closed", "academy", "rolling"]


def test_keyword_ranks_title_matches_first(client, frozen):
    ProgramFactory(slug="in-summary", title_ko="일반 과정", summary_ko="창업 준비", application_closes_at=at(1))
    ProgramFactory(slug="in-title", title_ko="창업 교실", application_closes_at=at(30))
    assert listed(client, "q=창업") == ["in-title", "in-summary"]
    assert listed(client, "q=창업&sort=deadline") == ["in-summary", "in-title"]


def test_paged_deadline_order_matches_the_whole_order(frozen):
    """Pages read through the segments (a UNION on PostgreSQL) join up into by_deadline()."""
    for day in range(-12, 12, 2):
        ProgramFactory(application_opens_at=at(day - 3), application_closes_at=at(day))
        ProgramFactory(application_opens_at=at(day + 1), application_closes_at=at(day + 20))
    ProgramFactory.create_batch(3, application_opens_at=None, application_closes_at=None, rolling=True)
    ProgramFactory(application_opens_at=None, application_closes_at=None, rolling=True, program_ends_on=at(-3).date())
    ProgramFactory.create_batch(
        2, application_opens_at=None, application_closes_at=None, expected_opening=at(40).date()
    )
    programs = Program.objects.published()
    whole = list(programs.by_deadline().values_list("pk", flat=True))
    page = CataloguePage(programs, sort="deadline")
    assert [program.pk for start in range(0, 30, 5) for program in page[start : start + 5]] == whole


def test_chips_remove_one_filter_each(client, catalogue):
    response = client.get("/programs/?category=education&category=investment&state=open&age=30&page=1")
    chips = {(chip["label"], str(chip["value"])): chip["url"] for chip in response.context["chips"]}
    assert chips[("분야", "교육")] == "?category=investment&state=open&age=30"
    assert chips[("분야", "투자")] == "?category=education&state=open&age=30"
    assert chips[("신청 상태", "지금 접수 중")] == "?category=education&category=investment&age=30"
    assert chips[("나이", "30")] == "?category=education&category=investment&state=open"
    page = response.content.decode()
    assert 'href="?category=investment&amp;state=open&amp;age=30"' in page


def test_an_empty_result_suggests_the_filter_to_remove(client, catalogue):
    response = client.get("/programs/?category=investment&state=closing")
    page = response.content.decode()
    assert response.context["paginator"].count == 0
    assert "모든 조건에 맞는 지원사업이 없습니다" in page
    chip, count = response.context["suggestion"]
    assert (chip["name"], count) == ("state", 2)
    assert "지원사업 2개" in page


@pytest.mark.parametrize(
    "query",
    [
        "category=unknown",
        "audience=%3Cscript%3E",
        "organizer=nobody",
        "state=sometime",
        "age=abc",
        "age=-4",
        "years=1e9",
        "start=2026-13-45",
        "start=2026-05-01&end=2026-04-01",
        "sort=random",
        "page=999",
        "page=x",
        "q=" + "가" * 300,
    ],
)
def test_bad_input_is_ignored_or_reported_never_an_error(client, catalogue, query):
    response = client.get(f"/programs/?{query}")
    assert response.status_code == 200
    assert len(response.context["programs"]) >= 1


def test_bad_input_is_reported_in_the_form_and_never_reflected_unescaped(client, catalogue):
    response = client.get("/programs/?age=%3Cb%3Eold%3C/b%3E&q=%3Cscript%3Ealert(1)%3C/script%3E")
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "<b>old</b>" not in page
    assert "age" in response.context["filter"].form.errors
    assert 'aria-invalid="true"' in page or "invalid-feedback" in page


def test_end_before_start_is_reported(client, catalogue):
    response = client.get("/programs/?start=2026-05-01&end=2026-04-01")
    assert "종료일이 시작일보다 빠릅니다" in response.content.decode()


def test_cards_show_d_day_with_the_closing_time(client, frozen):
    ProgramFactory(slug="today", application_opens_at=at(-3), application_closes_at=at(0, hour=18))
    page = client.get("/programs/").content.decode()
    assert "D-day" in page
    assert "오후 6:00" in page


def test_cached_cards_follow_edits_and_the_clock(client):
    from datetime import timedelta

    import time_machine

    from tests.clock import NOW

    with time_machine.travel(NOW, tick=False) as clock:
        program = ProgramFactory(slug="cached", application_opens_at=at(-3), application_closes_at=at(5, hour=18))
        assert "D-5" in client.get("/programs/?page=1").content.decode()
        program.title_ko = program.title = "고친 제목"
        program.save()
        page = client.get("/programs/?page=1&again=1").content.decode()
        assert "고친 제목" in page and "D-5" in page  # an edit shows at once
        clock.shift(timedelta(days=1))
        assert "D-4" in client.get("/programs/?page=1&again=2").content.decode()  # and a new day counts down
        highlighted = client.get("/programs/?q=고친").content.decode()
        assert "<mark>" in highlighted  # a keyword's card marks the words; the plain card does not
        assert "<mark>" not in client.get("/programs/?page=1&again=3").content.decode()


def test_cached_filter_panel_follows_content_changes(client, catalogue):
    assert "광주테크노파크" in client.get("/programs/").content.decode()
    partner = catalogue["academy"].organizer
    partner.name_ko = "새 이름 기관"
    partner.save()
    page = client.get("/programs/").content.decode()
    assert "새 이름 기관" in page and "광주테크노파크" not in page


def test_an_institute_published_after_start_up_can_be_chosen_in_the_filter(client):
    """The institute filter's choices are read per request, not fixed when the module was imported."""
    import time_machine
    from django.utils import timezone

    # As drf-spectacular does when it describes the API's filters: the class's field is built once, now.
    assert ProgramFilter.base_filters["organizer"].field.queryset is not None
    later = timezone.now() + timezone.timedelta(hours=1)
    institute = PartnerFactory(slug="new-institute", published_at=later)
    ProgramFactory(slug="its-program", organizer=institute)
    ProgramFactory(slug="other")
    with time_machine.travel(later + timezone.timedelta(minutes=5)):  # programs.filters was imported before
        assert listed(client, "organizer=new-institute") == ["its-program"]
        chosen = QueryDict("organizer=new-institute")
        assert ProgramFilter(chosen, queryset=Program.objects.published()).is_valid()
