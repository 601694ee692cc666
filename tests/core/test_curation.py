"""The publishing workflow, review, preview, next rounds, history, and deleting that archives."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from core.publishing import Status
from programs.models import Program
from tests.admin_forms import admin_form_data
from tests.factories import AudienceFactory, PartnerFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def draft(institute, **fields):
    return ProgramFactory(organizer=institute, status=Status.DRAFT, published_at=None, **fields)


def run_action(client, action, *records):
    return client.post(
        "/admin/programs/program/", {"action": action, "_selected_action": [r.pk for r in records]}, follow=True
    )


def statuses(*records):
    return [Program.objects.get(pk=record.pk).status for record in records]


def test_draft_to_review_to_published_to_archived_with_counts(client, institute, partner_editor, city_editor):
    first, second = draft(institute), draft(institute)
    client.force_login(partner_editor)
    response = run_action(client, "submit_for_review", first, second)
    assert "2" in response.content.decode() and statuses(first, second) == [Status.REVIEW, Status.REVIEW]

    client.force_login(city_editor)
    review = client.get("/admin/review/").content.decode()
    assert first.title in review and second.title in review
    response = run_action(client, "publish", first)
    assert statuses(first, second) == [Status.PUBLISHED, Status.REVIEW]
    assert Program.objects.published().filter(pk=first.pk).exists()
    run_action(client, "unpublish", first)
    assert statuses(first) == [Status.DRAFT]
    run_action(client, "archive", first, second)
    assert statuses(first, second) == [Status.ARCHIVED, Status.ARCHIVED]
    assert client.get(first.get_absolute_url()).status_code == 200  # staff still see it, as a preview
    client.logout()
    assert client.get(first.get_absolute_url()).status_code == 404


def test_a_scheduled_publication_appears_at_its_time_without_anyone_acting(client, institute):
    program = ProgramFactory(organizer=institute, published_at=timezone.now() + timedelta(hours=2))
    assert client.get(program.get_absolute_url()).status_code == 404
    assert program.title not in client.get("/programs/").content.decode()
    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        assert client.get(program.get_absolute_url()).status_code == 200
        assert program.title in client.get("/programs/?page=1&later=1").content.decode()


def test_staff_preview_a_draft_with_a_banner_and_the_public_gets_404(client, institute, partner_editor):
    own = draft(institute)
    others = draft(PartnerFactory())
    assert client.get(own.get_absolute_url()).status_code == 404
    client.force_login(partner_editor)
    page = client.get(own.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "portal-preview" in html and "미리 보기" in html and 'content="noindex"' in html
    assert client.get(others.get_absolute_url()).status_code == 404  # another institute's draft stays hidden


def test_duplicate_as_next_round_makes_a_linked_draft_without_dates(client, institute, partner_editor):
    youth = AudienceFactory()
    program = ProgramFactory(organizer=institute, program_starts_on=timezone.localdate(), featured=True)
    program.audiences.add(youth)
    client.force_login(partner_editor)
    run_action(client, "duplicate_as_next_round", program)
    next_round = Program.objects.get(previous_round=program)
    assert next_round.status == Status.DRAFT and next_round.published_at is None and not next_round.featured
    assert next_round.title_ko == program.title_ko and next_round.slug != program.slug
    assert (next_round.application_opens_at, next_round.application_closes_at, next_round.program_starts_on) == (
        None,
        None,
        None,
    )
    assert list(next_round.audiences.all()) == [youth]


def test_history_shows_who_changed_what_and_reverts(client, institute, city_editor):
    program = ProgramFactory(organizer=institute, title_ko="처음 제목")
    client.force_login(city_editor)
    form = admin_form_data(city_editor, program, title_ko="바뀐 제목")
    assert client.post(f"/admin/programs/program/{program.pk}/change/", form).status_code == 302
    history = client.get(f"/admin/programs/program/{program.pk}/history/").content.decode()
    assert "city" in history and "바뀐 제목" in history

    first_version = program.history.earliest()
    revert_url = f"/admin/programs/program/{program.pk}/history/{first_version.history_id}/"
    assert "처음 제목" in client.get(revert_url).content.decode()
    assert client.post(revert_url, {**form, "title_ko": "처음 제목"}).status_code == 302
    program.refresh_from_db()
    assert program.title_ko == "처음 제목"
    assert program.history.count() == 3


def test_deleting_a_published_record_archives_it_and_a_draft_leaves_a_trace(client, institute, city_editor):
    published, unpublished = ProgramFactory(organizer=institute), draft(institute)
    client.force_login(city_editor)
    client.post(f"/admin/programs/program/{published.pk}/delete/", {"post": "yes"})
    assert statuses(published) == [Status.ARCHIVED]
    client.post(f"/admin/programs/program/{unpublished.pk}/delete/", {"post": "yes"})
    assert not Program.objects.filter(pk=unpublished.pk).exists()
    assert Program.history.filter(id=unpublished.pk, history_type="-").exists()


def test_bulk_delete_archives_the_published_ones(client, institute, city_editor):
    published, unpublished = ProgramFactory(organizer=institute), draft(institute)
    client.force_login(city_editor)
    client.post(
        "/admin/programs/program/",
        {"action": "delete_selected", "_selected_action": [published.pk, unpublished.pk], "post": "yes"},
    )
    assert statuses(published) == [Status.ARCHIVED]
    assert not Program.objects.filter(pk=unpublished.pk).exists()


@pytest.mark.parametrize(
    "start, step, end, moved",
    [
        (Status.DRAFT, "submit", Status.REVIEW, True),
        (Status.PUBLISHED, "submit", Status.PUBLISHED, False),
        (Status.REVIEW, "publish", Status.PUBLISHED, True),
        (Status.ARCHIVED, "publish", Status.PUBLISHED, True),
        (Status.PUBLISHED, "unpublish", Status.DRAFT, True),
        (Status.ARCHIVED, "unpublish", Status.ARCHIVED, False),
        (Status.PUBLISHED, "archive", Status.ARCHIVED, True),
        (Status.ARCHIVED, "archive", Status.ARCHIVED, False),
    ],
)
def test_the_workflow_steps_are_model_methods(institute, start, step, end, moved):
    published_at = timezone.now() - timedelta(days=1) if start == Status.PUBLISHED else None
    program = ProgramFactory(organizer=institute, status=start, published_at=published_at)
    assert getattr(program, step)() is moved
    program.refresh_from_db()
    assert program.status == end
    if moved and step == "publish":
        assert program.published_at is not None  # stamped
    if moved and step == "unpublish":
        assert program.published_at is None  # a scheduled publication is cancelled too


def test_deleting_a_published_record_is_offered_as_archiving_with_one_message(client, institute, city_editor):
    published = ProgramFactory(organizer=institute, title_ko="게시된 사업")
    client.force_login(city_editor)
    confirmation = client.get(f"/admin/programs/program/{published.pk}/delete/").content.decode()
    assert "보관" in confirmation and "object (" not in confirmation
    response = client.post(f"/admin/programs/program/{published.pk}/delete/", {"post": "yes"}, follow=True)
    messages = [str(message) for message in response.context["messages"]]
    assert len(messages) == 1 and "보관" in messages[0] and "삭제" not in messages[0]
    assert statuses(published) == [Status.ARCHIVED]


def change_with_button(client, user, record, button, **extra):
    from tests.admin_forms import admin_form_data

    client.force_login(user)
    data = {**admin_form_data(user, record), button: "1", **extra}
    return client.post(f"/admin/programs/program/{record.pk}/change/", data, follow=True)


def test_a_partner_editor_submits_from_the_change_form(client, institute, partner_editor):
    record = draft(institute)
    client.force_login(partner_editor)
    page = client.get(f"/admin/programs/program/{record.pk}/change/")
    assert 'name="_submit"' in page.content.decode() and 'name="_publish"' not in page.content.decode()
    change_with_button(client, partner_editor, record, "_submit")
    assert statuses(record) == [Status.REVIEW]
    change_with_button(client, partner_editor, Program.objects.get(pk=record.pk), "_publish")
    assert statuses(record) == [Status.REVIEW]  # not theirs to press


def test_a_city_editor_publishes_or_requests_changes_with_a_reason_the_editor_sees(
    client, institute, partner_editor, city_editor
):
    first, second = draft(institute), draft(institute)
    Program.objects.filter(pk__in=[first.pk, second.pk]).update(status=Status.REVIEW)
    change_with_button(client, city_editor, Program.objects.get(pk=first.pk), "_publish")
    assert statuses(first) == [Status.PUBLISHED]
    response = change_with_button(client, city_editor, Program.objects.get(pk=second.pk), "_request_changes")
    assert statuses(second) == [Status.REVIEW]  # no reason, no return
    assert "바꿀 점" in response.content.decode() or "mend" in response.content.decode()
    change_with_button(
        client, city_editor, Program.objects.get(pk=second.pk), "_request_changes", review_reason="문의처를 적어 주세요"
    )
    assert statuses(second) == [Status.DRAFT]
    client.force_login(partner_editor)
    assert "문의처를 적어 주세요" in client.get(f"/admin/programs/program/{second.pk}/change/").content.decode()


def test_deleting_a_draft_lists_records_not_raw_relation_rows(client, institute, city_editor):
    from tests.factories import AudienceFactory

    record = draft(institute, audiences=[AudienceFactory()])
    client.force_login(city_editor)
    page = client.get(f"/admin/programs/program/{record.pk}/delete/").content.decode()
    assert record.title_ko in page
    assert "object (" not in page
