"""The evaluation's writes and its ranking: copying a rubric, drawing reviewers so that the load stays even,
declarations of interest (a conflict removes the assignment and draws a replacement), scores with their history,
and the ranking of a round with each reviewer's total, the spread and the tie-break."""

import random
from collections import Counter
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import scoring
from .forms import korean_length
from .models import Application, Assignment, Declaration, Rubric, Score, ScoreChange
from .services import Refused


def applications_to_review(rubric):
    """The round's applications that are evaluated: submitted and not withdrawn."""
    return rubric.form.applications.submitted().order_by("pk")


def rubric_copy_previous(*, rubric):
    """The settings and criteria of the rubric of the family's previous round, copied into a rubric with none."""
    previous = rubric.form.program.previous_round
    source = Rubric.objects.filter(form__program=previous).first() if previous else None
    if source is None:
        raise Refused(_("The previous round has no rubric to copy."))
    if rubric.criteria.exists():
        raise Refused(_("This rubric already has criteria: nothing was copied."))
    with transaction.atomic():
        for field in ("reviewers_per_application", "blind", "applicants_see_scores", "combination"):
            setattr(rubric, field, getattr(source, field))
        rubric.save()
        for criterion in source.criteria.all():
            criterion.pk, criterion.rubric = None, rubric
            criterion.save()
    return rubric


def _eligible(rubric, application, taken):
    """The pool's reviewers who may still take `application`: not assigned to it, no declaration on it."""
    declared = set(
        Declaration.objects.filter(application=application, conflict=True).values_list("reviewer_id", flat=True)
    )
    return [reviewer for reviewer in rubric.pool.all() if reviewer.pk not in taken and reviewer.pk not in declared]


def _least_loaded(candidates, load, rng):
    lowest = min(load[reviewer.pk] for reviewer in candidates)
    return rng.choice([reviewer for reviewer in candidates if load[reviewer.pk] == lowest])


def reviewers_draw(*, rubric, rng=None):
    """Fill every application of the round up to the rubric's number of reviewers from its pool, at random among the
    least loaded, so that no reviewer gets more than one application more than another. Returns the new assignments.
    """
    rng = rng or random.SystemRandom()
    with transaction.atomic():
        Rubric.objects.select_for_update().filter(pk=rubric.pk).get()  # one draw at a time per round
        assignments = Assignment.objects.filter(application__form=rubric.form)
        load = Counter({reviewer.pk: 0 for reviewer in rubric.pool.all()})
        load.update(assignments.values_list("reviewer_id", flat=True))
        made = []
        for application in applications_to_review(rubric):
            taken = set(assignments.filter(application=application).values_list("reviewer_id", flat=True))
            for _slot in range(rubric.reviewers_per_application - len(taken)):
                candidates = _eligible(rubric, application, taken)
                if not candidates:
                    break
                reviewer = _least_loaded(candidates, load, rng)
                made.append(Assignment.objects.create(application=application, reviewer=reviewer))
                taken.add(reviewer.pk)
                load[reviewer.pk] += 1
    return made


def no_conflict_declare(*, assignment):
    """The reviewer has no conflict with the application: they may open it now."""
    Declaration.objects.get_or_create(
        application=assignment.application, reviewer=assignment.reviewer, defaults={"conflict": False}
    )


def conflict_declare(*, assignment, reason, note="", rng=None):
    """The reviewer has a conflict: the declaration is kept, the assignment goes, and a replacement is drawn from
    the pool (the least loaded). Returns the replacement's assignment, or None when the pool has nobody left."""
    if reason not in Declaration.Reason.values:
        raise Refused(_("Say which interest you have."))
    if assignment.scores.exists():
        raise Refused(_("Scores were already given: ask the institute to remove this assignment."))
    rubric = assignment.application.form.rubric
    with transaction.atomic():
        Declaration.objects.update_or_create(
            application=assignment.application,
            reviewer=assignment.reviewer,
            defaults={"conflict": True, "reason": reason, "note": note},
        )
        application = assignment.application
        assignment.delete()
        load = Counter({reviewer.pk: 0 for reviewer in rubric.pool.all()})
        load.update(Assignment.objects.filter(application__form=rubric.form).values_list("reviewer_id", flat=True))
        taken = set(application.assignments.values_list("reviewer_id", flat=True))
        candidates = _eligible(rubric, application, taken)
        if not candidates:
            return None
        replacement = _least_loaded(candidates, load, rng or random.SystemRandom())
        return Assignment.objects.create(application=application, reviewer=replacement)


def may_open(assignment):
    """A reviewer opens an application only after declaring no conflict with it."""
    return Declaration.objects.filter(
        application=assignment.application_id, reviewer=assignment.reviewer_id, conflict=False
    ).exists()


def _checked(criterion, points, comment):
    try:
        value = Decimal(str(points).strip())
    except InvalidOperation:
        raise Refused(_("%(criterion)s: give the points as a number.") % {"criterion": criterion.name}) from None
    if not value.is_finite() or value < 0 or value > criterion.max_score:
        raise Refused(
            _("%(criterion)s: give between 0 and %(most)s points.")
            % {"criterion": criterion.name, "most": criterion.max_score}
        )
    if korean_length(comment.strip()) < criterion.min_comment_length:
        raise Refused(
            _("%(criterion)s: write a comment of at least %(length)s characters.")
            % {"criterion": criterion.name, "length": criterion.min_comment_length}
        )
    return value.quantize(scoring.CENTS), comment.strip()


def scores_submit(*, assignment, given, by):
    """Every criterion's points and comment ({criterion id: (points, comment)}), all or nothing. Once submitted, a
    score can change only until the panel closes, and each change is kept with who and when."""
    rubric = assignment.application.form.rubric
    if rubric.panel_closed_at:
        raise Refused(_("The panel is closed: scores can no longer change."))
    if not may_open(assignment):
        raise Refused(_("Declare your interest in this application first."))
    criteria = list(rubric.criteria.all())
    checked = {}
    for criterion in criteria:
        points, comment = given.get(criterion.pk, ("", ""))
        checked[criterion.pk] = _checked(criterion, points, comment)
    with transaction.atomic():
        locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
        for criterion in criteria:
            points, comment = checked[criterion.pk]
            score, created = Score.objects.get_or_create(
                assignment=locked, criterion=criterion, defaults={"points": points, "comment": comment}
            )
            if not created and (score.points != points or score.comment != comment):
                ScoreChange.objects.create(
                    score=score,
                    changed_by=by,
                    old_points=score.points,
                    new_points=points,
                    old_comment=score.comment,
                    new_comment=comment,
                )
                score.points, score.comment = points, comment
                score.save()
        locked.submitted_at = locked.submitted_at or timezone.now()
        locked.save(update_fields=["submitted_at"])
    assignment.refresh_from_db()


def others_visible(assignment):
    """Other reviewers' scores show only once this reviewer has submitted their own."""
    return assignment.submitted_at is not None


def ranking(rubric):
    """[Standing] of the round's applications with submitted scores, best first. Ties are broken by the combined
    points of the heaviest criterion (the first of equal weights), then by the earlier submission."""
    criteria = list(rubric.criteria.all())
    heaviest = max(criteria, key=lambda criterion: (criterion.weight, -criterion.position), default=None)
    scores = Score.objects.filter(
        assignment__application__form=rubric.form, assignment__submitted_at__isnull=False
    ).values_list("assignment__application_id", "assignment__reviewer__code", "criterion_id", "points")
    points = {}
    for application_id, code, criterion_id, value in scores:
        points.setdefault(application_id, {}).setdefault(code, {})[criterion_id] = value
    submitted_at = dict(Application.objects.filter(pk__in=points).values_list("pk", "submitted_at"))
    standings = []
    for application_id, by_code in points.items():
        complete = {code: given for code, given in by_code.items() if len(given) == len(criteria)}
        if not complete:
            continue
        totals = {code: scoring.reviewer_total(given, criteria) for code, given in complete.items()}
        tie_break = scoring.combined([given[heaviest.pk] for given in complete.values()], rubric.combination)
        standings.append((scoring.standing(application_id, totals, rubric.combination), tie_break))
    standings.sort(key=lambda pair: (-pair[0].score, -pair[1], submitted_at[pair[0].application_id]))
    return [standing for standing, _tie_break in standings]
