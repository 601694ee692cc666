"""The reviewer area, as a reviewer and as an attacker would use it: the invitation sets a password and an
authenticator, signing in needs both (or a recovery code, once), an application opens only after a declaration of
interest, a blind round's pages name none of its applicants, other reviewers' scores show only after one's own, and
a table of roles against every path of the area. Budget: 30 s a pass."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from applications import reviewer_accounts, reviewing, services
from applications.models import Application, ApplicationForm, Criterion, Question, QuestionKind, Reviewer, Rubric
from tests.factories import ProgramFactory
from tests.worker import run_worker

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"
PASSWORD = "평가-비밀번호-2026!"


def code_of(user):
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def panel(institute):
    """A blind round of 20 applicants (each with a file, one of them marked safe), two reviewers with accounts set
    up, and a draw of two reviewers an application."""
    form = ApplicationForm.objects.create(
        program=ProgramFactory(organizer=institute, slug="blind-round"), accepting=True
    )
    plan = Question.objects.create(form=form, position=1, section_ko="계획", label_ko="사업 개요")
    paper = Question.objects.create(
        form=form, position=2, section_ko="서류", kind=QuestionKind.FILE, label_ko="계획서", file_types="pdf"
    )
    rubric = Rubric.objects.create(form=form, reviewers_per_application=2, blind=True)
    Criterion.objects.create(rubric=rubric, position=1, name_ko="사업성", weight=60, min_comment_length=5)
    Criterion.objects.create(rubric=rubric, position=2, name_ko="기술성", weight=40, min_comment_length=5)
    applications = []
    for number in range(20):
        application = Application.objects.create(
            form=form,
            email=f"person{number}@applicant-mail.example",
            name=f"홍길순{number:02d}",
            phone=f"010-5555-{number:04d}",
            organisation=f"(주)비밀기업{number:02d}",
            business_number=f"123-45-{number:05d}",
            stage="pre_founder",
            consented_at=timezone.now(),
            answers={str(plan.pk): "AI 실증 계획"},
        )
        services.file_store(
            application=application, question=paper, upload=SimpleUploadedFile(f"홍길순{number}.pdf", PDF)
        )
        services.application_submit(application=application, arrived_at=timezone.now())
        applications.append(application)
    applications[0].files.update(blind_safe=True)
    reviewers = [reviewer_ready(institute, f"R{number}") for number in (1, 2)]
    rubric.pool.set(reviewers)
    reviewing.reviewers_draw(rubric=rubric)
    return rubric, applications, reviewers


def reviewer_ready(institute, code):
    """A reviewer whose account went through the invitation (password, authenticator, recovery codes)."""
    user = get_user_model().objects.create_user(f"reviewer-{code.lower()}", email=f"{code.lower()}@example.com")
    user.set_unusable_password()
    user.is_active = False
    user.save()
    reviewer = Reviewer.objects.create(user=user, institute=institute, code=code, name=f"평가위원 {code}")
    device = reviewer_accounts.authenticator_for(reviewer)
    reviewer.recovery = reviewer_accounts.reviewer_activate(reviewer=reviewer, password=PASSWORD, device=device)
    return reviewer


def sign_in(client, reviewer, code=None):
    return client.post(
        "/review/sign-in/",
        {"email": reviewer.user.email, "password": PASSWORD, "code": code or code_of(reviewer.user)},
    )


def test_an_invitation_sets_a_password_and_an_authenticator_once(client, smtp, institute):
    user = get_user_model().objects.create_user("reviewer-new", email="new@example.com", is_active=False)
    user.set_unusable_password()
    user.save()
    reviewer = Reviewer.objects.create(user=user, institute=institute, code="N1", name="새평가위원")
    reviewer_accounts.reviewer_invite(reviewer=reviewer)
    run_worker()
    body = smtp.to("new@example.com")[-1].get_body(("plain",)).get_content()
    link = re.search(r"http://testserver(/review/welcome/\S+/)", body).group(1)
    page = client.get(link)
    assert page.status_code == 200 and "<svg" in page.content.decode()
    wrong = client.post(link, {"password": PASSWORD, "password_again": PASSWORD, "code": "000000"})
    assert wrong.status_code == 400 and not get_user_model().objects.get(pk=user.pk).has_usable_password()
    with time_machine.travel(timedelta(seconds=5)):  # django-otp makes one wait after a wrong code
        done = client.post(link, {"password": PASSWORD, "password_again": PASSWORD, "code": code_of(user)})
    codes = re.findall(r"<code>(\w+)</code>", done.content.decode())
    assert done.status_code == 200 and len(codes) == 10
    user.refresh_from_db()
    assert user.is_active and user.has_usable_password() and not user.is_staff
    assert client.get(link).status_code == 400  # spent


def test_signing_in_needs_the_password_and_a_code_and_a_recovery_code_works_once(client, panel):
    _rubric, _applications, (reviewer, _other) = panel
    assert sign_in(client, reviewer, code="000000").status_code == 400
    assert client.get("/review/").status_code == 302  # not signed in
    wrong_password = client.post(
        "/review/sign-in/", {"email": reviewer.user.email, "password": "nope", "code": code_of(reviewer.user)}
    )
    assert wrong_password.status_code == 400
    with time_machine.travel(timedelta(seconds=5)):  # django-otp makes one wait after a wrong code
        assert sign_in(client, reviewer).status_code == 302
        assert client.get("/review/").status_code == 200
    client.post("/review/sign-out/")
    recovery = reviewer.recovery[0]
    with time_machine.travel(timedelta(seconds=10)):  # past the wait the first wrong code set on every device
        assert sign_in(client, reviewer, code=recovery).status_code == 302
        client.post("/review/sign-out/")
        assert sign_in(client, reviewer, code=recovery).status_code == 400  # spent


def test_an_application_opens_only_after_a_declaration(client, panel):
    _rubric, _applications, (reviewer, _other) = panel
    sign_in(client, reviewer)
    assignment = reviewer.assignments.first()
    assert client.get(f"/review/{assignment.pk}/").status_code == 403
    file = assignment.application.files.get()
    assert client.get(f"/review/{assignment.pk}/files/{file.pk}/").status_code == 403
    assert client.post(f"/review/{assignment.pk}/declare/", {"answer": "conflict"}).status_code == 400  # no reason
    assert client.post(f"/review/{assignment.pk}/declare/", {"answer": "none"}).status_code == 302
    assert client.get(f"/review/{assignment.pk}/").status_code == 200


def test_a_blind_rounds_pages_name_none_of_its_applicants(client, panel):
    _rubric, applications, (reviewer, _other) = panel
    sign_in(client, reviewer)
    pages = [client.get("/review/").content.decode()]
    for assignment in reviewer.assignments.all():
        pages.append(client.get(f"/review/{assignment.pk}/declare/").content.decode())
        client.post(f"/review/{assignment.pk}/declare/", {"answer": "none"})
        pages.append(client.get(f"/review/{assignment.pk}/").content.decode())
    text = "\n".join(pages)
    for application in applications:
        details = [application.name, application.organisation, application.email, application.phone]
        details += [application.business_number, application.files.get().original_name]
        assert not [detail for detail in details if detail in text], application.receipt_number
    shown = [a for a in reviewer.assignments.all() if a.application == applications[0]]
    for assignment in shown:  # the one file staff marked safe opens; the others are not offered
        assert f"/review/{assignment.pk}/files/" in client.get(f"/review/{assignment.pk}/").content.decode()
    hidden = reviewer.assignments.exclude(application=applications[0]).first()
    assert client.get(f"/review/{hidden.pk}/files/{hidden.application.files.get().pk}/").status_code == 404


def test_other_reviewers_scores_show_only_after_ones_own(client, panel):
    rubric, _applications, (first, second) = panel
    shared = first.assignments.filter(application__assignments__reviewer=second).first()
    theirs = shared.application.assignments.get(reviewer=second)
    for assignment in (shared, theirs):
        reviewing.no_conflict_declare(assignment=assignment)
    criteria = list(rubric.criteria.all())
    reviewing.scores_submit(
        assignment=theirs, given={c.pk: (50, "두 번째 평가위원의 의견") for c in criteria}, by=second.user
    )
    sign_in(client, first)
    before = client.get(f"/review/{shared.pk}/").content.decode()
    assert "두 번째 평가위원의 의견" not in before
    short = {f"points_{c.pk}": "70" for c in criteria} | {f"comment_{c.pk}": "짧음" for c in criteria}
    assert client.post(f"/review/{shared.pk}/", short).status_code == 400  # a comment under the minimum
    given = {f"points_{c.pk}": "70" for c in criteria} | {f"comment_{c.pk}": "충분히 긴 평가 의견" for c in criteria}
    assert client.post(f"/review/{shared.pk}/", given).status_code == 302
    assert "두 번째 평가위원의 의견" in client.get(f"/review/{shared.pk}/").content.decode()


ROLES = ["anonymous", "other_partner_editor", "partner_editor", "other_reviewer"]


@pytest.mark.parametrize("role", ROLES)
def test_roles_against_every_path_of_the_reviewer_area(client, request, panel, other_institute, role):
    _rubric, _applications, (reviewer, _other) = panel
    assignment = reviewer.assignments.first()
    reviewing.no_conflict_declare(assignment=assignment)
    file = assignment.application.files.get()
    if role == "other_reviewer":  # a reviewer of another institute's round, signed in with their code
        sign_in(client, reviewer_ready(other_institute, "X9"))
    elif role != "anonymous":
        client.force_login(request.getfixturevalue(role))  # staff: the admin's session reaches no review page
    paths = [
        "/review/",
        f"/review/{assignment.pk}/",
        f"/review/{assignment.pk}/declare/",
        f"/review/{assignment.pk}/files/{file.pk}/",
    ]
    statuses = [client.get(path).status_code for path in paths]
    expected = {
        "anonymous": [302, 302, 302, 302],
        "other_partner_editor": [403, 403, 403, 403],
        "partner_editor": [403, 403, 403, 403],  # staff are not reviewers, even of their own round
        "other_reviewer": [200, 403, 403, 403],
    }
    assert statuses == expected[role]
    posted = client.post(f"/review/{assignment.pk}/", {})
    assert posted.status_code in (302, 403) and not assignment.scores.exists()
    if role == "other_reviewer":  # a reviewer's account never reaches the admin
        assert client.get("/admin/").status_code == 302
        client.logout()
        refused = client.post("/admin/login/", {"username": "reviewer-x9", "password": PASSWORD})
        assert refused.status_code == 200 and "_auth_user_id" not in client.session


def test_a_reset_signs_the_reviewer_out_and_only_a_new_invitation_sets_them_up_again(client, panel):
    _rubric, _applications, (reviewer, _other) = panel
    sign_in(client, reviewer)
    assert client.get("/review/").status_code == 200
    user = reviewer.user
    user.set_unusable_password()
    user.save()
    before_reset = reviewer_accounts.invitation_token(reviewer)
    old_code = code_of(user)
    reviewer_accounts.reviewer_reset(reviewer=reviewer)
    reviewer.user.refresh_from_db()
    assert client.get("/review/").status_code == 302  # the old session no longer counts
    assert client.get(f"/review/welcome/{before_reset}/").status_code == 400  # an invitation from before the reset
    fresh = client.get(f"/review/welcome/{reviewer_accounts.invitation_token(reviewer)}/").content.decode()
    assert "<svg" in fresh and not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    refused = client.post("/review/sign-in/", {"email": user.email, "password": PASSWORD, "code": old_code})
    assert refused.status_code == 400


def test_a_reviewers_address_is_held_found_and_erased_keeping_the_scores_by_code(panel):
    from applications.holders import HOLDER

    rubric, _applications, (reviewer, _other) = panel
    assignment = reviewer.assignments.first()
    reviewing.no_conflict_declare(assignment=assignment)
    given = {criterion.pk: (70, "충분히 긴 평가 의견") for criterion in rubric.criteria.all()}
    reviewing.scores_submit(assignment=assignment, given=given, by=reviewer.user)
    address = reviewer.user.email
    assert address in HOLDER.held([address])
    [(_what, _rows), (what, [found])] = HOLDER.found(address)
    assert what == "reviewers" and found["name"] == reviewer.name and found["assignments"] >= 1
    assert HOLDER.erase(address) == 1
    reviewer.refresh_from_db()
    reviewer.user.refresh_from_db()
    assert (reviewer.name, reviewer.user.email, reviewer.user.is_active) == ("", "", False)
    assert not HOLDER.held([address]) and assignment.scores.count() == 2  # the record stays, by code


def test_staff_see_every_change_of_a_submitted_score_with_who_and_when(client, panel, partner_editor):
    rubric, _applications, (reviewer, _other) = panel
    assignment = reviewer.assignments.first()
    reviewing.no_conflict_declare(assignment=assignment)
    criteria = list(rubric.criteria.all())
    for points in (60, 75):
        given = {criterion.pk: (points, "충분히 긴 평가 의견") for criterion in criteria}
        reviewing.scores_submit(assignment=assignment, given=given, by=reviewer.user)
    client.force_login(partner_editor)
    page = client.get(f"/admin/applications/application/{assignment.application_id}/change/").content.decode()
    assert f"{reviewer.code} · 사업성: 60.00 → 75.00" in page and f"{reviewer.code} · 기술성: 60.00 → 75.00" in page
