"""Restoring an old version goes through the same rules as the change form, checked against the live record."""

import pytest

from core.models import Revision
from core.publishing import Status
from programs.models import Event, Program
from tests.factories import EventFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def history_url(record, version):
    opts = record._meta
    return f"/admin/{opts.app_label}/{opts.model_name}/{record.pk}/history/{version.history_id}/"


def revert_post(client, record, version):
    """What the version's page submits: its own values."""
    page = client.get(history_url(record, version))
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {}
    for bound in form:
        value = bound.value()
        if value is None or value is False:  # (0 is a value)
            continue
        if isinstance(value, list):
            data[bound.html_name] = [str(item) for item in value]
        elif hasattr(bound.field.widget, "widgets"):
            for number, part in enumerate(bound.field.widget.decompress(value)):
                data[f"{bound.html_name}_{number}"] = bound.field.widget.widgets[number].format_value(part) or ""
        else:
            data[bound.html_name] = "on" if value is True else str(value)
    return client.post(history_url(record, version), data)


def test_a_record_now_of_another_institute_cannot_be_taken_back(client, partner_editor, institute, other_institute):
    program = ProgramFactory(organizer=institute, status=Status.DRAFT, published_at=None)
    old = program.history.first()
    program.organizer = other_institute
    program.save()
    client.force_login(partner_editor)
    assert client.get(history_url(program, old)).status_code == 403
    assert client.post(history_url(program, old), {"organizer": institute.pk, "title_ko": "x"}).status_code == 403
    program.refresh_from_db()
    assert program.organizer == other_institute


@pytest.mark.parametrize("factory", [ProgramFactory, EventFactory])
def test_a_partner_editor_reverting_to_a_published_version_does_not_publish_an_archived_record(
    client, partner_editor, institute, factory
):
    record = factory(organizer=institute, title_ko="발행된 제목")
    published_version = record.history.first()
    record.status, record.title_ko = Status.ARCHIVED, "보관된 제목"
    record.save()
    client.force_login(partner_editor)
    response = revert_post(client, record, published_version)
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == Status.ARCHIVED
    assert record.title_ko == "발행된 제목"  # the text may come back; the publication may not


def test_reverting_a_live_record_proposes_the_old_version_for_review(client, partner_editor, institute):
    program = ProgramFactory(organizer=institute, title_ko="첫 제목")
    first = program.history.first()
    program.title_ko = "둘째 제목"
    program.save()
    client.force_login(partner_editor)
    revert_post(client, program, first)
    program.refresh_from_db()
    assert program.title_ko == "둘째 제목"
    assert Revision.objects.get().changes["title_ko"] == "첫 제목"


def test_reverting_a_partner_profile_keeps_the_name_and_status(client, partner_editor, institute):
    old = institute.history.first()
    institute.name_ko, institute.status = "새 이름", Status.ARCHIVED
    institute.save()
    client.force_login(partner_editor)
    assert client.get(history_url(institute, old)).status_code == 200
    revert_post(client, institute, old)
    institute.refresh_from_db()
    assert (institute.name_ko, institute.status) == ("새 이름", Status.ARCHIVED)


def test_a_version_of_another_record_is_a_404(client, partner_editor, institute):
    mine = ProgramFactory(organizer=institute)
    other = ProgramFactory(organizer=institute)
    client.force_login(partner_editor)
    assert client.get(history_url(mine, other.history.first())).status_code == 404


def test_a_city_editor_reverts_at_once(client, institute, city_editor):
    city = city_editor
    program = ProgramFactory(organizer=institute, title_ko="첫 제목")
    first = program.history.first()
    Program.objects.filter(pk=program.pk).update(title_ko="x")
    program.refresh_from_db()
    program.save()
    client.force_login(city)
    revert_post(client, program, first)
    program.refresh_from_db()
    assert program.title_ko == "첫 제목" and not Revision.objects.exists()
    assert Event.objects.count() == 0
