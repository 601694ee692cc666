"""The staff loop (issue: the staff loop closes): the review page shows what is asked (the record's title readable
and linked, its institute, only the fields whose values differ, what changed since a draft was returned), and a
workflow button that cannot act keeps the editor on the form, with the missing fields marked, one message and a
checklist of what publishing needs. Budget: 30 s a pass (measured 9 s)."""

import re
from datetime import timedelta

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
    form = spaced(client.get(CHANGE.format(program.pk)).content.decode())
    assert "다시 제출된 글입니다" in form and "portal-revision-returned" not in form  # not the old banner


# Each desk shows the work on both sides ----------------------------------------------------------------------------


def desk_lines(client):
    from django.utils import translation

    desk = client.get("/admin/").context["desk"]
    with translation.override("en"):
        return {str(line.label): line for _heading, group in desk for line in group}


def test_the_partners_desk_shows_returned_drafts_waiting_and_returned_proposals(
    client, partner_editor, city_editor, institute
):
    draft = ProgramFactory(organizer=institute, status=Status.REVIEW, published_at=None)
    record_request_changes(record=draft, reviewer=city_editor, reason="문의처를 적어 주세요.")
    live = ProgramFactory(organizer=institute)
    waiting = ProgramFactory(organizer=institute)
    client.force_login(partner_editor)
    for record, title in ((live, "돌려받을 제목"), (waiting, "기다리는 제목")):
        client.post(CHANGE.format(record.pk), admin_form_data(partner_editor, record, title_ko=title))
    client.force_login(city_editor)
    returned = Revision.objects.pending().get(object_id=live.pk)
    client.post("/admin/review/", {"revision": returned.pk, "decision": "reject", "reason": "제목은 그대로 두세요."})

    client.force_login(partner_editor)
    desk = desk_lines(client)
    line = desk["Program drafts returned to you"]
    assert line.count == 1 and "문의처를 적어 주세요." in line.note
    assert {p.pk for p in client.get(line.url).context["cl"].result_list} == {draft.pk}
    line = desk["Your proposed changes waiting for the city"]
    assert line.count == 1 and "오늘" in line.note
    assert [r.object_id for r in client.get(line.url).context["cl"].result_list] == [waiting.pk]
    line = desk["Your proposed changes returned in the last 30 days"]
    assert line.count == 1
    listed = client.get(line.url).context["cl"].result_list
    assert [r.object_id for r in listed] == [live.pk]

    client.post(line.url, {"action": "mark_read", "_selected_action": [listed[0].pk]})  # handled: off the desk
    assert desk_lines(client)["Your proposed changes returned in the last 30 days"].count == 0
    draft.refresh_from_db()
    done = admin_form_data(partner_editor, draft, contact_ko="062-000-0000", _submit="1")
    client.post(CHANGE.format(draft.pk), done)  # submitted again: no longer "returned"
    assert desk_lines(client)["Program drafts returned to you"].count == 0


# Email between editors ---------------------------------------------------------------------------------------------


@pytest.fixture
def addresses(partner_editor, city_editor):
    partner_editor.email, city_editor.email = "partner@example.org", "city@example.org"
    partner_editor.save()
    city_editor.save()


def bodies(smtp, address):
    return [(message["Subject"], message.get_content()) for message in smtp.to(address)]


def test_the_partner_hears_of_a_return_an_approval_and_a_publication(
    client, smtp, frozen, addresses, partner_editor, city_editor, institute
):
    from tests.worker import run_worker

    draft = ProgramFactory(organizer=institute, status=Status.DRAFT, published_at=None, title_ko="AI 창업 교실")
    client.force_login(partner_editor)
    client.post(CHANGE.format(draft.pk), admin_form_data(partner_editor, draft, _submit="1"))
    client.force_login(city_editor)
    draft.refresh_from_db()
    reason = "모집 인원을 적어 주세요."
    client.post(
        CHANGE.format(draft.pk), admin_form_data(city_editor, draft, _request_changes="1", review_reason=reason)
    )
    run_worker()
    ((subject, body),) = bodies(smtp, "partner@example.org")
    assert "AI 창업 교실" in subject and reason in body and f"/admin/programs/program/{draft.pk}/change/" in body

    client.force_login(partner_editor)
    draft.refresh_from_db()
    client.post(CHANGE.format(draft.pk), admin_form_data(partner_editor, draft, _submit="1"))
    client.force_login(city_editor)
    draft.refresh_from_db()
    client.post(CHANGE.format(draft.pk), admin_form_data(city_editor, draft, _publish="1"))
    run_worker()
    subject, body = bodies(smtp, "partner@example.org")[-1]
    assert "게시됨" in subject and draft.get_absolute_url() in body

    live = ProgramFactory(organizer=institute, title_ko="투자 설명회")
    client.force_login(partner_editor)
    client.post(CHANGE.format(live.pk), admin_form_data(partner_editor, live, max_age=39))
    client.force_login(city_editor)
    approve = client.get("/admin/review/").context["revisions"][0]
    client.post("/admin/review/", {"revision": approve[0].pk, "decision": "approve", "fingerprint": approve[2]})
    run_worker()
    subject, body = bodies(smtp, "partner@example.org")[-1]
    assert "투자 설명회" in subject and "승인" in body
    assert len(smtp.to("partner@example.org")) == 3


def test_city_editors_get_one_summary_an_hour_and_each_editor_can_turn_them_off(
    client, smtp, frozen, addresses, partner_editor, city_editor, institute
):
    import time_machine

    from core.editor_mail import review_summaries_send
    from tests.clock import NOW
    from tests.worker import run_worker

    for title in ("첫 초안", "둘째 초안"):
        draft = ProgramFactory(organizer=institute, status=Status.DRAFT, published_at=None, title_ko=title)
        client.force_login(partner_editor)
        client.post(CHANGE.format(draft.pk), admin_form_data(partner_editor, draft, _submit="1"))
    assert review_summaries_send() == 1
    assert review_summaries_send() == 0  # nothing new since
    run_worker()
    ((subject, body),) = bodies(smtp, "city@example.org")
    assert "2건" in subject and "첫 초안" in body and "둘째 초안" in body and "/admin/review/" in body

    client.force_login(city_editor)
    client.post("/admin/settings/", {"language": "en"})  # the box left unticked: no more emails
    with time_machine.travel(NOW.replace(hour=14), tick=False):
        draft = ProgramFactory(organizer=institute, status=Status.DRAFT, published_at=None, title_ko="셋째 초안")
        client.force_login(partner_editor)
        client.post(CHANGE.format(draft.pk), admin_form_data(partner_editor, draft, _submit="1"))
        assert review_summaries_send() == 0
    assert len(smtp.to("city@example.org")) == 1


def test_editor_emails_keep_quiet_hours(client, addresses, partner_editor, city_editor, institute):
    import time_machine

    from core.models import EmailDelivery
    from tests.clock import NOW

    with time_machine.travel(NOW.replace(hour=22), tick=False):
        draft = ProgramFactory(organizer=institute, status=Status.DRAFT, published_at=None)
        client.force_login(partner_editor)
        client.post(CHANGE.format(draft.pk), admin_form_data(partner_editor, draft, _submit="1"))
        draft.refresh_from_db()
        record_request_changes(record=draft, reviewer=city_editor, reason="밤에 돌려보냄")
    delivery = EmailDelivery.objects.get(recipient="partner@example.org")
    assert delivery.not_before == NOW.replace(hour=8) + timedelta(days=1)


# Institutes that can be reached, and an admin without leftovers --------------------------------------------------


def test_a_program_without_a_contact_points_to_its_institute_never_a_bare_name(client):
    silent = PartnerFactory(slug="silent", name_ko="조용한 기관", phone="", email="", website="https://silent.example")
    program = ProgramFactory(organizer=silent, contact_ko="", contact_en="", apply_url="https://silent.example/a")
    page = spaced(client.get(program.get_absolute_url()).content.decode())
    assert f'<a href="{silent.get_absolute_url()}">조용한 기관</a>' in page
    assert 'href="https://silent.example"' in page


def test_the_city_desk_lists_institutes_nobody_can_reach(client, city_editor):
    PartnerFactory(slug="unreachable", phone="", email="", website="", address_ko="", address_en="")
    PartnerFactory(slug="reachable", phone="062-000-0000")
    client.force_login(city_editor)
    line = desk_lines(client)["Institutes without a phone, email, address or website"]
    listed = {partner.slug for partner in client.get(line.url).context["cl"].result_list}
    assert "unreachable" in listed and "reachable" not in listed and line.count == len(listed)


def test_a_partner_is_offered_only_what_they_may_do(client, partner_editor, city_editor, institute):
    program = ProgramFactory(organizer=institute)
    client.force_login(partner_editor)
    actions = {
        name for name, _label in client.get("/admin/programs/program/").context["action_form"].fields["action"].choices
    }
    assert not actions & {"publish", "unpublish", "archive"} and "submit_for_review" in actions
    form_page = client.get(CHANGE.format(program.pk))
    html = spaced(form_page.content.decode())
    assert "미래 시각" not in html and 'name="published_at"' not in html  # shown, not offered with scheduling help
    new = client.get("/admin/programs/program/add/").context["adminform"].form
    assert new["organizer"].value() == institute.pk  # one institute: chosen already
    client.force_login(city_editor)
    actions = {
        name for name, _label in client.get("/admin/programs/program/").context["action_form"].fields["action"].choices
    }
    assert {"publish", "unpublish", "archive"} <= actions


def test_stock_strings_read_as_korean_and_the_proposals_filter_names_only_record_types(client, city_editor):
    program = ProgramFactory()
    Revision.objects.create(
        content_type=ContentType.objects.get_for_model(Program), object_id=program.pk, title="t", changes={"max_age": 3}
    )
    client.force_login(city_editor)
    listing = spaced(client.get("/admin/programs/program/").content.decode())
    assert "(으)로" not in listing and "환영합니다" not in listing
    revisions = client.get("/admin/core/revision/")
    choices = [
        str(choice["display"])
        for spec in revisions.context["cl"].filter_specs
        for choice in spec.choices(revisions.context["cl"])
    ]
    assert "Axes" not in " ".join(choices) and "Task" not in " ".join(choices)


def test_the_settings_page_is_each_editors_own_and_refuses_bad_values(client, partner_editor):
    from core.models import EditorSettings

    assert client.get("/admin/settings/").status_code == 302  # anonymous: to the sign-in page
    client.force_login(partner_editor)
    assert client.post("/admin/settings/", {"emails": "on", "language": "fr"}).status_code == 400
    assert client.post("/admin/settings/", {"language": "en"}).status_code == 302
    chosen = EditorSettings.objects.get(user=partner_editor)
    assert (chosen.emails, chosen.language) == (False, "en")
