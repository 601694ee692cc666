"""After the scores: staff decide each application quietly, then publish the round's results at once (one letter
per applicant, in their language, with the scores where the rubric allows it), the round's figures become public,
and for APPEAL_DAYS an applicant can appeal from their link; staff answer each appeal in writing before closing it."""

import statistics
import uuid
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.generation import bump_content_generation
from core.mail import queue_email
from programs.models import Program

from . import scoring
from .models import OWNER, Appeal, Application, ApplicationForm, Score
from .reviewing import ranking
from .services import Refused
from .tokens import application_url


def published(form):
    return form.results_published_at is not None


def decision_set(*, application, decision, award=None):
    """Staff's decision on one application, kept from the applicant until the round's results are published."""
    if ApplicationForm.objects.filter(pk=application.form_id, results_published_at__isnull=False).exists():
        raise Refused(_("The results of this round are published: decisions can no longer change."))
    if decision not in Application.Decision.values and decision != "":
        raise Refused(_("Choose selected or not selected."))
    if award is not None and decision != Application.Decision.SELECTED:
        raise Refused(_("Only a selected application receives an award."))
    application.decision, application.award = decision, award
    application.save(update_fields=["decision", "award", "updated_at"])


def scores_for_letter(application, rubric):
    """[(criterion, mean points, most points, [comments])] of the submitted scores, in the rubric's order."""
    by_criterion = defaultdict(list)
    scores = Score.objects.filter(assignment__application=application, assignment__submitted_at__isnull=False)
    for score in scores.select_related("criterion"):
        by_criterion[score.criterion_id].append(score)
    rows = []
    for criterion in rubric.criteria.all():
        given = by_criterion.get(criterion.pk, [])
        if given:
            mean = scoring.rounded(sum((score.points for score in given), Decimal(0)) / len(given))
            rows.append((criterion, mean, criterion.max_score, [score.comment for score in given]))
    return rows


def appeal_until(form):
    return form.results_published_at + timedelta(days=settings.APPEAL_DAYS)


def _letter_send(application, rubric, standing):
    form = application.form
    with translation.override(application.language):
        context = {
            "application": application,
            "program": form.program,
            "selected": application.decision == Application.Decision.SELECTED,
            "show_scores": rubric.applicants_see_scores and standing is not None,
            "standing": standing,
            "combination": rubric.get_combination_display(),
            "rows": scores_for_letter(application, rubric) if rubric.applicants_see_scores else [],
            "appeal_until": appeal_until(form),
            "url": application_url(application),
        }
        queue_email(
            application.email,
            f"application:{application.pk}:decision",  # one letter per application, however often this runs
            gettext("Result: %(title)s (%(receipt)s)")
            % {"title": form.program.title, "receipt": application.receipt_number},
            render_to_string("applications/email/decision.txt", context),
            owner=OWNER,
        )


def round_figures(form):
    """The public figures of a round whose decisions are made: how many were selected, the total and median award
    where awards were given, and the names of the selected organisations that agreed to be named."""
    selected = form.applications.submitted().filter(decision=Application.Decision.SELECTED)
    awards = [award for award in selected.values_list("award", flat=True) if award]
    named = selected.filter(name_may_be_published=True).exclude(organisation="").order_by("organisation")
    return {
        "applications_selected": selected.count(),
        "awards_total": sum(awards) if awards else None,
        "awards_median": round(statistics.median(awards)) if awards else None,
        "selected_organisations": list(named.values_list("organisation", flat=True)),
    }


def round_results_publish(*, form, now=None):
    """Every application decided, the panel closes and every applicant gets their letter at once; the round's
    figures go public. Refused while any application is undecided."""
    now = now or timezone.now()
    with transaction.atomic():
        form = ApplicationForm.objects.select_for_update().select_related("program").get(pk=form.pk)  # one publisher
        rubric = form.rubric
        if published(form):
            raise Refused(_("The results of this round are already published."))
        submitted = form.applications.submitted()
        undecided = submitted.filter(decision="").count()
        if undecided:
            raise Refused(_("Decide every application first: %(count)s still have no decision.") % {"count": undecided})
        standings = {standing.application_id: standing for standing in ranking(rubric)}
        rubric.panel_closed_at = rubric.panel_closed_at or now
        rubric.save(update_fields=["panel_closed_at", "updated_at"])
        form.results_published_at = now
        form.save(update_fields=["results_published_at", "updated_at"])
        submitted.update(status=Application.Status.RESULT, updated_at=now)
        Program.objects.filter(pk=form.program_id).update(**round_figures(form))
        for application in submitted.select_related("form__program"):
            _letter_send(application, rubric, standings.get(application.pk))
        bump_content_generation()  # the round's page shows the figures
    return form


def may_appeal(application, now=None):
    """Whether the application's page offers to appeal: results out, within the window, no appeal open."""
    now = now or timezone.now()
    form = application.form
    return (
        published(form)
        and application.status == Application.Status.RESULT
        and now <= appeal_until(form)
        and not application.appeals.filter(closed_at__isnull=True).exists()
    )


def appeal_file(*, application, reason, now=None):
    """An applicant's appeal from their link, within the window after the results."""
    now = now or timezone.now()
    form = application.form
    if not published(form) or application.status != Application.Status.RESULT:
        raise Refused(_("An appeal can be filed once the results are published."))
    if now > appeal_until(form):
        raise Refused(_("The time to appeal this round's results has passed."))
    if not reason.strip():
        raise Refused(_("Write the reason of your appeal."))
    if application.appeals.filter(closed_at__isnull=True).exists():
        raise Refused(_("Your appeal is being examined: the institute answers it in writing."))
    return Appeal.objects.create(application=application, reason=reason.strip())


def appeal_answer(*, appeal, answer, by, close):
    """Staff answer an appeal in writing; closing needs the answer. The applicant is emailed the answer."""
    if appeal.closed_at:
        raise Refused(_("This appeal is closed."))
    if not answer.strip():
        raise Refused(_("Write the answer before closing the appeal."))
    appeal.answer, appeal.answered_by = answer.strip(), by
    appeal.closed_at = timezone.now() if close else None
    appeal.save(update_fields=["answer", "answered_by", "closed_at"])
    application = appeal.application
    with translation.override(application.language):
        context = {"appeal": appeal, "application": application, "program": application.form.program}
        context["url"] = application_url(application)
        queue_email(
            application.email,
            f"appeal:{appeal.pk}:answer:{uuid.uuid4().hex[:8]}",
            gettext("Answer to your appeal: %(receipt)s") % {"receipt": application.receipt_number},
            render_to_string("applications/email/appeal_answer.txt", context),
            owner=OWNER,
        )
    return appeal
