"""Applying (forms, applications, submissions, files) and the evaluation that follows (rubrics, reviewers, their
assignments, declarations and scores)."""

from .applying import (
    FILE_TYPES,
    OWNER,
    Application,
    ApplicationFile,
    ApplicationForm,
    ApplicationQuerySet,
    Question,
    QuestionKind,
    Submission,
)
from .evaluation import Appeal, Assignment, Combination, Criterion, Declaration, Reviewer, Rubric, Score, ScoreChange

__all__ = [
    "FILE_TYPES",
    "OWNER",
    "Appeal",
    "Application",
    "ApplicationFile",
    "ApplicationForm",
    "ApplicationQuerySet",
    "Assignment",
    "Combination",
    "Criterion",
    "Declaration",
    "Question",
    "QuestionKind",
    "Reviewer",
    "Rubric",
    "Score",
    "ScoreChange",
    "Submission",
]
