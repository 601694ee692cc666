"""A program people can apply to is published only with how to apply and a contact; an event to come only with a
place. Every path that publishes enforces it; records whose period is over are exempt."""

from datetime import timedelta

import pytest
import tablib
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.models import Revision
from core.publishing import Status
from programs.models import Program
from programs.resources import ProgramResource
from tests.admin_forms import admin_form_data, approve_on_review_page
from tests.factories import EventFactory, PartnerFactory, ProgramFactory

pytestmark = pytest.mark.django_db

DRAFT = {"status": Status.DRAFT, "published_at": None}
NOTHING = {"how_to_apply_ko": "", "apply_url": "", "contact_ko": ""}


@pytest.fixture
def silent_institute():
    return PartnerFactory(slug="silent", phone="", email="")


def bare_draft(organizer, **fields):
    return ProgramFactory(organizer=organizer, **{**DRAFT, **NOTHING, **fields})


def test_the_contract_names_what_is_missing(silent_institute):
    problems = bare_draft(silent_institute).publishing_problems()
    assert set(problems) == {"how_to_apply_ko", "contact_ko"}
    assert (
        bare_draft(silent_institute, apply_url="https://example.org", contact_ko="a@b.kr").publishing_problems() == {}
    )
    assert bare_draft(PartnerFactory(email="info@example.org"), how_to_apply_ko="방문 접수").publishing_problems() == {}


def test_a_closed_program_like_the_2019_records_is_exempt(silent_institute):
    closed = bare_draft(
        silent_institute,
        application_opens_at=timezone.now() - timedelta(days=60),
        application_closes_at=timezone.now() - timedelta(days=30),
    )
    assert closed.publish() is True


def test_the_publish_step_refuses(silent_institute):
    program = bare_draft(silent_institute)
    with pytest.raises(ValidationError):
        program.publish()
    assert Program.objects.get(pk=program.pk).status == Status.DRAFT


def test_the_publish_action_refuses_with_a_message(client, city_editor, silent_institute):
    program = bare_draft(silent_institute)
    client.force_login(city_editor)
    response = client.post(
        "/admin/programs/program/", {"action": "publish", "_selected_action": [program.pk]}, follow=True
    )
    assert "신청 방법" in response.content.decode() or "how to apply" in response.content.decode()
    assert Program.objects.get(pk=program.pk).status == Status.DRAFT


@pytest.mark.parametrize("how", ["status field", "publish button"])
def test_the_change_form_refuses_to_publish(client, city_editor, silent_institute, how):
    program = bare_draft(silent_institute)
    client.force_login(city_editor)
    extra = {"status": Status.PUBLISHED} if how == "status field" else {"_publish": "1"}
    client.post(f"/admin/programs/program/{program.pk}/change/", admin_form_data(city_editor, program, **extra))
    assert Program.objects.get(pk=program.pk).status == Status.DRAFT


def test_an_import_cannot_take_a_live_program_below_the_contract(city_editor, silent_institute):
    program = ProgramFactory(organizer=silent_institute, how_to_apply_ko="", contact_ko="담당자 062-000-0000",
                             apply_url="https://example.org/apply")  # fmt: skip
    dataset = tablib.Dataset(
        [program.slug, program.title_ko, silent_institute.slug, program.category.slug, ""],
        headers=["slug", "title_ko", "organizer__slug", "category__slug", "apply_url"],
    )
    result = ProgramResource(user=city_editor).import_data(dataset)
    assert result.has_validation_errors()
    assert Program.objects.get(pk=program.pk).apply_url == "https://example.org/apply"


def test_an_approved_revision_cannot_take_a_live_program_below_the_contract(client, city_editor, silent_institute):
    from django.contrib.contenttypes.models import ContentType

    program = ProgramFactory(organizer=silent_institute, how_to_apply_ko="온라인 접수", contact_ko="062-000-0000")
    revision = Revision.objects.create(
        content_type=ContentType.objects.get_for_model(program),
        object_id=program.pk,
        title=program.title_ko,
        changes={"how_to_apply_ko": ""},
    )
    client.force_login(city_editor)
    approve_on_review_page(client, revision)
    assert Program.objects.get(pk=program.pk).how_to_apply_ko == "온라인 접수"
    assert Revision.objects.get(pk=revision.pk).state == Revision.State.PENDING


def test_an_event_to_come_needs_a_place_an_online_link_or_a_date_for_details(silent_institute):
    bare = {"venue_name_ko": "", "venue_address_ko": "", "online_url": "", **DRAFT}
    event = EventFactory(organizer=silent_institute, **bare)
    assert set(event.publishing_problems()) == {"venue_address_ko"}
    assert EventFactory(organizer=silent_institute, **{**bare, "online_url": "https://meet.example.org"}).publish()
    assert EventFactory(
        organizer=silent_institute, **{**bare, "place_details_by": timezone.localdate() + timedelta(days=3)}
    ).publish()
    started = timezone.now() - timedelta(days=3)
    past = EventFactory(organizer=silent_institute, starts_at=started, ends_at=started + timedelta(hours=2), **bare)
    assert past.publish() is True
