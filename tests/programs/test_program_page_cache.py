"""A program's page keeps its parts per program, language, state and day count (programs.views.catalogue.
ProgramDetailView): an address of its own reads the program alone, and nothing shown goes stale — an edit at once,
the day count with the date, another round's state within the minute; another program's save keeps its head and
facts."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.publishing import Status
from programs.models import Program
from tests.clock import NOW, at
from tests.factories import EventFactory, PartnerFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def page(client, address):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return response.content.decode(), len(queries.captured_queries)


@pytest.fixture
def program():
    with time_machine.travel(NOW, tick=False):
        last_year = ProgramFactory(
            slug="last-year", title_ko="작년 공모", application_opens_at=at(-400), application_closes_at=at(-370)
        )
        program = ProgramFactory(
            slug="academy",
            title_ko="청년 창업아카데미",
            application_opens_at=at(-3),
            application_closes_at=at(5, hour=18),
            previous_round=last_year,
            co_organizers=[PartnerFactory(name_ko="공동 주관 기관")],
        )
        EventFactory(title_ko="사업 설명회", program=program)
    return program


def test_an_address_of_its_own_reads_the_program_alone(client, program):
    with time_machine.travel(NOW, tick=False):
        first, first_queries = page(client, "/programs/academy/?ref=newsletter")
        again, again_queries = page(client, "/programs/academy/?ref=social")
    assert again_queries == 1 < first_queries
    for shown in ("청년 창업아카데미", "D-5", "공동 주관 기관", "작년 공모", "사업 설명회"):
        assert shown in first and shown in again


def test_an_edit_and_the_date_show_at_once(client, program):
    with time_machine.travel(NOW, tick=False) as clock:
        page(client, "/programs/academy/")
        program.title_ko = program.title = "고친 제목"
        program.save()
        edited, _ = page(client, "/programs/academy/?again=1")
        assert "고친 제목" in edited and "D-5" in edited
        clock.shift(timedelta(days=1))
        assert "D-4" in page(client, "/programs/academy/?again=2")[0]


def test_its_own_edit_reads_each_part_once(client, program):
    """After its own save the page is drawn again: its audience tags are read once (facts, rules in words, structured
    data), its rounds in one query with their family, and no search column."""
    with time_machine.travel(NOW, tick=False):
        page(client, "/programs/academy/")
        program.save()
        with CaptureQueriesContext(connection) as queries:
            edited, _ = page(client, "/programs/academy/?after=edit")
    reads = [query["sql"] for query in queries.captured_queries]
    assert len([sql for sql in reads if '"programs_program_audiences"' in sql]) == 1
    rounds = [sql for sql in reads if "WITH RECURSIVE" in sql]
    assert len(rounds) == 1 and "ORDER BY" in rounds[0]
    assert not [sql for sql in reads if "search_document" in sql]
    assert "작년 공모" in edited and "청년 창업아카데미" in edited


def test_another_rounds_state_shows_within_the_minute(client, program):
    with time_machine.travel(NOW, tick=False) as clock:
        ProgramFactory(
            slug="next-round",
            title_ko="다음 회차",
            application_opens_at=NOW + timedelta(seconds=30),
            application_closes_at=at(40),
            previous_round=program,
        )
        before, _ = page(client, "/programs/academy/")
        assert "다음 회차" in before
        clock.shift(timedelta(seconds=61))
        after, _ = page(client, "/programs/academy/?again=1")
    # The next round's badge went from "opening soon" to open; the page's own part is unchanged.
    assert before.count("portal-state-upcoming") == after.count("portal-state-upcoming") + 1


def test_unpublished_co_organizers_stay_hidden(client):
    hidden = PartnerFactory(name_ko="비공개 기관", status=Status.DRAFT, published_at=None)
    ProgramFactory(slug="with-hidden", co_organizers=[hidden, PartnerFactory(name_ko="공개 기관")])
    shown, _ = page(client, "/programs/with-hidden/")
    assert "공개 기관" in shown and "비공개 기관" not in shown


def test_answers_still_get_their_own_fit(client, program):
    with time_machine.travel(NOW, tick=False):
        program.min_age, program.max_age = 19, 39
        program.save()
        page(client, "/programs/academy/")
        fits, _ = page(client, "/programs/academy/?age=25&years=0")
        too_old, _ = page(client, "/programs/academy/?age=45&years=0")
    assert "입력한 조건에 맞습니다." in fits and "입력한 조건에 맞습니다." not in too_old


def test_another_programs_save_keeps_its_head_and_an_institutes_save_does_not(client, program):
    with time_machine.travel(NOW, tick=False):
        other = ProgramFactory(title_ko="다른 사업")
        page(client, "/programs/academy/")
        Program.objects.filter(pk=program.pk).update(title_ko="몰래 바뀐 제목")  # behind the cache's back
        other.title_ko = "고친 다른 사업"
        other.save()
        kept, _ = page(client, "/programs/academy/?again=1")
        assert "<h1>청년 창업아카데미</h1>" in kept  # its head, kept through another program's save
        co_organizer = program.co_organizers.get()
        co_organizer.name_ko = "새 이름 공동 기관"
        co_organizer.save()
        renamed, _ = page(client, "/programs/academy/?again=2")
        assert "새 이름 공동 기관" in renamed and "<h1>몰래 바뀐 제목</h1>" in renamed  # an institute's save: again
