"""'Am I eligible?': the programs one can apply to now or soon (open, rolling, opening soon: shared/DECISIONS.md),
answered with the one verdict of programs/rules.py: those that fit, then those to check, the rest counted."""

from .rules import Answers, Fit, grouped, verdict

__all__ = ["Answers", "Fit", "eligible_programs", "in_scope", "verdict"]


def in_scope(queryset):
    return queryset.accepting() | queryset.upcoming()


def eligible_programs(queryset, *, answers):
    """(those that fit, those to check, those that do not) among the programs one can apply to now or soon."""
    return grouped(in_scope(queryset), answers)
