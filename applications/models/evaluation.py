"""The evaluation of a round's applications: its rubric (weighted criteria, how many reviewers, blind or not, how
scores combine), the institute's reviewers and its pool for the round, each reviewer's assignments, their
conflict-of-interest declarations (kept even when the assignment goes), and their scores with every change."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.ownership import InstituteOwned, InstituteOwnedQuerySet
from partners.models import Partner

from .applying import Application, ApplicationForm


class Combination(models.TextChoices):
    MEAN = "mean", _("The mean of the reviewers' totals")
    TRIMMED = "trimmed", _("The mean without the highest and the lowest total, with five reviewers or more")


class Rubric(InstituteOwned):
    """How one round is evaluated."""

    institute_path = "form__program__organizer"

    form = models.OneToOneField(
        ApplicationForm, verbose_name=_("application form"), on_delete=models.CASCADE, related_name="rubric"
    )
    reviewers_per_application = models.PositiveSmallIntegerField(
        _("reviewers per application"), default=3, validators=[MinValueValidator(1), MaxValueValidator(15)]
    )
    blind = models.BooleanField(
        _("blind evaluation"),
        default=True,
        help_text=_("Reviewers see no applicant's name, organisation, email, phone or business number."),
    )
    applicants_see_scores = models.BooleanField(
        _("applicants see their scores"),
        default=True,
        help_text=_("The decision letter gives the score per criterion and the comments."),
    )
    combination = models.CharField(
        _("how scores combine"), max_length=10, choices=Combination.choices, default=Combination.MEAN
    )
    pool = models.ManyToManyField("Reviewer", verbose_name=_("pool of reviewers"), blank=True, related_name="rubrics")
    panel_closed_at = models.DateTimeField(
        _("panel closed at"), null=True, blank=True, help_text=_("Scores can no longer change.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = InstituteOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-form__program__application_closes_at", "pk"]
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        constraints = [
            models.CheckConstraint(
                condition=Q(reviewers_per_application__gte=1, reviewers_per_application__lte=15),
                name="rubric_reviewers_between_1_and_15",
            )
        ]

    def __str__(self):
        return str(self.form)

    def get_absolute_url(self):
        return reverse("admin:applications_rubric_change", args=[self.pk])


class Criterion(models.Model):
    """One criterion of a rubric: its weight in the total, the most points a reviewer may give, and how long a
    comment on it must be at least."""

    rubric = models.ForeignKey(Rubric, verbose_name=_("rubric"), on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    name = models.CharField(_("criterion"), max_length=100)
    weight = models.PositiveSmallIntegerField(
        _("weight"), validators=[MinValueValidator(1), MaxValueValidator(100)], help_text=_("e.g. 30 for 30 %")
    )
    max_score = models.PositiveSmallIntegerField(
        _("most points"), default=100, validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    min_comment_length = models.PositiveSmallIntegerField(
        _("shortest comment (characters)"), default=30, validators=[MaxValueValidator(2000)]
    )

    class Meta:
        ordering = ["rubric", "position", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["rubric", "position"], name="criterion_one_per_position"),
            models.CheckConstraint(condition=Q(weight__gte=1, max_score__gte=1), name="criterion_weighs_something"),
        ]

    def __str__(self):
        return f"{self.name} ({self.weight})"

    def get_absolute_url(self):
        return self.rubric.get_absolute_url()


class Reviewer(InstituteOwned):
    """A person an institute invited to evaluate (외부 평가위원 or its own staff), with an account limited to the
    reviewer area. Reports name them by their code only."""

    institute_path = "institute"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="reviewer"
    )
    institute = models.ForeignKey(
        Partner, verbose_name=_("invited by"), on_delete=models.PROTECT, related_name="reviewers"
    )
    code = models.CharField(_("code"), max_length=12, unique=True, help_text=_("How reports name the reviewer."))
    name = models.CharField(_("name"), max_length=100)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)

    objects = InstituteOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("reviewer")
        verbose_name_plural = _("reviewers")

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("admin:applications_reviewer_change", args=[self.pk])


class Assignment(InstituteOwned):
    """One reviewer's task: one application. Removed when the reviewer declares a conflict (the declaration stays)."""

    institute_path = "application__form__program__organizer"

    class Source(models.TextChoices):
        DRAWN = "drawn", _("Drawn")
        BY_HAND = "by_hand", _("By hand")

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="assignments"
    )
    reviewer = models.ForeignKey(
        Reviewer, verbose_name=_("reviewer"), on_delete=models.PROTECT, related_name="assignments"
    )
    source = models.CharField(_("assigned"), max_length=10, choices=Source.choices, default=Source.DRAWN)
    submitted_at = models.DateTimeField(_("scores submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    objects = InstituteOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["application", "reviewer"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [models.UniqueConstraint(fields=["application", "reviewer"], name="assignment_once_per_reviewer")]

    def __str__(self):
        return f"{self.reviewer.code} · {self.application}"

    def get_absolute_url(self):
        return reverse("admin:applications_application_change", args=[self.application_id])


class Declaration(models.Model):
    """A reviewer's word on one application before opening it: no conflict of interest, or a conflict and why.
    Kept for the record, even when a conflict removes the assignment."""

    class Reason(models.TextChoices):
        ORGANISATION = "organisation", _("I belong to the applicant's organisation")
        FAMILY = "family", _("The applicant is family")
        EMPLOYMENT = "employment", _("I worked for or with the applicant in the last three years")
        INVESTMENT = "investment", _("I or my organisation invested in or advised the applicant")
        OTHER = "other", _("Another interest")

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="declarations"
    )
    reviewer = models.ForeignKey(
        Reviewer, verbose_name=_("reviewer"), on_delete=models.PROTECT, related_name="declarations"
    )
    conflict = models.BooleanField(_("conflict of interest"))
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        ordering = ["-declared_at"]
        verbose_name = _("declaration of interest")
        verbose_name_plural = _("declarations of interest")
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="declaration_once_per_reviewer"),
            models.CheckConstraint(condition=Q(conflict=False) | ~Q(reason=""), name="declaration_conflict_has_reason"),
        ]

    def __str__(self):
        return f"{self.reviewer.code} · {self.application} · {self.get_reason_display() or _('no conflict')}"

    def get_absolute_url(self):
        return reverse("admin:applications_application_change", args=[self.application_id])


class Score(models.Model):
    """One reviewer's points and comment on one criterion of one application."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    comment = models.TextField(_("comment"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["assignment", "criterion__position"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="score_once_per_criterion"),
            models.CheckConstraint(condition=Q(points__gte=0), name="score_not_negative"),
        ]

    def __str__(self):
        return f"{self.criterion.name}: {self.points}"

    def get_absolute_url(self):
        return self.assignment.get_absolute_url()


class ScoreChange(models.Model):
    """A submitted score changed before the panel closed: who, when, from what to what."""

    score = models.ForeignKey(Score, verbose_name=_("score"), on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    old_points = models.DecimalField(_("points before"), max_digits=6, decimal_places=2)
    new_points = models.DecimalField(_("points after"), max_digits=6, decimal_places=2)
    old_comment = models.TextField(_("comment before"))
    new_comment = models.TextField(_("comment after"))

    class Meta:
        ordering = ["score", "changed_at"]
        verbose_name = _("change of a score")
        verbose_name_plural = _("changes of scores")
        constraints = [
            models.CheckConstraint(
                condition=~Q(old_points=F("new_points")) | ~Q(old_comment=F("new_comment")),
                name="score_change_changes_something",
            )
        ]

    def __str__(self):
        return f"{self.score}: {self.old_points} → {self.new_points}"

    def get_absolute_url(self):
        return self.score.get_absolute_url()


class Appeal(InstituteOwned):
    """An applicant's 이의신청 against the result, filed from their link within the appeal window; staff answer it
    in writing before closing it, and the answer is emailed."""

    institute_path = "application__form__program__organizer"

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="appeals"
    )
    reason = models.TextField(_("reason"))
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = InstituteOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["closed_at", "-filed_at"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | ~Q(answer=""), name="appeal_closed_only_with_an_answer"
            )
        ]

    def __str__(self):
        return f"{self.application} · {self.filed_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("admin:applications_appeal_change", args=[self.pk])
