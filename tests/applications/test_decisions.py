"""After the scores: decisions kept from applicants until the batch is published, then exactly one letter each (with
the scores where the rubric allows), the round's figures in the open (page, API, open data; names only with
consent), appeals within the window answered in writing, the ranking page and the evaluation report on the
institute rule. Budget: 30 s a pass."""

import csv
import io
from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from applications import decisions, reviewing
from applications.models import Appeal, Application, Assignment
from applications.services import Refused
from tests.applications.test_reviewer_area import panel  # noqa: F401 - a blind round of 20 with two reviewers each
from tests.worker import run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(panel):  # noqa: F811
    """Every assignment declared and scored: application n gets 40 + n points on each criterion from each reviewer."""
    rubric, applications, reviewers = panel
    criteria = list(rubric.criteria.all())
    for assignment in Assignment.objects.select_related("application"):
        reviewing.no_conflict_declare(assignment=assignment)
        points = 40 + applications.index(assignment.application)
        given = {criterion.pk: (points, f"{criterion.name}에 대한 충분한 의견") for criterion in criteria}
        reviewing.scores_submit(assignment=assignment, given=given, by=assignment.reviewer.user)
    return rubric, applications, reviewers


def decide_all(applications, selected=3):
    for number, application in enumerate(applications):
        chosen = number >= len(applications) - selected  # the highest scores
        decisions.decision_set(
            application=application,
            decision="selected" if chosen else "not_selected",
            award=10_000_000 * (number - len(applications) + selected + 1) if chosen else None,
        )


def test_nothing_reaches_an_applicant_before_the_batch_and_one_letter_each_after(smtp, scored):
    rubric, applications, _reviewers = scored
    run_worker()
    sent_before = len(smtp.messages)
    decide_all(applications[:-1])
    with pytest.raises(Refused):  # one still undecided
        decisions.round_results_publish(form=rubric.form)
    run_worker()
    assert len(smtp.messages) == sent_before  # decisions are quiet
    decide_all(applications)
    decisions.round_results_publish(form=rubric.form)
    with pytest.raises(Refused):
        decisions.round_results_publish(form=rubric.form)  # once
    run_worker()
    letters = smtp.messages[sent_before:]
    assert sorted(message["To"] for message in letters) == sorted(a.email for a in applications)
    best = smtp.to(applications[-1].email)[-1].get_body(("plain",)).get_content()
    assert "선정" in best and "59.00" in best and "사업성에 대한 충분한 의견" in best  # 40 + 19 on every criterion
    rubric.refresh_from_db()
    assert rubric.panel_closed_at is not None
    with pytest.raises(Refused):
        decisions.decision_set(application=applications[0], decision="selected")


def test_a_round_that_keeps_scores_private_sends_the_result_alone(smtp, scored):
    rubric, applications, _reviewers = scored
    rubric.applicants_see_scores = False
    rubric.save()
    decide_all(applications)
    decisions.round_results_publish(form=rubric.form)
    run_worker()
    letter = smtp.to(applications[0].email)[-1].get_body(("plain",)).get_content()
    assert "미선정" in letter and "충분한 의견" not in letter and "40.00" not in letter


def test_the_rounds_figures_are_public_and_names_only_with_consent(client, scored):
    rubric, applications, _reviewers = scored
    Application.objects.filter(pk=applications[-1].pk).update(name_may_be_published=True)
    decide_all(applications)
    decisions.round_results_publish(form=rubric.form)
    program = rubric.form.program
    program.refresh_from_db()
    assert (program.applications_selected, program.competition_ratio) == (3, 6.7)  # 20 / 3
    assert (program.awards_total, program.awards_median) == (60_000_000, 20_000_000)
    assert program.selected_organisations == [applications[-1].organisation]
    program.application_closes_at = timezone.now() - timedelta(days=1)
    program.save()
    page = client.get(program.get_absolute_url()).content.decode()
    assert "6.7 : 1" in page and applications[-1].organisation in page and applications[-2].organisation not in page
    record = client.get(f"/api/v1/programs/{program.slug}/").json()
    assert (record["applications_selected"], record["competition_ratio"], record["awards_median"]) == (
        3,
        6.7,
        20_000_000,
    )
    assert record["selected_organisations"] == [applications[-1].organisation]
    exported = b"".join(client.get("/open-data/programs.csv").streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(exported)))
    [row] = [row for row in rows if row["slug"] == program.slug]
    assert (row["applications_selected"], row["competition_ratio"]) == ("3", "6.7")


def test_an_appeal_is_filed_in_time_and_closed_only_with_a_written_answer(client, smtp, scored, partner_editor):
    rubric, applications, _reviewers = scored
    decide_all(applications)
    decisions.round_results_publish(form=rubric.form)
    application = Application.objects.get(pk=applications[0].pk)
    appeal = decisions.appeal_file(application=application, reason="평가 의견이 계획서 내용과 다릅니다.")
    with pytest.raises(Refused):
        decisions.appeal_file(application=application, reason="두 번째")  # one open at a time
    with pytest.raises(Refused):
        decisions.appeal_answer(appeal=appeal, answer="  ", by=partner_editor, close=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Appeal.objects.filter(pk=appeal.pk).update(closed_at=timezone.now())  # the database refuses it too
    client.force_login(partner_editor)
    assert "서면 답변을 기다리는 이의신청" in client.get("/admin/").content.decode()
    waiting = client.get("/admin/applications/appeal/?closed_at__isempty=1")
    assert waiting.context["cl"].result_count == 1
    answered = client.post(
        f"/admin/applications/appeal/{appeal.pk}/change/", {"answer": "재검토 결과 점수를 유지합니다.", "close": "on"}
    )
    assert answered.status_code == 302
    appeal.refresh_from_db()
    assert appeal.closed_at and appeal.answered_by == partner_editor
    run_worker()
    assert "재검토 결과 점수를 유지합니다." in smtp.to(application.email)[-1].get_body(("plain",)).get_content()
    late = Application.objects.get(pk=applications[1].pk)
    with time_machine.travel(timezone.now() + timedelta(days=8)), pytest.raises(Refused):
        decisions.appeal_file(application=late, reason="늦은 이의신청")


def test_the_ranking_page_and_the_report_follow_the_institute_rule(
    client, scored, partner_editor, other_partner_editor
):
    rubric, applications, reviewers = scored
    decide_all(applications)
    client.force_login(other_partner_editor)
    assert client.get(f"/admin/applications/rubric/{rubric.pk}/ranking/").status_code == 403
    refused = client.post("/admin/applications/rubric/", {"action": "report_csv", "_selected_action": [rubric.pk]})
    assert not refused.get("Content-Type", "").startswith("text/csv")
    client.force_login(partner_editor)
    ranking = client.get(f"/admin/applications/rubric/{rubric.pk}/ranking/").content.decode()
    assert ranking.index(applications[-1].receipt_number) < ranking.index(applications[0].receipt_number)
    report = client.post("/admin/applications/rubric/", {"action": "report_csv", "_selected_action": [rubric.pk]})
    text = report.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 1 + 40 and rows[1][1] in {reviewer.code for reviewer in reviewers}
    assert not [reviewer.name for reviewer in reviewers if reviewer.name in text]  # reviewers by code only
    assert "평균" in text or "mean" in text.lower()


def test_staff_assign_by_hand_among_their_reviewers_and_decide_in_bulk(client, panel, partner_editor, other_institute):  # noqa: F811
    from tests.applications.test_reviewer_area import reviewer_ready

    rubric, applications, reviewers = panel
    outsider = reviewer_ready(other_institute, "Z1")
    application = applications[3]
    client.force_login(partner_editor)
    url = f"/admin/applications/application/{application.pk}/change/"
    page = client.get(url)
    formset = next(f for f in page.context["inline_admin_formsets"] if f.formset.model is Assignment).formset
    assert outsider not in formset.forms[0].fields["reviewer"].queryset  # another institute's reviewer
    existing = list(application.assignments.all())
    data = {
        "status": application.status, "decision": "", "award": "",
        "files-TOTAL_FORMS": "1", "files-INITIAL_FORMS": "1", "files-0-id": application.files.get().pk,
        "files-0-application": application.pk,
        "assignments-TOTAL_FORMS": str(len(existing) + 1), "assignments-INITIAL_FORMS": str(len(existing)),
    }  # fmt: skip
    for number, assignment in enumerate(existing):
        data |= {f"assignments-{number}-id": assignment.pk, f"assignments-{number}-reviewer": assignment.reviewer_id}
        data |= {f"assignments-{number}-application": application.pk}
    third = reviewer_ready(application.form.program.organizer, "R3")
    data |= {
        f"assignments-{len(existing)}-reviewer": third.pk,
        f"assignments-{len(existing)}-application": application.pk,
    }
    saved = client.post(url, data)
    assert saved.status_code == 302, saved.context and saved.context["errors"]
    assert application.assignments.get(reviewer=third).source == Assignment.Source.BY_HAND
    chosen = [a.pk for a in applications[:2]]
    client.post("/admin/applications/application/", {"action": "mark_selected", "_selected_action": chosen})
    assert set(Application.objects.filter(pk__in=chosen).values_list("decision", flat=True)) == {"selected"}
