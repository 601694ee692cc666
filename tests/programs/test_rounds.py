"""Rounds: a program's family, when it usually opens, announced rounds (the forecast state) everywhere states go."""

import json
from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone, translation

from core.publishing import Status
from programs.models import ApplicationState, Program
from programs.rounds import usual_opening
from programs.services import program_next_round
from tests.factories import ProgramFactory
from tests.text import spaced

NOW = timezone.make_aware(datetime(2026, 11, 29, 12))


def opened(*rounds):
    """Rounds as (year, month) or (year, month, public)."""
    return [
        SimpleNamespace(
            is_public=round_[2] if len(round_) > 2 else True,
            application_opens_at=timezone.make_aware(datetime(round_[0], round_[1], 10)) if round_[0] else None,
        )
        for round_ in rounds
    ]


@pytest.mark.parametrize(
    "rounds, korean, english",
    [
        ([(2023, 3), (2024, 3), (2025, 3)], "보통 3월에 접수를 시작합니다 (2023–2025년 기준).",
         "Usually opens in March (based on 2023–2025)."),
        ([(2023, 3), (2024, 3), (2025, 4)], "보통 3월에 접수를 시작합니다 (2023–2025년 기준).",
         "Usually opens in March (based on 2023–2025)."),
        ([(2024, 3), (2025, 4)], "보통 3월–4월에 접수를 시작합니다 (2024–2025년 기준).",
         "Usually opens in March–April (based on 2024–2025)."),
        ([(2024, 3), (2025, 5)], "보통 3월–5월에 접수를 시작합니다 (2024–2025년 기준).",
         "Usually opens in March–May (based on 2024–2025)."),
        ([(2024, 12), (2025, 1)], "보통 12월–1월에 접수를 시작합니다 (2024–2025년 기준).",  # across the new year
         "Usually opens in December–January (based on 2024–2025)."),
        ([(2023, 12), (2024, 12), (2025, 1)], "보통 12월에 접수를 시작합니다 (2023–2025년 기준).",
         "Usually opens in December (based on 2023–2025)."),
        ([(2024, 3), (2025, 7)], "접수 시작 달이 해마다 다릅니다 (2024–2025년 기준).",
         "Opening months vary (based on 2024–2025)."),
        ([(2025, 2), (2025, 2)], "보통 2월에 접수를 시작합니다 (2025년 기준).",
         "Usually opens in February (based on 2025)."),
        # The last five rounds count: the 2019 round in July is left out.
        ([(2019, 7), (2021, 4), (2022, 4), (2023, 4), (2024, 4), (2025, 4)],
         "보통 4월에 접수를 시작합니다 (2021–2025년 기준).", "Usually opens in April (based on 2021–2025)."),
        ([(2025, 3)], None, None),  # one round says nothing
        ([(2024, 3), (2025, 9, False)], None, None),  # an unpublished round is not history
        ([(2024, 3), (None, None)], None, None),  # nor a round that has no opening date
        ([(2025, 3), (2027, 3)], None, None),  # nor one that has not opened yet
    ],
)  # fmt: skip
def test_usual_opening(rounds, korean, english):
    usual = usual_opening(opened(*rounds), now=NOW)
    if korean is None:
        assert usual is None
        return
    for language, text in (("ko", korean), ("en", english)):
        with translation.override(language):
            assert str(usual) == text


pytestmark_db = pytest.mark.django_db


def a_round(year, **fields):
    opens = timezone.make_aware(datetime(year, 3, 2, 9))
    return ProgramFactory(
        title_ko=f"{year}년 청년 창업 아카데미",
        application_opens_at=opens,
        application_closes_at=opens + timedelta(days=30),
        published_at=opens - timedelta(days=10),
        **fields,
    )


def family(length):
    rounds = [a_round(2026 - length + 1)]
    for year in range(2026 - length + 2, 2027):
        rounds.append(a_round(year, previous_round=rounds[-1]))
    return rounds


@pytestmark_db
def test_a_programs_page_lists_every_round_newest_first_with_the_usual_month(client):
    rounds = family(3)
    ProgramFactory(title_ko="초안 회차", previous_round=rounds[-1], status=Status.DRAFT)
    page = client.get(rounds[1].get_absolute_url()).content.decode()
    section = page[page.index('id="rounds-title"') :]
    assert section.index("2026년") < section.index("2025년") < section.index("2024년")
    assert "초안 회차" not in page
    assert "보통 3월에 접수를 시작합니다 (2024–2026년 기준)." in section


@pytestmark_db
def test_a_long_family_costs_no_more_queries_than_a_short_one(client):
    counts = []
    for length in (2, 10):
        newest = family(length)[-1]
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(newest.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def announced(**fields):
    return ProgramFactory(
        slug="next-academy",
        title_ko="2027년 청년 창업 아카데미 (예고)",
        application_opens_at=None,
        application_closes_at=None,
        expected_opening=date(2027, 3, 17),  # any day of the month: kept as the month's first
        expected_support_ko="최대 5천만 원",
        expected_places=30,
        how_to_apply_ko="",
        apply_url="",
        **fields,
    )


@pytestmark_db
def test_an_announced_round_is_a_forecast_everywhere_states_go(client):
    program = announced()
    ProgramFactory(slug="open-one")
    assert program.application_state == ApplicationState.FORECAST
    page = spaced(client.get(program.get_absolute_url()))
    assert "예고 · 2027년 3월 예정" in page and "최대 5천만 원" in page
    assert "Forecast · expected March 2027" in spaced(client.get(f"/en{program.get_absolute_url()}"))
    listed = client.get("/programs/?state=forecast")
    assert [p.slug for p in listed.context["programs"]] == ["next-academy"]
    api = client.get("/api/v1/programs/?state=forecast").json()["results"]
    assert [p["slug"] for p in api] == ["next-academy"]
    assert api[0]["application_state"]["code"] == "forecast" and api[0]["expected_opening"] == "2027-03-01"
    data = json.loads(b"".join(client.get("/open-data/programs.json?state=forecast").streaming_content))
    assert [row["expected_opening"] for row in data] == ["2027-03-01"]
    feed = client.get("/feeds/programs/?state=forecast").content.decode()
    assert "2027년 청년 창업 아카데미 (예고)" in feed
    ics = client.get(f"/programs/{program.slug}.ics").content.decode()
    assert "DTSTART;VALUE=DATE:20270301" in client.get("/programs/deadlines.ics").content.decode()
    assert "DTSTART;VALUE=DATE:20270301" in ics
    month = client.get("/events/2027/3/").content.decode()
    assert "2027년 청년 창업 아카데미 (예고)" in month[month.index("expected-title") :]
    assert "2027년 청년 창업 아카데미 (예고)" not in client.get("/events/2027/4/").content.decode()


@pytestmark_db
def test_an_announced_round_needs_no_way_to_apply_yet_and_ends_when_dates_are_set(client):
    program = announced(status=Status.DRAFT, published_at=None)
    program.publish()
    assert Program.objects.published().filter(pk=program.pk).exists()
    program.application_opens_at = timezone.now() - timedelta(days=1)
    program.application_closes_at = timezone.now() + timedelta(days=20)
    program.save()
    assert program.application_state == ApplicationState.OPEN
    assert not Program.objects.forecast().exists()


@pytestmark_db
def test_a_program_without_dates_is_rolling_only_when_it_says_so():
    assert ProgramFactory(application_opens_at=None, application_closes_at=None).application_state == "closed"
    rolling = ProgramFactory(application_opens_at=None, application_closes_at=None, rolling=True)
    assert rolling.application_state == ApplicationState.ROLLING
    assert list(Program.objects.rolling()) == [rolling]


@pytestmark_db
def test_duplicate_as_next_round_announces_it_in_the_usual_month():
    newest = family(3)[-1]
    draft = program_next_round(program=newest)
    assert draft.previous_round == newest and draft.status == Status.DRAFT and not draft.rolling
    assert draft.expected_opening == date(2027, 3, 1)
    assert draft.application_state == ApplicationState.FORECAST
