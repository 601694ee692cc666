"""The evaluation in the admin: a round's rubric with its criteria and its pool of reviewers, the draw, and the
institute's reviewers; each on the institute rule (core.admin.InstituteScopedAdminMixin)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from modeltranslation.admin import TranslationTabularInline

from core.admin import InstituteScopedAdminMixin
from partners.models import Partner

from . import decisions, exports, reviewer_accounts, reviewing
from .models import Appeal, Application, ApplicationForm, Criterion, Reviewer, Rubric
from .services import Refused


class CriterionFormSet(forms.BaseInlineFormSet):
    """The weights of a rubric add up to 100, so that a total reads as points out of 100."""

    def clean(self):
        super().clean()
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form) and form.cleaned_data.get("weight")
        ]
        if kept and sum(data["weight"] for data in kept) != 100:
            raise ValidationError(
                _("The weights add up to %(total)s: make them add up to 100.")
                % {"total": sum(data["weight"] for data in kept)}
            )


class CriterionInline(TranslationTabularInline):
    model = Criterion
    formset = CriterionFormSet
    extra = 0
    fields = ["position", "name_ko", "name_en", "weight", "max_score", "min_comment_length"]


@admin.register(Rubric)
class RubricAdmin(InstituteScopedAdminMixin, admin.ModelAdmin):
    list_display = ["form", "reviewers_per_application", "blind", "combination", "panel_closed_at", "ranking_link"]
    list_select_related = ["form__program"]
    search_fields = ["form__program__title_ko", "form__program__title_en"]
    inlines = [CriterionInline]
    filter_horizontal = ["pool"]
    actions = ["draw_reviewers", "copy_previous_rubric", "report_csv", "report_xlsx"]
    list_display_links = ["form"]
    fields = [
        "form",
        ("reviewers_per_application", "combination"),
        ("blind", "applicants_see_scores"),
        "pool",
        "panel_closed_at",
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "form":  # a form of the editor's own institutes' rounds
            kwargs["queryset"] = ApplicationForm.objects.editable_by(request.user).select_related("program")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "pool":  # the reviewers the editor's institutes invited
            kwargs["queryset"] = Reviewer.objects.editable_by(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_urls(self):
        ranking = self.admin_site.admin_view(self.ranking_view)
        return [path("<int:pk>/ranking/", ranking, name="applications_rubric_ranking"), *super().get_urls()]

    @admin.display(description=_("ranking"))
    def ranking_link(self, rubric):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:applications_rubric_ranking", args=[rubric.pk]), _("ranking")
        )

    def ranking_view(self, request, pk):
        """The round's ranking: each reviewer's total, the combined score, the spread, reviewers far from the others,
        ties and how they were broken, and each application's decision (set on the application's page)."""
        rubric = self.get_object(request, pk)
        if rubric is None:
            raise Http404
        if not self.has_view_permission(request, rubric):
            raise PermissionDenied
        standings = reviewing.ranking(rubric)
        applications = {a.pk: a for a in Application.objects.filter(pk__in=[s.application_id for s in standings])}
        rows = []
        for place, standing in enumerate(standings, start=1):
            tied = any(
                other.score == standing.score for other in standings if other.application_id != standing.application_id
            )
            rows.append({"place": place, "standing": standing, "application": applications[standing.application_id],
                         "tied": tied})  # fmt: skip
        heaviest = max(rubric.criteria.all(), key=lambda c: (c.weight, -c.position), default=None)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Ranking: %(round)s") % {"round": rubric},
            "rubric": rubric,
            "rows": rows,
            "heaviest": heaviest,
            "undecided": rubric.form.applications.submitted().filter(decision="").count(),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/applications/rubric/ranking.html", context)

    def _report(self, request, queryset, file_format):
        if queryset.count() != 1:
            self.message_user(request, _("Choose one round for its report."), messages.WARNING)
            return None
        return exports.evaluation_report(queryset.get(), file_format)

    @admin.action(description=_("Evaluation report (CSV)"))
    def report_csv(self, request, queryset):
        return self._report(request, queryset, "csv")

    @admin.action(description=_("Evaluation report (Excel)"))
    def report_xlsx(self, request, queryset):
        return self._report(request, queryset, "xlsx")

    @admin.action(description=_("Draw reviewers for the selected rounds"))
    def draw_reviewers(self, request, queryset):
        for rubric in queryset:
            made = reviewing.reviewers_draw(rubric=rubric)
            self.message_user(
                request,
                ngettext("%(round)s: %(count)d assignment drawn.", "%(round)s: %(count)d assignments drawn.", len(made))
                % {"round": rubric, "count": len(made)},
            )

    @admin.action(description=_("Copy the rubric of the family's previous round"))
    def copy_previous_rubric(self, request, queryset):
        for rubric in queryset:
            try:
                reviewing.rubric_copy_previous(rubric=rubric)
                self.message_user(request, _("%(round)s: the rubric was copied.") % {"round": rubric})
            except Refused as refusal:
                self.message_user(request, f"{rubric}: {refusal}", messages.WARNING)


class ReviewerForm(forms.ModelForm):
    email = forms.EmailField(label=_("email"), help_text=_("The invitation to the reviewer area goes here."))

    class Meta:
        model = Reviewer
        fields = ["code", "name", "affiliation", "institute"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["email"].initial = self.instance.user.email


@admin.register(Reviewer)
class ReviewerAdmin(InstituteScopedAdminMixin, admin.ModelAdmin):
    """A reviewer's account is made here, never chosen among existing ones: it is not staff, has no password until
    the reviewer accepts the invitation, and reaches only the reviewer area."""

    form = ReviewerForm
    actions = ["send_invitation", "reset_sign_in"]
    list_display = ["code", "name", "affiliation", "institute", "account_ready"]
    list_select_related = ["institute", "user"]
    search_fields = ["code", "name", "affiliation"]
    fields = ["code", "name", "affiliation", "email", "institute"]

    @admin.display(description=_("account set up"), boolean=True)
    def account_ready(self, reviewer):
        return reviewer.user.is_active and reviewer.user.has_usable_password()

    @admin.action(description=_("Send the invitation to the reviewer area"))
    def send_invitation(self, request, queryset):
        sent = 0
        for reviewer in queryset.select_related("user", "institute"):
            if self.account_ready(reviewer):
                continue  # already set up: a new invitation would not open anything
            reviewer_accounts.reviewer_invite(reviewer=reviewer, language=request.LANGUAGE_CODE)
            sent += 1
        self.message_user(
            request,
            ngettext("%(count)d invitation sent.", "%(count)d invitations sent.", sent) % {"count": sent},
        )

    @admin.action(description=_("Reset the sign-in of the selected reviewers (a lost phone): invite them again"))
    def reset_sign_in(self, request, queryset):
        for reviewer in queryset.select_related("user"):
            reviewer_accounts.reviewer_reset(reviewer=reviewer)
        self.message_user(request, _("Their passwords and codes no longer work: send them a new invitation."))

    def save_model(self, request, obj, form, change):
        email = form.cleaned_data["email"]
        if change:
            obj.user.email = email
            obj.user.save(update_fields=["email"])
        else:
            obj.user = get_user_model().objects.create_user(
                f"reviewer-{obj.code.lower()}", email=email, is_staff=False, is_active=False
            )
        super().save_model(request, obj, form, change)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "institute":
            kwargs["queryset"] = Partner.objects.editable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AppealForm(forms.ModelForm):
    close = forms.BooleanField(label=_("Close the appeal with this answer"), required=False)

    class Meta:
        model = Appeal
        fields = ["answer"]

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("answer") or "").strip():
            self.add_error("answer", _("Write the answer before closing the appeal."))
        return cleaned


@admin.register(Appeal)
class AppealAdmin(InstituteScopedAdminMixin, admin.ModelAdmin):
    """Appeals (이의신청) of the institute's rounds: each answered in writing and emailed, closed only with it."""

    form = AppealForm
    list_display = ["application", "program_round", "filed_at", "closed_at"]
    list_filter = [("closed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["application__form__program"]
    search_fields = ["application__receipt_number"]
    readonly_fields = ["application", "reason", "filed_at", "answered_by", "closed_at"]
    fields = ["application", "filed_at", "reason", "answer", "close", "answered_by", "closed_at"]

    def has_add_permission(self, request):
        return False  # filed by the applicant from their link

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "answer"] if obj is not None and obj.closed_at else fields

    @admin.display(description=_("program round"))
    def program_round(self, appeal):
        return appeal.application.form.program

    def save_model(self, request, obj, form, change):
        decisions.appeal_answer(
            appeal=obj, answer=form.cleaned_data["answer"], by=request.user, close=form.cleaned_data["close"]
        )


# Reviewers' devices are managed through the reviewer area and the reviewer's page, not as raw rows.
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)
