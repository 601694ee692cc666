"""How a round's scores add up, in exact decimals: a reviewer's total is the sum over the criteria of
points / most points x weight (out of the sum of the weights, 100 when they add up to 100), and the reviewers'
totals combine as the rubric says: their mean, or, with five reviewers or more, their mean without one highest and
one lowest total (as Korean public evaluations do). Figures are rounded half up to two decimals, only at the end."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .models import Combination

CENTS = Decimal("0.01")
TRIM_FROM = 5  # reviewers needed before the highest and lowest totals are left out
FAR_FROM_OTHERS = Decimal(20)  # a total this many points from the mean of the others is flagged


def rounded(value):
    return Decimal(value).quantize(CENTS, rounding=ROUND_HALF_UP)


def reviewer_total(points_by_criterion, criteria):
    """One reviewer's weighted total, unrounded: {criterion id: points} for `criteria` (objects with pk, weight,
    max_score)."""
    return sum(
        (Decimal(points_by_criterion[criterion.pk]) / criterion.max_score * criterion.weight for criterion in criteria),
        Decimal(0),
    )


def combined(totals, combination):
    """The round's figure for one application from its reviewers' totals, unrounded (None without any)."""
    totals = sorted(Decimal(total) for total in totals)
    if not totals:
        return None
    if combination == Combination.TRIMMED and len(totals) >= TRIM_FROM:
        totals = totals[1:-1]
    return sum(totals, Decimal(0)) / len(totals)


@dataclass(frozen=True)
class Standing:
    """One application's place in the ranking."""

    application_id: int
    totals: tuple  # (reviewer code, rounded total), in code order
    score: Decimal  # rounded
    spread: Decimal  # highest total minus lowest, rounded
    far: tuple  # codes of reviewers far from the others


def far_from_others(totals):
    """The codes whose total lies more than FAR_FROM_OTHERS points from the mean of the others' (three or more)."""
    if len(totals) < 3:
        return ()
    flagged = []
    for code, total in totals:
        others = [other for other_code, other in totals if other_code != code]
        if abs(total - sum(others, Decimal(0)) / len(others)) > FAR_FROM_OTHERS:
            flagged.append(code)
    return tuple(flagged)


def standing(application_id, totals_by_code, combination):
    """The standing of one application from {reviewer code: unrounded total}."""
    totals = tuple(sorted(totals_by_code.items()))
    values = [total for _, total in totals]
    return Standing(
        application_id=application_id,
        totals=tuple((code, rounded(total)) for code, total in totals),
        score=rounded(combined(values, combination)),
        spread=rounded(max(values) - min(values)),
        far=far_from_others(totals),
    )
