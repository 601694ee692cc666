import pytest
import time_machine

from core.publishing import Status
from programs.models import ApplicationState, Event, Program
from tests.clock import NOW, at
from tests.factories import EventFactory, PartnerFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programs_in_every_state(frozen):
    organizer = PartnerFactory()
    make = lambda slug, **dates: ProgramFactory(slug=slug, organizer=organizer, **dates)  # noqa: E731
    return {
        "upcoming": make("upcoming", application_opens_at=at(5), application_closes_at=at(20)),
        "open": make("open", application_opens_at=at(-5), application_closes_at=at(20)),
        "closing": make("closing", application_opens_at=at(-5), application_closes_at=at(3)),
        "closed": make("closed", application_opens_at=at(-30), application_closes_at=at(-1)),
        "rolling": make("rolling", application_opens_at=None, application_closes_at=None, rolling=True),
        "over": make(
            "over",
            application_opens_at=None,
            application_closes_at=None,
            program_starts_on=at(-60).date(),
            program_ends_on=at(-30).date(),
        ),
    }


def slugs(queryset):
    return sorted(queryset.values_list("slug", flat=True))


def test_published_leaves_out_drafts_reviews_archived_and_scheduled(frozen):
    ProgramFactory(slug="live")
    ProgramFactory(slug="draft", status=Status.DRAFT, published_at=None)
    ProgramFactory(slug="review", status=Status.REVIEW, published_at=None)
    ProgramFactory(slug="archived", status=Status.ARCHIVED)
    ProgramFactory(slug="scheduled", published_at=at(1))
    assert slugs(Program.objects.published()) == ["live"]


def test_scheduled_record_appears_once_its_time_comes(frozen):
    ProgramFactory(slug="scheduled", published_at=at(1))
    assert slugs(Program.objects.published()) == []
    with time_machine.travel(at(1, hour=13), tick=False):
        assert slugs(Program.objects.published()) == ["scheduled"]


def test_application_state_filters(programs_in_every_state):
    programs = Program.objects.all()
    assert slugs(programs.upcoming()) == ["upcoming"]
    assert slugs(programs.open_now()) == ["closing", "open"]
    assert slugs(programs.closing_soon()) == ["closing"]
    assert slugs(programs.closed()) == ["closed", "over"]
    assert slugs(programs.rolling()) == ["rolling"]
    assert slugs(programs.accepting()) == ["closing", "open", "rolling"]


def test_each_program_state_matches_its_filter(programs_in_every_state):
    expected = {
        "upcoming": ApplicationState.UPCOMING,
        "open": ApplicationState.OPEN,
        "closing": ApplicationState.CLOSING,
        "closed": ApplicationState.CLOSED,
        "rolling": ApplicationState.ROLLING,
        "over": ApplicationState.CLOSED,
    }
    assert {slug: program.application_state for slug, program in programs_in_every_state.items()} == expected


def test_days_left_counts_calendar_days_in_seoul(programs_in_every_state):
    assert programs_in_every_state["closing"].days_left == 3
    assert programs_in_every_state["open"].days_left == 20
    assert programs_in_every_state["closed"].days_left is None
    assert programs_in_every_state["rolling"].days_left is None
    assert programs_in_every_state["upcoming"].days_until_opening == 5


def test_last_day_is_d_day(frozen):
    program = ProgramFactory(application_closes_at=NOW.replace(hour=18))
    assert program.days_left == 0
    assert program.application_state == ApplicationState.CLOSING


def test_deadline_order_puts_open_first_then_rolling_upcoming_and_closed(programs_in_every_state):
    order = list(Program.objects.by_deadline().values_list("slug", flat=True))
    assert order == ["closing", "open", "rolling", "upcoming", "closed", "over"]


def test_upcoming_and_past_events(frozen):
    EventFactory(slug="later", starts_at=at(10), ends_at=at(10, hour=15))
    EventFactory(slug="soon", starts_at=at(1), ends_at=at(1, hour=15))
    EventFactory(slug="ongoing", starts_at=at(0, hour=9), ends_at=at(0, hour=18))
    EventFactory(slug="last-month", starts_at=at(-30), ends_at=at(-30, hour=15))
    EventFactory(slug="yesterday", starts_at=at(-1, hour=9), ends_at=at(-1, hour=10))
    assert list(Event.objects.upcoming().values_list("slug", flat=True)) == ["ongoing", "soon", "later"]
    assert list(Event.objects.past().values_list("slug", flat=True)) == ["yesterday", "last-month"]
