"""What follows a submission: each change of state emailed in the applicant's language, a supplement submitted after
the deadline until its day, exports of a round (formula-safe spreadsheet, files by receipt number), the public count
of a closed round, an expired link that keeps what was typed, and the erasure once the round's period has passed.
Budget: 40 s a pass (measured 14 s)."""

import io
import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from applications import services
from applications.models import Application, ApplicationForm, Question, QuestionKind
from applications.tokens import LINK_VALID, application_url
from tests.factories import ProgramFactory
from tests.text import spaced
from tests.worker import run_worker

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def form(institute):
    program = ProgramFactory(slug="ai-round", title_ko="AI 실증 지원", organizer=institute)
    form = ApplicationForm.objects.create(program=program, accepting=True)
    Question.objects.create(form=form, position=1, section_ko="계획", label_ko="한 줄 소개")
    Question.objects.create(
        form=form, position=2, section_ko="서류", kind=QuestionKind.FILE, label_ko="계획서", file_types="pdf"
    )
    return form


def applied(form, email, name="김지은", introduction="AI 실증", language="ko"):
    application = Application.objects.create(
        form=form,
        email=email,
        language=language,
        name=name,
        phone="010-0000-0000",
        stage="pre_founder",
        consented_at=timezone.now(),
        answers={str(form.questions.get(position=1).pk): introduction},
    )
    services.file_store(
        application=application,
        question=form.questions.get(position=2),
        upload=SimpleUploadedFile("계획서.pdf", PDF, "application/pdf"),
    )
    services.application_submit(application=application, arrived_at=timezone.now())
    application.refresh_from_db()
    return application


def path_of(application):
    return application_url(application).removeprefix("http://testserver")


def test_each_change_of_state_is_emailed_in_the_applicants_language(client, smtp, form):
    korean, english = applied(form, "ko@example.com"), applied(form, "en@example.com", language="en")
    services.status_change(application=korean, status=Application.Status.REVIEWING)
    services.status_change(application=english, status=Application.Status.REVIEWING)
    with pytest.raises(services.Refused):
        services.status_change(application=korean, status=Application.Status.SUPPLEMENT)  # no reason, no date
    run_worker()
    korean_news = smtp.to("ko@example.com")[-1]
    assert "검토 중" in korean_news["Subject"] and korean.receipt_number in korean_news["Subject"]
    assert "being reviewed" in smtp.to("en@example.com")[-1].get_body(("plain",)).get_content()


def test_a_supplement_may_be_submitted_after_the_deadline_until_its_day(client, smtp, form):
    application = applied(form, "founder@example.com")
    closes = form.program.application_closes_at
    due = (timezone.localtime(closes) + timedelta(days=3)).date()
    with time_machine.travel(closes + timedelta(days=1), tick=False):
        services.status_change(
            application=application, status=Application.Status.SUPPLEMENT, reason="사업자등록증 사본", due=due
        )
        page = spaced(client.get(path_of(application)).content.decode())
        assert "사업자등록증 사본" in page and "보완 요청" in page
        submitted = client.post(f"{path_of(application)}submit/")
        assert submitted.status_code == 302
    application.refresh_from_db()
    assert application.version == 2 and application.status == "submitted"
    application.status, application.supplement_due = Application.Status.SUPPLEMENT, due
    application.save()
    with time_machine.travel(closes + timedelta(days=5), tick=False):
        assert client.post(f"{path_of(application)}submit/").status_code == 409  # past its day


def test_a_round_exports_as_a_safe_spreadsheet_and_a_zip_by_receipt(client, partner_editor, form):
    first = applied(form, "a@example.com", name='=HYPERLINK("http://evil")', introduction="+1+1")
    second = applied(form, "b@example.com", name="박창업")
    client.force_login(partner_editor)
    changelist = "/admin/applications/application/"
    chosen = {"_selected_action": [first.pk, second.pk]}
    sheet = client.post(changelist, {"action": "export_csv", **chosen})
    text = sheet.content.decode("utf-8-sig")
    assert sheet.status_code == 200 and "'=HYPERLINK" in text and "'+1+1" in text and "한 줄 소개" in text
    archive = client.post(changelist, {"action": "export_files", **chosen})
    names = zipfile.ZipFile(io.BytesIO(b"".join(archive.streaming_content))).namelist()
    assert sorted(names) == sorted(f"{application.receipt_number}/02-계획서.pdf" for application in (first, second))


def test_a_closed_round_shows_its_count_in_the_page_the_api_and_open_data(client, form):
    applied(form, "a@example.com")
    withdrawn = applied(form, "b@example.com")
    services.application_withdraw(application=withdrawn, arrived_at=timezone.now())
    program = form.program
    program.refresh_from_db()
    assert program.applications_received == 1
    program.application_closes_at = timezone.now() - timedelta(minutes=1)
    program.save()
    assert "포털 접수 1건" in spaced(client.get(program.get_absolute_url()).content.decode())
    assert client.get(f"/api/v1/programs/{program.slug}/").json()["applications_received"] == 1
    data = b"".join(client.get("/open-data/programs.csv").streaming_content).decode("utf-8-sig")
    header, row = data.splitlines()[:2]
    assert "applications_received" in header and row.split(",")[header.split(",").index("applications_received")] == "1"


def test_an_expired_link_keeps_what_was_typed_until_a_fresh_link_confirms_the_address(client, smtp, form):
    application = Application.objects.create(form=form, email="late@example.com")
    path = path_of(application)
    question = form.questions.get(position=1)
    with time_machine.travel(timezone.now() + LINK_VALID + timedelta(hours=1), tick=False):
        expired = client.post(f"{path}section/1/", {f"q{question.pk}": "늦게 쓴 소개"})
        assert (
            expired.status_code == 401
            and "새 링크" in spaced(expired.content.decode())
            or "링크" in spaced(expired.content.decode())
        )
        application.refresh_from_db()
        assert application.answers == {} and application.pending["section"] == 1  # kept aside, not saved
        run_worker()
        fresh = application_url(application).removeprefix("http://testserver")
        assert "late@example.com" in [message["To"] for message in smtp.messages]
        shown = client.get(f"{fresh}section/1/").content.decode()
        assert "늦게 쓴 소개" in shown
        assert client.post(f"{fresh}section/1/", {f"q{question.pk}": "늦게 쓴 소개"}).status_code == 302
    application.refresh_from_db()
    assert application.answers[str(question.pk)] == "늦게 쓴 소개" and application.pending == {}


def test_the_daily_job_erases_applications_once_the_round_has_kept_them_long_enough(
    form, django_capture_on_commit_callbacks
):
    application = applied(form, "founder@example.com")
    stored = application.files.get().stored_name
    services.results_publish(form=form)
    application.refresh_from_db()
    assert application.status == "result"
    later = timezone.now() + timedelta(days=form.retention_days - 1)
    assert services.expired_applications_erase(later) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expired_applications_erase(later + timedelta(days=2)) == 1
    application.refresh_from_db()
    assert application.erased_at and application.name == "" and application.answers == {}
    assert not storages["private"].exists(stored) and application.submissions.get().manifest == ""
    form.program.refresh_from_db()
    assert form.program.applications_received == 1  # the count stays


def test_the_desk_counts_applications_received_today_and_supplements(client, partner_editor, form):
    applied(form, "a@example.com")
    supplement = applied(form, "b@example.com")
    services.status_change(
        application=supplement,
        status=Application.Status.SUPPLEMENT,
        reason="서류 보완",
        due=timezone.localdate() + timedelta(days=3),
    )
    client.force_login(partner_editor)
    page = spaced(client.get("/admin/").content.decode())
    assert "오늘 접수된 신청서" in page and "보완 요청" in page
    listed = client.get("/admin/applications/application/?received=today")
    assert listed.context["cl"].result_count == 2


@pytest.mark.parametrize(
    ("stage", "founded_on", "said", "said_ko"),
    [
        ("pre_founder", None, "Met", "충족"),
        ("founded", "2020-03-02", "Not met", "미충족"),  # in its 7th year on 2026-12-07, the rule asks up to year 3
    ],
)
def test_the_rules_are_shown_against_the_applicants_stage_and_never_block(
    client, smtp, partner_editor, form, stage, founded_on, said, said_ko
):
    with time_machine.travel("2026-12-07 10:00 +09:00", tick=False):
        # Published and open on that day: the factory's dates follow the real clock, which has moved past it.
        form.program.max_business_years = 3
        form.program.published_at = form.program.application_opens_at = timezone.now() - timedelta(days=3)
        form.program.application_closes_at = timezone.now() + timedelta(days=10)
        form.program.save()
        application = applied(form, "founder@example.com", language="en")
        Application.objects.filter(pk=application.pk).update(stage=stage, founded_on=founded_on)
        application.refresh_from_db()
        with translation.override("en"):
            page = client.get(path_of(application)).content.decode()
        assert f"<strong>{said}</strong> · Business years: in business up to year 3" in spaced(page)
        assert "you can submit either way" in spaced(page)
        assert services.can_submit(application, timezone.now())  # a guide, never a gate
        client.force_login(partner_editor)
        detail = client.get(f"/admin/applications/application/{application.pk}/change/").content.decode()
        assert f"{said_ko}: 업력: 개업 3년 이내" in spaced(detail)


@pytest.mark.parametrize(
    ("founded_on", "on", "year"),
    [("2026-03-02", "2026-12-07", 1), ("2025-12-07", "2026-12-07", 2), ("2025-12-08", "2026-12-07", 1)],
)
def test_a_business_is_in_its_first_year_until_its_first_anniversary(founded_on, on, year):
    from datetime import date

    from programs.rules import year_number

    assert year_number(date.fromisoformat(founded_on), date.fromisoformat(on)) == year
