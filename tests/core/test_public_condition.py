"""One condition says what the public may see (published, and due): the queryset, a record's is_public, the admin's
"live" filter and open data's related-record condition all answer from it, and so agree on every status and time."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.admin_filters import live
from core.publishing import Status, public
from programs.models import Event, Program
from tests.factories import EventFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programs():
    now = timezone.now()
    return {
        "live": ProgramFactory(),
        "scheduled": ProgramFactory(published_at=now + timedelta(days=1)),
        "draft": ProgramFactory(status=Status.DRAFT, published_at=None),
        "review": ProgramFactory(status=Status.REVIEW, published_at=None),
        "archived": ProgramFactory(status=Status.ARCHIVED),
    }


def test_every_reader_of_the_condition_agrees(programs):
    now = timezone.now()
    answers = {
        "queryset": set(Program.objects.published().values_list("pk", flat=True)),
        "record": {program.pk for program in programs.values() if program.is_public},
        "admin filter": set(Program.objects.filter(live(now)).values_list("pk", flat=True)),
        "database clock": set(Program.objects.filter(public()).values_list("pk", flat=True)),
    }
    assert all(found == {programs["live"].pk} for found in answers.values()), answers


def test_the_condition_reaches_related_records(programs):
    for name, program in programs.items():
        EventFactory(program=program, title_ko=name)
    shown = Event.objects.filter(public(prefix="program__")).values_list("title_ko", flat=True)
    assert list(shown) == ["live"]
