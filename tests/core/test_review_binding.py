"""Approval is bound to what the reviewer was shown (trust review, second round, finding 1): a revision edited after
the review page was opened is not approved, and a record waiting for review goes back to draft when its partner
editor changes it, on every path (the change form, a revert, the import, the bulk closing date)."""

from datetime import timedelta

import pytest
import tablib
from django.utils import timezone

from core.models import Revision
from core.publishing import Status
from core.revisions import propose as propose_changes
from programs.resources import ProgramResource
from tests.admin_forms import admin_form_data
from tests.factories import CategoryFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def change_url(record):
    return f"/admin/programs/program/{record.pk}/change/"


def propose(client, editor, program, **changes):
    client.force_login(editor)
    response = client.post(change_url(program), admin_form_data(editor, program, **changes))
    assert response.status_code == 302
    return Revision.objects.pending().of(program).get()


@pytest.fixture
def live_program(institute):
    return ProgramFactory(organizer=institute, apply_url="https://institute-a.example/apply")


def test_an_approval_of_a_revision_edited_after_the_page_was_opened_is_refused_and_shows_the_new_diff(
    client, partner_editor, city_editor, live_program
):
    revision = propose(client, partner_editor, live_program, summary_ko="요약을 고쳤습니다")
    client.force_login(city_editor)
    page = client.get("/admin/review/")
    fingerprint = page.context["revisions"][0][2]
    # Meanwhile the partner editor swaps the application link.
    propose(client, partner_editor, live_program, summary_ko="요약을 고쳤습니다", apply_url="https://evil.example/")
    client.force_login(city_editor)
    answer = client.post(
        "/admin/review/", {"revision": revision.pk, "decision": "approve", "fingerprint": fingerprint}, follow=True
    )
    live_program.refresh_from_db()
    assert live_program.apply_url == "https://institute-a.example/apply"
    assert live_program.summary_ko != "요약을 고쳤습니다"
    assert Revision.objects.get(pk=revision.pk).state == Revision.State.PENDING
    text = answer.content.decode()
    assert "https://evil.example/" in text and "승인하지 않았습니다" in text  # the new diff, and why
    new_fingerprint = answer.context["revisions"][0][2]
    assert new_fingerprint != fingerprint
    client.post("/admin/review/", {"revision": revision.pk, "decision": "approve", "fingerprint": new_fingerprint})
    live_program.refresh_from_db()
    assert live_program.apply_url == "https://evil.example/"  # what the reviewer saw the second time


def test_an_approval_without_the_fingerprint_changes_nothing(client, partner_editor, city_editor, live_program):
    revision = propose(client, partner_editor, live_program, apply_url="https://other.example/")
    client.force_login(city_editor)
    client.post("/admin/review/", {"revision": revision.pk, "decision": "approve"})
    live_program.refresh_from_db()
    assert live_program.apply_url == "https://institute-a.example/apply"


def test_bulk_approval_shows_each_diff_and_skips_one_edited_since(client, partner_editor, city_editor, institute):
    first, second = ProgramFactory(organizer=institute), ProgramFactory(organizer=institute)
    revisions = [propose(client, partner_editor, program, summary_ko=f"새 요약 {program.pk}") for program in (first,)]
    revisions.append(propose(client, partner_editor, second, summary_ko="둘째 요약"))
    ids = [str(revision.pk) for revision in revisions]
    client.force_login(city_editor)
    page = client.post("/admin/core/revision/", {"action": "approve_selected", "_selected_action": ids})
    assert page.status_code == 200 and "둘째 요약" in page.content.decode()
    assert not Revision.objects.filter(state=Revision.State.APPROVED).exists()  # the page changes nothing
    data = {"action": "approve_selected", "_selected_action": ids, "approve": "1"}
    for revision, _diff, fingerprint in page.context["revisions"]:
        data[f"fingerprint-{revision.pk}"] = fingerprint
    propose(client, partner_editor, second, summary_ko="둘째 요약", apply_url="https://evil.example/")
    client.force_login(city_editor)
    client.post("/admin/core/revision/", data)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.summary_ko == f"새 요약 {first.pk}"
    assert second.apply_url != "https://evil.example/" and second.summary_ko != "둘째 요약"
    assert Revision.objects.pending().get().object_id == second.pk


def test_a_bulk_approval_that_would_break_the_publishing_contract_says_why_instead_of_failing(
    client, partner_editor, city_editor, live_program
):
    # The form refuses this; a revision made before the contract applied to the program holds it.
    empty = {"how_to_apply_ko": "", "how_to_apply_en": "", "apply_url": "", "contact_ko": "", "contact_en": ""}
    revision = propose_changes(record=live_program, author=partner_editor, changes=empty, covered=set(empty))
    client.force_login(city_editor)
    page = client.post("/admin/core/revision/", {"action": "approve_selected", "_selected_action": [revision.pk]})
    data = {"action": "approve_selected", "_selected_action": [revision.pk], "approve": "1"}
    data[f"fingerprint-{revision.pk}"] = page.context["revisions"][0][2]
    response = client.post("/admin/core/revision/", data, follow=True)
    assert response.status_code == 200
    assert Revision.objects.get(pk=revision.pk).state == Revision.State.PENDING


@pytest.fixture
def submitted(institute):
    return ProgramFactory(organizer=institute, status=Status.REVIEW, published_at=None, title_ko="검토 중인 사업")


def test_a_partner_editors_edit_of_a_record_in_review_takes_it_back_to_draft(client, partner_editor, submitted):
    client.force_login(partner_editor)
    data = admin_form_data(partner_editor, submitted, apply_url="https://evil.example/")
    response = client.post(change_url(submitted), data, follow=True)
    submitted.refresh_from_db()
    assert submitted.status == Status.DRAFT and submitted.apply_url == "https://evil.example/"
    assert "다시 제출" in response.content.decode()


def test_a_city_editors_edit_of_a_record_in_review_keeps_it_in_review(client, city_editor, submitted):
    client.force_login(city_editor)
    client.post(change_url(submitted), admin_form_data(city_editor, submitted, summary_ko="시가 고침"))
    submitted.refresh_from_db()
    assert submitted.status == Status.REVIEW and submitted.summary_ko == "시가 고침"


def test_an_import_that_changes_a_record_in_review_takes_it_back_to_draft(partner_editor, institute, submitted):
    CategoryFactory(slug="education")
    dataset = tablib.Dataset(headers=["id", "slug", "title_ko", "organizer__slug"])
    dataset.append([submitted.pk, submitted.slug, "가져오기로 고침", institute.slug])
    result = ProgramResource(user=partner_editor).import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    submitted.refresh_from_db()
    assert submitted.title_ko == "가져오기로 고침" and submitted.status == Status.DRAFT


def test_extending_the_closing_date_of_a_record_in_review_takes_it_back_to_draft(client, partner_editor, submitted):
    new = (timezone.now() + timedelta(days=50)).replace(second=0, microsecond=0)
    local = timezone.localtime(new)
    client.force_login(partner_editor)
    client.post(
        "/admin/programs/program/",
        {
            "action": "extend_closing_date",
            "_selected_action": [str(submitted.pk)],
            "extend": "1",
            "closes_at_0": local.strftime("%Y-%m-%d"),
            "closes_at_1": local.strftime("%H:%M"),
        },
    )
    submitted.refresh_from_db()
    assert submitted.application_closes_at == new and submitted.status == Status.DRAFT
