"""The institute's side of applying: each round's form, built in the admin (questions in sections, Korean and English
side by side), and the inbox of applications. A partner editor sees their own institutes' programs only, on every
path (core.admin.InstituteScopedAdminMixin): list, page, files, history, autocomplete."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from core.admin import InstituteScopedAdminMixin
from programs.models import Program

from . import decisions, exports, services
from .models import (
    FILE_TYPES,
    Application,
    ApplicationFile,
    ApplicationForm,
    Assignment,
    Question,
    QuestionKind,
    Reviewer,
    Score,
    ScoreChange,
)


class QuestionFormSet(forms.BaseInlineFormSet):
    """Once a round has received a submission, its questions stay as they were: only optional ones can be added, so
    that every submitted application answered the same form."""

    def clean(self):
        super().clean()
        if self.instance.pk is None or not self.instance.has_submissions:
            return
        for form in self.forms:
            if not form.has_changed() and not self._should_delete_form(form):
                continue
            if form.instance.pk is not None or self._should_delete_form(form):
                raise ValidationError(
                    _("This round has received applications: its questions cannot change. You can add optional ones.")
                )
            if form.cleaned_data.get("required"):
                raise ValidationError(_("This round has received applications: a question added now must be optional."))


class QuestionAdminForm(forms.ModelForm):
    def clean_file_types(self):
        types = [part.strip().lower() for part in self.cleaned_data["file_types"].split(",") if part.strip()]
        unknown = [kind for kind in types if kind not in FILE_TYPES]
        if unknown:
            raise ValidationError(
                _("Unknown file types: %(unknown)s. Choose among: %(types)s.")
                % {"unknown": ", ".join(unknown), "types": ", ".join(FILE_TYPES)}
            )
        return ",".join(types)

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind in (QuestionKind.CHOICE, QuestionKind.CHOICES) and not (cleaned.get("choices_ko") or "").strip():
            self.add_error("choices_ko", _("List the choices, one per line."))
        if kind == QuestionKind.FILE and not cleaned.get("file_types"):
            self.add_error("file_types", _("Choose at least one file type."))
        return cleaned


class QuestionInline(TranslationStackedInline):
    model = Question
    form = QuestionAdminForm
    formset = QuestionFormSet
    extra = 0
    fields = [
        ("position", "section_ko", "section_en"),
        ("kind", "required"),
        ("label_ko", "label_en"),
        ("help_text_ko", "help_text_en"),
        ("max_length", "file_types", "max_megabytes"),
        ("choices_ko", "choices_en"),
    ]


@admin.register(ApplicationForm)
class ApplicationFormAdmin(InstituteScopedAdminMixin, TranslationAdmin):
    list_display = ["program", "accepting", "questions_count", "submitted_count"]
    list_filter = ["accepting"]
    list_select_related = ["program"]
    search_fields = ["program__title_ko", "program__title_en", "program__slug"]
    autocomplete_fields = ["program"]
    inlines = [QuestionInline]
    actions = ["copy_previous_round", "publish_results"]
    fields = ["program", "accepting", ("introduction_ko", "introduction_en"), "retention_days"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "program":  # a round of the editor's own institutes
            kwargs["queryset"] = Program.objects.editable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("questions"))
    def questions_count(self, form):
        return form.questions.count()

    @admin.display(description=_("submitted applications"))
    def submitted_count(self, form):
        return form.applications.submitted().count()

    @admin.action(description=_("Publish the results: every applicant is emailed, and the retention period starts"))
    def publish_results(self, request, queryset):
        for form in queryset.select_related("program"):
            try:
                if hasattr(form, "rubric"):  # evaluated on the portal: decision letters, figures, appeals
                    decisions.round_results_publish(form=form)
                else:
                    services.results_publish(form=form)
            except services.Refused as refusal:
                self.message_user(request, f"{form}: {refusal}", messages.WARNING)
            else:
                self.message_user(request, _("%(round)s: the results are published.") % {"round": form})

    @admin.action(description=_("Copy the questions of the family's previous round"))
    def copy_previous_round(self, request, queryset):
        copied = 0
        for form in queryset:
            try:
                services.form_copy_previous(form=form)
                copied += 1
            except services.Refused as refusal:
                self.message_user(request, f"{form}: {refusal}", messages.WARNING)
        if copied:
            self.message_user(
                request,
                ngettext(
                    "The questions were copied to %(count)d form.",
                    "The questions were copied to %(count)d forms.",
                    copied,
                )
                % {"count": copied},
            )


class ReceivedFilter(admin.SimpleListFilter):
    """Applications submitted today (Korea time): the desk's line."""

    title = _("received")
    parameter_name = "received"

    def lookups(self, request, model_admin):
        return [("today", _("Today"))]

    def queryset(self, request, queryset):
        if self.value() == "today":
            return queryset.filter(submitted_at__date=timezone.localdate())
        return queryset


STAFF_STATES = [
    (Application.Status.SUBMITTED, Application.Status.SUBMITTED.label),
    (Application.Status.REVIEWING, Application.Status.REVIEWING.label),
    (Application.Status.SUPPLEMENT, Application.Status.SUPPLEMENT.label),
    (Application.Status.RESULT, Application.Status.RESULT.label),
]


class ApplicationFileInline(admin.TabularInline):
    """Staff mark the files that name nobody, so that reviewers of a blind round may open them."""

    model = ApplicationFile
    extra = 0
    can_delete = False
    fields = ["question", "original_name", "size", "blind_safe"]
    readonly_fields = ["question", "original_name", "size"]

    def has_add_permission(self, request, obj=None):
        return False


class AssignmentInline(admin.TabularInline):
    """Reviewers assigned by hand, beside the draw: among the reviewers of the application's institute. An
    assignment with scores stays (its reviewer declares a conflict before scoring, or the scores stand)."""

    model = Assignment
    extra = 0
    fields = ["reviewer", "source", "submitted_at"]
    readonly_fields = ["source", "submitted_at"]
    verbose_name_plural = _("reviewers")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "reviewer":
            kwargs["queryset"] = Reviewer.objects.editable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (
            obj is not None and Score.objects.filter(assignment__application=obj).exists()
        )


class ApplicationStateForm(forms.ModelForm):
    """What staff change on an application: its state, and for a supplement the reason and the date."""

    class Meta:
        model = Application
        fields = ["status", "supplement_reason", "supplement_due", "decision", "award"]
        widgets = {"supplement_due": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.status in dict(STAFF_STATES):
            self.fields["status"].choices = STAFF_STATES

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Application.Status.SUPPLEMENT and not (
            (cleaned.get("supplement_reason") or "").strip() and cleaned.get("supplement_due")
        ):
            raise ValidationError(_("A supplement request needs a reason and a date."))
        if cleaned.get("award") is not None and cleaned.get("decision") != Application.Decision.SELECTED:
            self.add_error("award", _("Only a selected application receives an award."))
        return cleaned


@admin.register(Application)
class ApplicationAdmin(InstituteScopedAdminMixin, admin.ModelAdmin):
    """The inbox: a round's applications with their state; each one's answers in the form's order, and its files."""

    form = ApplicationStateForm
    inlines = [ApplicationFileInline, AssignmentInline]
    actions = ["export_csv", "export_xlsx", "export_files", "mark_selected", "mark_not_selected"]

    list_display = ["receipt_or_draft", "name", "organisation", "program_round", "status", "submitted_at", "version"]
    list_filter = ["status", ReceivedFilter, ("form__program", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["form__program"]
    search_fields = ["name", "organisation", "receipt_number", "email"]
    date_hierarchy = "submitted_at"
    readonly_fields = [
        "form", "email", "receipt_number", "version", "submitted_at", "withdrawn_at", "name", "phone", "organisation",
        "stage", "founded_on", "business_number", "consented_at", "rules_met", "answers_in_order", "uploaded_files",
        "versions", "score_changes",
    ]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["form", "status", ("receipt_number", "version", "submitted_at", "withdrawn_at")]}),
        (_("Applicant"), {"fields": [("name", "email", "phone"), ("organisation", "stage", "founded_on"),
                                     ("business_number", "consented_at"), "rules_met"]}),
        (_("Answers"), {"fields": ["answers_in_order", "uploaded_files", "versions"]}),
        (_("Evaluation"), {"fields": ["score_changes"]}),
        (_("Supplement"), {"fields": [("supplement_reason", "supplement_due")]}),
        (_("Decision"), {"fields": [("decision", "award")],
                         "description": _("Told to the applicant only when the round's results are published.")}),
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False  # applicants apply through their link

    def _one_round(self, request, queryset):
        """The one round of the selection (an export has one form's columns), or None with a message."""
        forms_chosen = {application.form_id for application in queryset}
        if len(forms_chosen) != 1:
            self.message_user(request, _("Choose the applications of one round (filter by program)."), messages.WARNING)
            return None
        return ApplicationForm.objects.get(pk=forms_chosen.pop())

    def _export(self, request, queryset, make):
        queryset = queryset.select_related("form").order_by("receipt_number")
        form = self._one_round(request, queryset)
        return make(form, queryset) if form else None

    def _decide(self, request, queryset, decision):
        decided = 0
        for application in queryset.select_related("form"):
            try:
                decisions.decision_set(application=application, decision=decision)
                decided += 1
            except services.Refused as refusal:
                self.message_user(request, f"{application}: {refusal}", messages.WARNING)
        self.message_user(
            request,
            ngettext(
                "%(count)d decision kept; the applicant hears of it when the results are published.",
                "%(count)d decisions kept; the applicants hear of them when the results are published.",
                decided,
            )
            % {"count": decided},
        )

    @admin.action(description=_("Mark as selected (told at the results)"))
    def mark_selected(self, request, queryset):
        self._decide(request, queryset, Application.Decision.SELECTED)

    @admin.action(description=_("Mark as not selected (told at the results)"))
    def mark_not_selected(self, request, queryset):
        self._decide(request, queryset, Application.Decision.NOT_SELECTED)

    @admin.action(description=_("Export the selected applications (CSV)"))
    def export_csv(self, request, queryset):
        return self._export(request, queryset, lambda form, rows: exports.spreadsheet(form, rows, "csv"))

    @admin.action(description=_("Export the selected applications (Excel)"))
    def export_xlsx(self, request, queryset):
        return self._export(request, queryset, lambda form, rows: exports.spreadsheet(form, rows, "xlsx"))

    @admin.action(description=_("Download the files of the selected applications (ZIP)"))
    def export_files(self, request, queryset):
        return self._export(request, queryset, exports.files_zip)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and obj.status in (Application.Status.WITHDRAWN, Application.Status.DRAFT):
            return [*fields, "status", "supplement_reason", "supplement_due", "decision", "award"]
        if obj is not None and obj.form.results_published_at:
            return [*fields, "decision", "award"]  # published: the letters are out
        return fields

    def save_model(self, request, obj, form, change):
        """A change of state goes through the service, which emails the applicant in their language; a decision is
        kept quietly until the round's results are published."""
        if change and set(form.changed_data) & {"decision", "award"}:
            decisions.decision_set(application=obj, decision=obj.decision, award=obj.award)
        if change and set(form.changed_data) & {"status", "supplement_reason", "supplement_due"}:
            services.status_change(
                application=obj,
                status=obj.status,
                reason=obj.supplement_reason,
                due=obj.supplement_due,
            )
            return
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return False  # withdrawn by the applicant, erased by the schedule: never deleted by hand

    def save_formset(self, request, form, formset, change):
        if formset.model is Assignment:  # the ones added here are by hand, not drawn
            for assignment in formset.save(commit=False):
                if assignment.pk is None:
                    assignment.source = Assignment.Source.BY_HAND
                assignment.save()
            for removed in formset.deleted_objects:
                removed.delete()
            return
        super().save_formset(request, form, formset, change)

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(version=0)  # drafts are the applicant's alone

    @admin.display(description=_("receipt"), ordering="receipt_number")
    def receipt_or_draft(self, application):
        return application.receipt_number

    @admin.display(description=_("program round"), ordering="form__program__title")
    def program_round(self, application):
        return application.form.program

    @admin.display(description=_("changes of submitted scores"))
    def score_changes(self, application):
        """Every change a reviewer made to a submitted score, with who and when (reviewers by code)."""
        changes = ScoreChange.objects.filter(score__assignment__application=application).select_related(
            "score__criterion", "score__assignment__reviewer"
        )
        rows = [
            (
                timezone.localtime(change.changed_at).strftime("%Y-%m-%d %H:%M"),
                change.score.assignment.reviewer.code,
                change.score.criterion.name,
                change.old_points,
                change.new_points,
            )
            for change in changes
        ]
        return format_html_join("", "<p>{} · {} · {}: {} → {}</p>", rows) or "—"

    @admin.display(description=_("the round's rules"))
    def rules_met(self, application):
        """The same verdict the applicant sees: a guide for the institute, which decides."""
        eligibility = application.eligibility()
        if eligibility is None or not eligibility.checks:
            return "—"
        return format_html_join(
            mark_safe("<br>"), "{}: {}", ((check.label, check.text) for check in eligibility.checks)
        )

    @admin.display(description=_("answers"))
    def answers_in_order(self, application):
        rows = application.answers_in_order()
        return format_html("<dl>{}</dl>", format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows))

    @admin.display(description=_("files"))
    def uploaded_files(self, application):
        files = [
            (reverse("applications:staff_file", args=[file.pk]), file.original_name, file.sha256[:12])
            for file in application.files.all()
        ]
        return format_html_join("", '<p><a href="{}">{}</a> <code>SHA-256 {}…</code></p>', files) or "—"

    @admin.display(description=_("submitted versions"))
    def versions(self, application):
        rows = [
            (submission.version, submission.submitted_at.isoformat(), submission.sha256)
            for submission in application.submissions.all()
        ]
        return format_html_join("", "<p>v{} · {} · <code>{}</code></p>", rows) or "—"


from . import evaluation_admin  # noqa: E402,F401  (the evaluation's admin pages)
