"""The staff loop (issue: the staff loop closes): the review page shows what is asked (the record's title readable
and linked, its institute, only the fields whose values differ, what changed since a draft was returned), and a
workflow button that cannot act keeps the editor on the form, with the missing fields marked, one message and a
checklist of what publishing needs. Budget: 30 s a pass (measured 9 s)."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages

from core.models import Revision
from core.publishing import Status
from core.services import record_request_changes
from programs.models import Program
from tests.admin_forms import admin_form_data
from tests.factories import PartnerFactory, ProgramFactory
from tests.text import spaced

pytestmark = pytest.mark.django_db

CHANGE = "/admin/programs/program/{}/change/"


@pytest.fixture
def silent_institute():
    return PartnerFactory(slug="silent", phone="", email="")


def bare_draft(organizer, **fields):
    defaults = {"status": Status.DRAFT, "published_at": None, "how_to_apply_ko": "", "apply_url": "", "contact_ko": ""}
    return ProgramFactory(organizer=organizer, **{**defaults, **fields})


def texts_of_messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_refused_publish_keeps_the_editor_on_the_form_with_the_fields_marked(client, city_editor, silent_institute):
    program = bare_draft(silent_institute, title_ko="원래 제목")
    client.force_login(city_editor)
    data = admin_form_data(city_editor, program, title_ko="고친 제목", _publish="1")
    response = client.post(CHANGE.format(program.pk), data)
    assert response.status_code == 200  # the form again, not the list
    form = response.context["adminform"].form
    assert set(form.errors) >= {"how_to_apply_ko", "contact_ko"}
    assert texts_of_messages(response) == []  # one message: the form's own error note, nothing "saved"
    assert form["title_ko"].value() == "고친 제목"  # what the editor typed is kept
    program.refresh_from_db()
    assert (program.status, program.title_ko) == (Status.DRAFT, "원래 제목")


def test_request_changes_without_a_reason_stays_on_the_form(client, city_editor, institute):
    program = ProgramFactory(organizer=institute, status=Status.REVIEW, published_at=None)
    client.force_login(city_editor)
    response = client.post(CHANGE.format(program.pk), admin_form_data(city_editor, program, _request_changes="1"))
    assert response.status_code == 200
    assert "바꿀 점을 적어 주세요" in spaced(response.content.decode()) or response.context["errors"]
    assert Program.objects.get(pk=program.pk).status == Status.REVIEW
    with_reason = admin_form_data(city_editor, program, _request_changes="1", review_reason="문의처를 적어 주세요.")
    response = client.post(CHANGE.format(program.pk), with_reason)
    assert response.status_code == 302
    assert Program.objects.get(pk=program.pk).status == Status.DRAFT


def test_a_partner_cannot_submit_a_draft_the_city_could_not_publish(client, partner_editor, institute):
    institute.phone = institute.email = ""
    institute.save()
    program = bare_draft(institute)
    client.force_login(partner_editor)
    response = client.post(CHANGE.format(program.pk), admin_form_data(partner_editor, program, _submit="1"))
    assert response.status_code == 200
    assert "how_to_apply_ko" in response.context["adminform"].form.errors
    assert Program.objects.get(pk=program.pk).status == Status.DRAFT
    done = admin_form_data(partner_editor, program, _submit="1", how_to_apply_ko="온라인 접수", contact_ko="062-1")
    assert client.post(CHANGE.format(program.pk), done).status_code == 302
    assert Program.objects.get(pk=program.pk).status == Status.REVIEW


def test_the_form_says_what_publishing_needs_and_has_its_buttons_on_top(client, city_editor, silent_institute):
    program = bare_draft(silent_institute, apply_url="https://example.org/apply")
    client.force_login(city_editor)
    page = spaced(client.get(CHANGE.format(program.pk)).content.decode())
    assert "게시하려면 필요한 것" in page
    assert re.search(r"✓</span> 신청 방법[^✗]*\(완료\)", page) and re.search(r"✗</span> 문의처[^✓]*\(없음\)", page)
    assert page.count('name="_publish"') == 2  # at the top of a long form too
    assert page.count('name="review_reason"') <= 1


def test_a_partner_editing_a_live_record_is_told_before_saving(client, partner_editor, institute):
    program = ProgramFactory(organizer=institute)
    client.force_login(partner_editor)
    page = spaced(client.get(CHANGE.format(program.pk)).content.decode())
    assert "저장한 변경 내용은 시 편집자의 검토를 기다리며" in page


def test_the_diff_lists_only_the_fields_whose_values_differ(client, partner_editor, city_editor, institute):
    program = ProgramFactory(organizer=institute, how_to_apply_ko="온라인 접수\n서류 제출", how_to_apply_en="Online")
    client.force_login(partner_editor)
    data = admin_form_data(partner_editor, program, title_ko="바뀐 제목")
    data["how_to_apply_ko"] = "온라인 접수\r\n서류 제출  "  # a browser's line breaks, a trailing space
    client.post(CHANGE.format(program.pk), data)
    revision = Revision.objects.pending().get()
    assert set(revision.changes) == {"title_ko"}
    client.force_login(city_editor)
    page = client.get("/admin/review/")
    ((_revision, diff, _fingerprint),) = page.context["revisions"]
    assert [label for label, _old, _new in diff] == ["제목 [ko]"]
    html = spaced(page.content.decode())
    assert f'<a href="{CHANGE.format(program.pk)}">{program.title_ko}</a>' in html  # the title, linked, as a heading
    assert institute.name_ko in html
    assert '<th scope="col">항목</th>' in html and "분야</th>" not in html


def test_a_stale_revision_with_identical_text_shows_no_change(client, city_editor, institute):
    program = ProgramFactory(organizer=institute, contact_ko="062-000-0000")
    Revision.objects.create(
        content_type=ContentType.objects.get_for_model(Program),
        object_id=program.pk,
        title=program.title_ko,
        changes={"contact_ko": "062-000-0000\r\n", "max_age": 39},
    )
    client.force_login(city_editor)
    ((_revision, diff, _fingerprint),) = client.get("/admin/review/").context["revisions"]
    assert [label for label, _old, _new in diff] == ["최대 나이"]


def test_a_resubmitted_draft_shows_what_changed_since_it_was_returned(client, city_editor, partner_editor, institute):
    program = ProgramFactory(organizer=institute, status=Status.REVIEW, published_at=None, max_age=39)
    record_request_changes(record=program, reviewer=city_editor, reason="나이 기준을 확인해 주세요.")
    client.force_login(partner_editor)
    program.refresh_from_db()
    response = client.post(CHANGE.format(program.pk), admin_form_data(partner_editor, program, max_age=34, _submit="1"))
    assert response.status_code == 302
    client.force_login(city_editor)
    page = client.get("/admin/review/")
    ((_opts, records), *_rest) = page.context["sections"]
    (shown,) = records
    assert shown.returned.reason == "나이 기준을 확인해 주세요."
    assert shown.changed_since == [("최대 나이", "39", "34")]
    html = spaced(page.content.decode())
    assert "돌려보낸 뒤 바뀐 것" in html and "나이 기준을 확인해 주세요." in html
    assert "제목순" not in html and '<th scope="col">항목</th>' in html
