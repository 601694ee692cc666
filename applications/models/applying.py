"""A program round's own application form (questions grouped in sections), the applications made with it, each
submission's immutable version with its receipt, and the files uploaded to them (kept in the private storage)."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.ownership import InstituteOwned, InstituteOwnedQuerySet
from programs import rules
from programs.models import ACCEPTING_STATES, Program

# This app's name on its rows of the outbox (core.holders): it erases only those.
OWNER = "applications"

# What an upload may be (core.attachments checks each by its content): the forms' choices.
FILE_TYPES = ("pdf", "hwp", "hwpx", "docx", "xlsx", "pptx", "jpg", "png")


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    CHOICE = "choice", _("One choice")
    CHOICES = "choices", _("Several choices")
    YES_NO = "yes_no", _("Yes or no")
    FILE = "file", _("File upload")


class ApplicationForm(InstituteOwned):
    """One round's form: applying on the portal is the institute's choice, round by round."""

    institute_path = "program__organizer"

    program = models.OneToOneField(
        Program, verbose_name=_("program round"), on_delete=models.CASCADE, related_name="application_form"
    )
    accepting = models.BooleanField(
        _("take applications on the portal"),
        default=False,
        help_text=_(
            "The program's page shows 신청하기 while applications are open. Announced and closed rounds never "
            "take applications."
        ),
    )
    introduction = models.TextField(_("introduction"), blank=True, help_text=_("Shown above the form."))
    retention_days = models.PositiveSmallIntegerField(
        _("days applications are kept after the result"),
        default=365,
        help_text=_("Then the applicants' personal data and files are erased; the counts of the round stay."),
    )
    results_published_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = InstituteOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-program__application_closes_at", "pk"]
        verbose_name = _("application form")
        verbose_name_plural = _("application forms")
        constraints = [
            models.CheckConstraint(condition=Q(retention_days__gte=30), name="application_form_keeps_30_days_at_least")
        ]

    def __str__(self):
        return str(self.program)

    def get_absolute_url(self):
        return reverse("applications:ask", args=[self.program.slug])

    @property
    def takes_applications(self):
        """Whether a submission would be accepted now: chosen, published, and the round accepting."""
        program = self.program
        return self.accepting and program.is_public and program.application_state in ACCEPTING_STATES

    @property
    def has_submissions(self):
        return self.applications.filter(version__gt=0).exists()


class Question(models.Model):
    """One question of a form; questions sharing a section heading form one section, in order."""

    form = models.ForeignKey(
        ApplicationForm, verbose_name=_("application form"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    section = models.CharField(
        _("section"), max_length=120, help_text=_("Questions with the same section go together.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices, default=QuestionKind.SHORT_TEXT)
    label = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=True)
    max_length = models.PositiveIntegerField(
        _("character limit"),
        null=True,
        blank=True,
        help_text=_("For texts: counted as Korean forms count it, spaces included (공백 포함)."),
    )
    choices = models.TextField(_("choices"), blank=True, help_text=_("One per line, for one or several choices."))
    file_types = models.CharField(
        _("allowed file types"),
        max_length=60,
        blank=True,
        default="pdf,hwp,hwpx",
        help_text=_("Among pdf, hwp, hwpx, docx, xlsx, pptx, jpg and png, separated by commas."),
    )
    max_megabytes = models.PositiveSmallIntegerField(_("largest file (MB)"), default=20)

    class Meta:
        ordering = ["form", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(condition=Q(max_megabytes__gte=1), name="question_file_size_positive"),
            models.CheckConstraint(condition=Q(max_length__isnull=True) | Q(max_length__gte=1), name="question_limit"),
        ]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return self.form.get_absolute_url()

    @property
    def choice_list(self):
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    @property
    def allowed_types(self):
        return [kind for kind in (part.strip().lower() for part in self.file_types.split(",")) if kind in FILE_TYPES]


class ApplicationQuerySet(InstituteOwnedQuerySet):
    def submitted(self):
        return self.filter(version__gt=0, withdrawn_at__isnull=True)


class Application(InstituteOwned):
    """One address's application to one round: a draft until submitted, then versions until the deadline."""

    institute_path = "form__program__organizer"

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being written")
        SUBMITTED = "submitted", _("Submitted")
        REVIEWING = "reviewing", _("Under review")
        SUPPLEMENT = "supplement", _("Supplement requested")
        RESULT = "result", _("Result announced")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Decision(models.TextChoices):
        SELECTED = "selected", _("Selected")
        NOT_SELECTED = "not_selected", _("Not selected")

    class Stage(models.TextChoices):
        PRE_FOUNDER = "pre_founder", _("Pre-founder (not yet in business)")
        FOUNDED = "founded", _("In business")

    form = models.ForeignKey(
        ApplicationForm, verbose_name=_("application form"), on_delete=models.PROTECT, related_name="applications"
    )
    email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=2, default="ko")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    name = models.CharField(_("name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, blank=True)
    founded_on = models.DateField(_("founded on (개업일)"), null=True, blank=True)
    business_number = models.CharField(_("business registration number"), max_length=12, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    consented_at = models.DateTimeField(_("consented at"), null=True, blank=True)
    receipt_number = models.CharField(_("receipt number"), max_length=20, unique=True, null=True, blank=True)
    version = models.PositiveSmallIntegerField(_("submitted versions"), default=0)
    submitted_at = models.DateTimeField(_("last submitted at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    supplement_reason = models.TextField(_("supplement requested"), blank=True)
    supplement_due = models.DateField(_("supplement due"), null=True, blank=True)
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)
    # The evaluation's outcome, set by staff and told to the applicant only when the round's results are published.
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    award = models.PositiveBigIntegerField(
        _("award (won)"), null=True, blank=True, help_text=_("The support granted to a selected applicant, in won.")
    )
    name_may_be_published = models.BooleanField(
        _("the organisation's name may be published if selected"), default=False
    )
    # What was typed into a section after the link expired: kept, unsaved, until the applicant opens a fresh link.
    pending = models.JSONField(_("typed with an expired link"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(fields=["form", "email"], name="application_one_per_address_per_round"),
            models.CheckConstraint(
                condition=Q(version=0) | Q(receipt_number__isnull=False), name="application_submitted_has_receipt"
            ),
            models.CheckConstraint(
                condition=Q(award__isnull=True) | Q(decision="selected"), name="application_award_only_if_selected"
            ),
        ]
        indexes = [models.Index(fields=["form", "status"], name="application_form_status_idx")]

    def __str__(self):
        return self.receipt_number or self.name or str(_("draft application"))

    def get_absolute_url(self):
        return reverse("admin:applications_application_change", args=[self.pk])

    @property
    def program(self):
        return self.form.program

    def answers_in_order(self):
        """[(question label, answer as text)] of the questions other than files, in the form's order."""
        rows = []
        for question in self.form.questions.exclude(kind=QuestionKind.FILE):
            answer = self.answers.get(str(question.pk))
            rows.append((question.label, ", ".join(answer) if isinstance(answer, list) else answer or "—"))
        return rows

    def eligibility(self, today=None):
        """The round's rules against what the applicant said (their stage): shown, never blocking."""
        if self.stage == self.Stage.PRE_FOUNDER:
            years = 0
        elif self.stage == self.Stage.FOUNDED and self.founded_on:
            years = rules.year_number(self.founded_on, today or timezone.localdate())
        else:
            return None
        return rules.verdict(self.program, rules.Answers(years=years))


class Submission(models.Model):
    """One submitted version, never changed: the manifest of its answers and files, and the SHA-256 over it."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="submissions"
    )
    version = models.PositiveSmallIntegerField(_("version"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    manifest = models.TextField(_("manifest"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        ordering = ["application", "-version"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [models.UniqueConstraint(fields=["application", "version"], name="submission_version_once")]

    def __str__(self):
        return f"{self.application} v{self.version}"

    def get_absolute_url(self):
        return self.application.get_absolute_url()


class ApplicationFile(models.Model):
    """An uploaded file, stored under a generated name in the private storage (never under the public media)."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="files"
    )
    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="+")
    stored_name = models.CharField(_("stored name"), max_length=200, unique=True)
    original_name = models.CharField(_("file name"), max_length=200)
    extension = models.CharField(_("type"), max_length=8)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    blind_safe = models.BooleanField(
        _("shown in a blind evaluation"),
        default=False,
        help_text=_("Staff checked that the file names nobody: reviewers of a blind round may open it."),
    )

    class Meta:
        ordering = ["application", "question", "pk"]
        verbose_name = _("uploaded file")
        verbose_name_plural = _("uploaded files")

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("applications:staff_file", args=[self.pk])
