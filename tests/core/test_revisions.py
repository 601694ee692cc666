"""A partner editor's change to a live record waits as a revision until a city editor approves it."""

import pytest

from core.models import Revision
from core.publishing import Status
from core.revisions import revision_fingerprint
from core.roles import CITY_EDITORS, PARTNER_EDITORS
from programs.models import Program
from tests.admin_forms import admin_form_data, approve_on_review_page, approve_selected
from tests.factories import AudienceFactory, ProgramFactory, staff_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_program(institute):
    return ProgramFactory(organizer=institute, title_ko="원래 제목", summary_ko="원래 요약")


def change_url(record):
    return f"/admin/{record._meta.app_label}/{record._meta.model_name}/{record.pk}/change/"


def propose_title(client, editor, program, title, **more):
    client.force_login(editor)
    return client.post(change_url(program), admin_form_data(editor, program, title_ko=title, **more))


def test_a_partner_editors_change_to_a_live_program_waits_for_review(client, partner_editor, live_program):
    youth = AudienceFactory()
    response = propose_title(client, partner_editor, live_program, "새 제목", audiences=[str(youth.pk)])
    assert response.status_code == 302
    live_program.refresh_from_db()
    assert live_program.title_ko == "원래 제목" and not live_program.audiences.exists()
    revision = Revision.objects.get()
    assert revision.state == Revision.State.PENDING and revision.author == partner_editor
    assert revision.changes == {"title_ko": "새 제목", "audiences": [youth.pk]}
    client.logout()
    assert "원래 제목" in client.get(live_program.get_absolute_url()).content.decode()


def test_the_editor_sees_their_pending_changes_in_the_form_and_a_second_edit_updates_them(
    client, partner_editor, live_program
):
    propose_title(client, partner_editor, live_program, "새 제목")
    form = client.get(change_url(live_program)).content.decode()
    assert 'value="새 제목"' in form and "검토" in form
    client.post(
        change_url(live_program),
        admin_form_data(partner_editor, live_program, title_ko="새 제목", summary_ko="새 요약"),
    )
    revision = Revision.objects.get()
    assert revision.changes == {"title_ko": "새 제목", "summary_ko": "새 요약"}


def test_a_city_editor_approves_from_the_review_list_with_a_readable_diff(
    client, partner_editor, city_editor, live_program
):
    propose_title(client, partner_editor, live_program, "새 제목")
    client.force_login(city_editor)
    review = client.get("/admin/review/").content.decode()
    assert "<del>원래 제목</del>" in review and "<ins>새 제목</ins>" in review
    revision = Revision.objects.get()
    approve_on_review_page(client, revision)
    live_program.refresh_from_db()
    revision.refresh_from_db()
    assert live_program.title_ko == "새 제목" and live_program.status == Status.PUBLISHED
    assert revision.state == Revision.State.APPROVED and revision.reviewer == city_editor
    assert live_program.history.first().history_user == city_editor


def test_returning_changes_needs_a_reason_that_the_editor_then_sees(client, partner_editor, city_editor, live_program):
    propose_title(client, partner_editor, live_program, "새 제목")
    revision = Revision.objects.get()
    client.force_login(city_editor)
    client.post("/admin/review/", {"revision": revision.pk, "decision": "reject", "reason": " "})
    revision.refresh_from_db()
    assert revision.state == Revision.State.PENDING
    client.post(
        "/admin/review/", {"revision": revision.pk, "decision": "reject", "reason": "공고문 링크를 넣어 주세요"}
    )
    revision.refresh_from_db()
    assert revision.state == Revision.State.REJECTED
    client.force_login(partner_editor)
    assert "공고문 링크를 넣어 주세요" in client.get(change_url(live_program)).content.decode()
    live_program.refresh_from_db()
    assert live_program.title_ko == "원래 제목"


@pytest.mark.parametrize("value", ["abc", "", "99999", "-1"])
def test_a_malformed_decision_is_a_404_not_a_500(client, city_editor, value):
    client.force_login(city_editor)
    assert client.post("/admin/review/", {"revision": value, "decision": "approve"}).status_code == 404


def test_a_partner_editor_cannot_decide(client, partner_editor, live_program):
    propose_title(client, partner_editor, live_program, "새 제목")
    revision = Revision.objects.get()
    data = {"revision": revision.pk, "decision": "approve", "fingerprint": revision_fingerprint(revision)}
    response = client.post("/admin/review/", data)
    assert response.status_code == 403
    assert Program.objects.get(pk=live_program.pk).title_ko == "원래 제목"


def test_city_editors_edits_of_live_records_go_live_at_once(client, city_editor, live_program):
    propose_title(client, city_editor, live_program, "시 편집")
    live_program.refresh_from_db()
    assert live_program.title_ko == "시 편집" and not Revision.objects.exists()


def test_a_partner_editors_edit_of_a_draft_is_saved_at_once(client, partner_editor, institute):
    draft = ProgramFactory(organizer=institute, status=Status.DRAFT, published_at=None)
    propose_title(client, partner_editor, draft, "초안 고침")
    draft.refresh_from_db()
    assert draft.title_ko == "초안 고침" and not Revision.objects.exists()


def test_a_partner_profile_change_waits_for_review(client, partner_editor, institute):
    client.force_login(partner_editor)
    client.post(change_url(institute), admin_form_data(partner_editor, institute, summary_ko="새 소개"))
    institute.refresh_from_db()
    assert institute.summary_ko != "새 소개"
    assert Revision.objects.get().changes == {"summary_ko": "새 소개"}


def test_revision_list_shows_each_editor_only_their_own(client, partner_editor, city_editor, live_program):
    propose_title(client, partner_editor, live_program, "새 제목")
    other = staff_in(PARTNER_EDITORS, username="other-partner")
    client.force_login(other)
    assert "원래 제목" not in client.get("/admin/core/revision/").content.decode()
    revision = Revision.objects.get()
    assert client.get(f"/admin/core/revision/{revision.pk}/change/").status_code in (302, 403, 404)
    client.force_login(partner_editor)
    assert "원래 제목" in client.get("/admin/core/revision/").content.decode()


def import_rows(user, header, *rows):
    import tablib

    from programs.resources import ProgramResource

    dataset = tablib.Dataset(*rows, headers=header)
    return ProgramResource(user=user).import_data(dataset, dry_run=False)


def test_an_import_by_a_partner_editor_proposes_changes_to_live_records(partner_editor, live_program, institute):
    youth = AudienceFactory()
    header = ["slug", "title_ko", "organizer__slug", "category__slug", "audiences"]
    row = [live_program.slug, "가져온 제목", institute.slug, live_program.category.slug, youth.slug]
    result = import_rows(partner_editor, header, row)
    assert not result.has_errors() and not result.has_validation_errors()
    live_program.refresh_from_db()
    assert live_program.title_ko == "원래 제목" and not live_program.audiences.exists()
    assert Revision.objects.get().changes == {"title_ko": "가져온 제목", "audiences": [youth.pk]}


def test_an_import_keeps_what_the_form_proposed_in_other_fields(client, partner_editor, live_program, institute):
    propose_title(client, partner_editor, live_program, "새 제목", summary_ko="새 요약")
    header = ["slug", "title_ko", "organizer__slug", "category__slug"]
    import_rows(partner_editor, header, [live_program.slug, "가져온 제목", institute.slug, live_program.category.slug])
    assert Revision.objects.get().changes == {"title_ko": "가져온 제목", "summary_ko": "새 요약"}


def test_a_city_editors_import_changes_live_records_at_once(live_program, institute):
    city = staff_in(CITY_EDITORS, username="city-importer")
    header = ["slug", "title_ko", "organizer__slug", "category__slug"]
    import_rows(city, header, [live_program.slug, "시가 가져온 제목", institute.slug, live_program.category.slug])
    live_program.refresh_from_db()
    assert live_program.title_ko == "시가 가져온 제목" and not Revision.objects.exists()


def test_an_attachment_added_to_a_live_program_is_public_only_after_approval(
    client, partner_editor, city_editor, live_program, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from programs.models import Attachment

    settings.MEDIA_ROOT = tmp_path
    client.force_login(partner_editor)
    data = admin_form_data(partner_editor, live_program)
    data.update(
        {
            "attachments-TOTAL_FORMS": "1",
            "attachments-INITIAL_FORMS": "0",
            "attachments-0-title": "모집 공고",
            "attachments-0-position": "0",
            "attachments-0-file": SimpleUploadedFile("공고.pdf", b"%PDF-1.7 notice", content_type="application/pdf"),
        }
    )
    assert client.post(change_url(live_program), data).status_code == 302
    assert not Attachment.objects.exists()
    client.logout()
    assert "모집 공고" not in client.get(live_program.get_absolute_url()).content.decode()

    client.force_login(city_editor)
    assert "모집 공고" in client.get("/admin/review/").content.decode()
    approve_on_review_page(client, Revision.objects.get())
    attachment = Attachment.objects.get()
    assert attachment.title == "모집 공고" and attachment.size == len(b"%PDF-1.7 notice")
    client.logout()
    page = client.get(live_program.get_absolute_url()).content.decode()
    assert "모집 공고" in page
    assert client.get(attachment.get_absolute_url()).status_code == 200


def test_a_city_editor_approves_several_revisions_together(client, partner_editor, city_editor, institute):
    programs = [ProgramFactory(organizer=institute, title_ko=f"원래 {n}") for n in range(3)]
    for number, program in enumerate(programs):
        propose_title(client, partner_editor, program, f"새 제목 {number}")
    assert Revision.objects.pending().count() == 3
    client.force_login(partner_editor)
    assert "approve_selected" not in client.get("/admin/core/revision/").content.decode()
    client.force_login(city_editor)
    ids = list(Revision.objects.values_list("pk", flat=True))
    approve_selected(client, ids)
    assert not Revision.objects.pending().exists()
    assert sorted(Program.objects.values_list("title_ko", flat=True)) == ["새 제목 0", "새 제목 1", "새 제목 2"]
