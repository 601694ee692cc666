"""Applying on the portal, through a real SMTP server: 신청하기 on the program's page, a signed link by email, drafts
saved section by section, uploads checked by their content, a receipt whose SHA-256 matches the manifest, a new
version on resubmission, withdrawal, and the deadline judged by the moment a request arrives. Budget: 40 s a pass
(measured 15 s)."""

import hashlib
import re
from datetime import timedelta

import pytest
import time_machine
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications.holders import HOLDER
from applications.models import Application, ApplicationForm, Question, QuestionKind
from core.publishing import Status
from tests.factories import ProgramFactory
from tests.text import spaced
from tests.worker import run_worker

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def form(institute):
    program = ProgramFactory(slug="gpu-support", title_ko="GPU 지원사업", organizer=institute)
    form = ApplicationForm.objects.create(program=program, accepting=True)
    Question.objects.create(
        form=form, position=1, section_ko="사업 계획", kind=QuestionKind.LONG_TEXT, label_ko="사업 개요", max_length=20
    )
    Question.objects.create(
        form=form,
        position=2,
        section_ko="사업 계획",
        kind=QuestionKind.CHOICE,
        label_ko="기술 분야",
        choices_ko="AI\n데이터",
    )
    Question.objects.create(
        form=form, position=3, section_ko="제출 서류", kind=QuestionKind.FILE, label_ko="사업계획서", file_types="pdf"
    )
    Question.objects.create(
        form=form,
        position=4,
        section_ko="제출 서류",
        kind=QuestionKind.FILE,
        label_ko="사진",
        file_types="png,jpg",
        required=False,
    )
    return form


def link_of(message):
    body = message.get_body(("plain",)).get_content()
    return re.search(r"http://testserver(/(?:en/)?apply/[^/\s]+/)", body).group(1)


def ask(client, email="founder@example.com"):
    return client.post("/programs/gpu-support/apply/", {"email": email})


def opened_link(client, smtp, email="founder@example.com"):
    assert ask(client, email).status_code == 200
    run_worker()
    return link_of(smtp.to(email)[-1])


def fill(client, link, form, plan="AI 반도체 실증"):
    details = {"name": "김지은", "phone": "010-1234-5678", "organisation": "(주)광주랩", "stage": "pre_founder"}
    assert client.post(f"{link}section/0/", {**details, "consent": "on"}).status_code == 302
    choice = form.questions.get(position=2)
    answers = {f"q{form.questions.get(position=1).pk}": plan, f"q{choice.pk}": "AI"}
    assert client.post(f"{link}section/1/", answers).status_code == 302
    plan_file = SimpleUploadedFile("사업계획서.pdf", PDF, content_type="application/pdf")
    uploaded = client.post(f"{link}section/2/", {f"q{form.questions.get(position=3).pk}": plan_file})
    assert uploaded.status_code == 302


def test_the_program_page_offers_to_apply_only_while_the_round_takes_applications(client, form):
    program = form.program
    assert 'href="/programs/gpu-support/apply/"' in client.get(program.get_absolute_url()).content.decode()
    form.accepting = False
    form.save()
    program.save()  # a save moves the content generation, so the cached page is drawn again
    assert "/apply/" not in client.get(program.get_absolute_url()).content.decode()
    form.accepting = True
    form.save()
    program.application_closes_at = timezone.now() - timedelta(minutes=1)
    program.save()
    assert "/apply/" not in client.get(program.get_absolute_url()).content.decode()
    assert client.get("/programs/gpu-support/apply/").status_code == 409


def test_the_whole_journey_ask_fill_upload_submit_resubmit_withdraw(client, smtp, form):
    unknown, known = ask(client, "first@example.com"), ask(client, "first@example.com")
    assert unknown.content == known.content  # the same answer whether or not the address is known
    link = opened_link(client, smtp)
    page = spaced(client.get(link).content.decode())
    assert "작성 중" in page and "GPU 지원사업" in page and "사업 계획" in page  # the state and the sections
    fill(client, link, form)
    submitted = client.post(f"{link}submit/", follow=True)
    application = Application.objects.get(email="founder@example.com")
    assert submitted.status_code == 200 and application.status == "submitted" and application.version == 1
    assert re.fullmatch(r"GJ-\d{4}-\d{6}", application.receipt_number)
    run_worker()
    receipt = smtp.to("founder@example.com")[-1].get_body(("plain",)).get_content()
    manifest = client.get(f"{link}manifest/1/")
    digest = hashlib.sha256(manifest.content).hexdigest()
    assert application.receipt_number in receipt and digest in receipt  # the hash matches the downloaded manifest
    assert '"sha256":"' + hashlib.sha256(PDF).hexdigest() in manifest.content.decode()
    client.post(
        f"{link}section/1/",
        {f"q{form.questions.get(position=1).pk}": "고친 개요", f"q{form.questions.get(position=2).pk}": "데이터"},
    )
    client.post(f"{link}submit/")
    application.refresh_from_db()
    assert application.version == 2 and application.submissions.count() == 2
    assert application.receipt_number == application.submissions.last().application.receipt_number
    asked = client.get(f"{link}withdraw/")
    assert asked.status_code == 200 and "되돌릴 수 없습니다" in spaced(asked.content.decode())
    client.post(f"{link}withdraw/")
    application.refresh_from_db()
    assert application.status == "withdrawn" and application.withdrawn_at


def test_a_draft_keeps_what_was_typed_and_errors_stand_beside_the_field(client, smtp, form):
    link = opened_link(client, smtp)
    plan = form.questions.get(position=1)
    too_long = client.post(f"{link}section/1/", {f"q{plan.pk}": "가" * 21})
    page = too_long.content.decode()
    assert too_long.status_code == 400 and "가" * 21 in page and "20자" in spaced(page)
    exactly = "가 나\r\n다" + "라" * 15  # a line break counts once, spaces count: 20 characters
    assert client.post(f"{link}section/1/", {f"q{plan.pk}": exactly}).status_code == 302
    assert Application.objects.get().answers[str(plan.pk)] == exactly.replace("\r\n", "\n")
    missing = client.post(f"{link}submit/")
    assert missing.status_code == 409 and "사업계획서" in spaced(missing.content.decode())
    assert client.get(f"{link}section/1/").content.decode().count("라" * 15) == 1  # kept and shown again


def test_uploads_are_checked_by_content_size_and_name(client, smtp, form, settings):
    link = opened_link(client, smtp)
    field = f"q{form.questions.get(position=3).pk}"
    fake = SimpleUploadedFile("계획서.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    refused = client.post(f"{link}section/2/", {field: fake})
    assert refused.status_code == 400 and "PDF" in spaced(refused.content.decode())
    wrong_type = SimpleUploadedFile("계획서.png", PNG, content_type="image/png")
    assert client.post(f"{link}section/2/", {field: wrong_type}).status_code == 400
    settings.APPLICATION_FILE_MAX_BYTES = 40
    big = SimpleUploadedFile("계획서.pdf", PDF + b" " * 100, content_type="application/pdf")
    assert client.post(f"{link}section/2/", {field: big}).status_code == 400
    settings.APPLICATION_FILE_MAX_BYTES = 20 * 1024 * 1024
    sneaky = SimpleUploadedFile("../../etc/passwd.pdf", PDF, content_type="application/pdf")
    assert client.post(f"{link}section/2/", {field: sneaky}).status_code == 302
    stored = Application.objects.get().files.get()
    assert stored.original_name == "passwd.pdf" and ".." not in stored.stored_name
    assert stored.stored_name.startswith("applications/") and storages["private"].exists(stored.stored_name)
    assert not stored.stored_name.endswith("passwd.pdf")


def test_the_deadline_is_the_moment_the_request_arrives(client, smtp, form):
    form.program.application_closes_at = timezone.now() + timedelta(hours=2)
    form.program.save()
    link = opened_link(client, smtp)
    fill(client, link, form)
    closes = form.program.application_closes_at
    with time_machine.travel(closes - timedelta(seconds=1), tick=False):
        assert client.post(f"{link}submit/").status_code == 302
    with time_machine.travel(closes + timedelta(seconds=1), tick=False):
        late = client.post(f"{link}submit/")
    assert late.status_code == 409 and "마감" in spaced(late.content.decode())
    application = Application.objects.get()
    assert application.version == 1 and application.submitted_at < closes
    with time_machine.travel(closes, tick=False):  # 18:00:00 for a closing at 18:00 is late
        assert client.post(f"{link}submit/").status_code == 409
        assert client.get(link).status_code == 200  # the draft stays readable


def test_a_link_is_the_applicants_alone(client, smtp, form):
    mine = opened_link(client, smtp)
    theirs = opened_link(client, smtp, "other@example.com")
    fill(client, mine, form)
    file = Application.objects.get(email="founder@example.com").files.get()
    assert client.get(f"{mine}files/{file.pk}/").status_code == 200
    assert client.get(f"{theirs}files/{file.pk}/").status_code == 404
    tampered = mine.replace("/apply/", "/apply/x")
    assert client.get(tampered).status_code == 400
    Application.objects.filter(email="founder@example.com").update(email="changed@example.com")
    assert client.get(mine).status_code == 400  # the link names an address, not just a row


def test_deleting_a_draft_and_erasing_an_address_remove_the_files(
    client, smtp, form, django_capture_on_commit_callbacks
):
    link = opened_link(client, smtp)
    fill(client, link, form)
    stored = Application.objects.get().files.get().stored_name
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"{link}delete/").status_code == 200
    assert not Application.objects.exists() and not storages["private"].exists(stored)
    link = opened_link(client, smtp)
    fill(client, link, form)
    client.post(f"{link}submit/")
    stored = Application.objects.get().files.get().stored_name
    assert "founder@example.com" in HOLDER.held(["founder@example.com"])
    with django_capture_on_commit_callbacks(execute=True):
        assert HOLDER.erase("founder@example.com") == 1
    application = Application.objects.get()
    assert application.erased_at and application.name == "" and not application.files.exists()
    assert not storages["private"].exists(stored) and application.version == 1  # the count of the round stays


def test_an_unpublished_or_unchosen_program_has_no_form_to_apply_with(client, form):
    form.program.status = Status.DRAFT
    form.program.save()
    assert client.get("/programs/gpu-support/apply/").status_code == 404
    assert client.get("/programs/no-such/apply/").status_code == 404


def test_an_uploaded_file_has_no_public_address(client, smtp, form, settings):
    link = opened_link(client, smtp)
    fill(client, link, form)
    stored = Application.objects.get().files.get()
    on_disk = storages["private"].path(stored.stored_name)
    assert not on_disk.startswith(str(settings.MEDIA_ROOT)) and stored.stored_name.startswith("applications/")
    assert "사업계획서" not in stored.stored_name  # a generated name, not the applicant's
    for guessed in (f"/media/{stored.stored_name}", f"/media/../private-media/{stored.stored_name}"):
        assert client.get(guessed).status_code == 404
    assert client.get(f"{link}files/{stored.pk}/").status_code == 200  # only through the checked view
