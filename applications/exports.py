"""A round's applications for the institute: a spreadsheet (CSV or XLSX, every text cell formula-safe) with one row
per application and one column per question in the form's order, and a ZIP of the files in folders named by receipt
number. Built from the rows the admin's scoped queryset gives, so an editor exports only their own."""

import tempfile
import zipfile

from django.core.files.storage import storages
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext

from core.spreadsheets import spreadsheet_response

from .models import Assignment, QuestionKind
from .services import safe_name


def spreadsheet(form, applications, file_format):
    questions = [question for question in form.questions.all() if question.kind != QuestionKind.FILE]
    headers = [
        gettext("Receipt number"), gettext("Version"), gettext("State"), gettext("Received at"), gettext("Name"),
        gettext("Email"), gettext("Phone"), gettext("Organisation"), gettext("Stage"), gettext("Founded on"),
        gettext("Business registration number"), *[question.label for question in questions],
    ]  # fmt: skip
    rows = []
    for application in applications:
        answers = [application.answers.get(str(question.pk), "") for question in questions]
        rows.append(
            [
                application.receipt_number,
                application.version,
                application.get_status_display(),
                timezone.localtime(application.submitted_at).isoformat() if application.submitted_at else "",
                application.name,
                application.email,
                application.phone,
                application.organisation,
                application.get_stage_display(),
                application.founded_on.isoformat() if application.founded_on else "",
                application.business_number,
                *[", ".join(answer) if isinstance(answer, list) else answer for answer in answers],
            ]
        )
    return spreadsheet_response(f"applications-{form.program.slug}", headers, rows, file_format)


def files_zip(form, applications):
    """Every file of these applications, as <receipt number>/<question's position>-<file name>, written to a
    temporary file on disk (never all in memory) and streamed."""
    archive_file = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once streamed
    private = storages["private"]
    with zipfile.ZipFile(archive_file, "w", zipfile.ZIP_STORED) as archive:
        for application in applications:
            for file in application.files.select_related("question"):
                name = f"{application.receipt_number}/{file.question.position:02d}-{safe_name(file.original_name)}"
                with private.open(file.stored_name, "rb") as source, archive.open(name, "w") as target:
                    for chunk in iter(lambda source=source: source.read(64 * 1024), b""):
                        target.write(chunk)
    archive_file.seek(0)
    response = FileResponse(archive_file, as_attachment=True, filename=f"applications-{form.program.slug}-files.zip")
    response["Cache-Control"] = "private, no-store"
    return response


def evaluation_report(rubric, file_format):
    """The round's 평가 결과표: one row per reviewer and application, reviewers by code, each criterion's points and
    comment, the reviewer's total, the combined score with the combination used, and the decision."""
    from .reviewing import ranking  # the same standings the ranking page shows

    criteria = list(rubric.criteria.all())
    standings = {standing.application_id: standing for standing in ranking(rubric)}
    headers = [gettext("Receipt number"), gettext("Reviewer")]
    for criterion in criteria:
        headers += [
            gettext("%(criterion)s (weight %(weight)s, out of %(most)s)")
            % {"criterion": criterion.name, "weight": criterion.weight, "most": criterion.max_score},
            gettext("%(criterion)s: comment") % {"criterion": criterion.name},
        ]
    headers += [gettext("Reviewer's total"), gettext("Combined score"), gettext("Combination"), gettext("Decision")]
    assignments = (
        Assignment.objects.filter(application__form=rubric.form, submitted_at__isnull=False)
        .select_related("application", "reviewer")
        .prefetch_related("scores")
        .order_by("application__receipt_number", "reviewer__code")
    )
    rows = []
    for assignment in assignments:
        given = {score.criterion_id: score for score in assignment.scores.all()}
        cells = [assignment.application.receipt_number, assignment.reviewer.code]
        for criterion in criteria:
            score = given.get(criterion.pk)
            cells += [str(score.points) if score else "", score.comment if score else ""]
        standing = standings.get(assignment.application_id)
        total = dict(standing.totals).get(assignment.reviewer.code) if standing else None
        cells += [
            str(total) if total is not None else "",
            str(standing.score) if standing else "",
            rubric.get_combination_display(),
            assignment.application.get_decision_display(),
        ]
        rows.append(cells)
    return spreadsheet_response(f"evaluation-{rubric.form.program.slug}", headers, rows, file_format)
