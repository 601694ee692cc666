from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from modeltranslation.admin import TranslationAdmin

from core.admin import InstituteScopedAdmin, LabelledTabularInline
from core.admin_filters import (
    BrokenLinksFilter,
    MineFilter,
    NeedsMyActionFilter,
    NotUpdatedFilter,
    ReturnedDraftFilter,
)
from core.numbers import parse_id
from core.revisions import proposal_store
from core.roles import can_publish

from .admin_filters import ClosingSoonFilter, RulesToConfirmFilter, WhenFilter
from .forms import ExtendClosingForm, ProgramAdminForm
from .models import Attachment, Audience, Category, Event, Program, Suggestion, Technology
from .resources import EventResource, ProgramResource
from .rules import rules_in_words
from .services import closing_dates_extend, program_next_round


class CatalogueTermAdmin(TranslationAdmin):
    """Fields and audiences: editors rename them in both languages, but their code (the slug) stays as it was made,
    since the catalogue's addresses, the eligibility rules and the open data refer to it."""

    list_display = ["name", "slug", "position"]
    search_fields = ["name_ko", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *(["slug"] if obj else [])]

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj else self.prepopulated_fields


@admin.register(Category)
class CategoryAdmin(CatalogueTermAdmin):
    pass


@admin.register(Audience)
class AudienceAdmin(CatalogueTermAdmin):
    pass


@admin.register(Technology)
class TechnologyAdmin(CatalogueTermAdmin):
    pass


class CuratedImportExportMixin(ImportExportMixin):
    """CSV and XLSX in and out; the resource learns who imports, to keep partner editors to their institutes."""

    import_error_display = ("message", "row")

    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "user": request.user}

    def get_import_formats(self):
        return [fmt for fmt in super().get_import_formats() if fmt().get_title() in ("csv", "xlsx")]

    def get_export_formats(self):
        return [fmt for fmt in super().get_export_formats() if fmt().get_title() in ("csv", "xlsx")]

    def has_import_permission(self, request):
        return self.has_add_permission(request)


class AttachmentInline(LabelledTabularInline):
    model = Attachment
    extra = 1
    fields = ["title", "file", "position", "size"]
    readonly_fields = ["size"]


def extended_message(changed, proposed):
    parts = [
        ngettext("%(count)d program now closes later.", "%(count)d programs now close later.", changed)
        % {"count": changed}
    ]
    if proposed:
        parts.append(
            ngettext(
                "%(count)d live program waits for a city editor's approval.",
                "%(count)d live programs wait for a city editor's approval.",
                proposed,
            )
            % {"count": proposed}
        )
    return " ".join(parts)  # fmt: skip


class ShortInstituteMixin:
    @admin.display(description=_("organizer"), ordering="organizer__name")
    def institute(self, record):
        """The short name (IITP, 광주TP), so that the title keeps the room."""
        return record.organizer.display_name


class FromSuggestionMixin:
    """The add form opened from a suggestion (?suggestion=<id>) starts from what its sender wrote, and saving the
    draft marks the suggestion accepted and links the two. Only editors who handle suggestions get either."""

    def suggestion(self, request):
        number = parse_id(request.GET.get("suggestion"))
        if number is None or not request.user.has_perm("programs.change_suggestion"):
            return None
        return Suggestion.objects.filter(pk=number, state=Suggestion.State.NEW).first()

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.pop("suggestion", None)
        suggestion = self.suggestion(request)
        return {**initial, **suggestion.draft_initial(self.model._meta.model_name)} if suggestion else initial

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        suggestion = None if change else self.suggestion(request)
        if suggestion:
            suggestion.accept(obj)
            self.message_user(request, _("The suggestion “%(title)s” is marked accepted.") % {"title": suggestion})


@admin.register(Program)
class ProgramAdmin(ShortInstituteMixin, FromSuggestionMixin, CuratedImportExportMixin, InstituteScopedAdmin):
    form = ProgramAdminForm
    resource_classes = [ProgramResource]
    list_display = [
        "title",
        "institute",
        "application",
        "status_badge",
        "featured",
    ]
    list_filter = [
        "status",
        NeedsMyActionFilter,
        ReturnedDraftFilter,
        MineFilter,
        ClosingSoonFilter,
        NotUpdatedFilter,
        BrokenLinksFilter,
        RulesToConfirmFilter,
        "category",
        "featured",
        "organizer",
    ]
    list_select_related = ["organizer", "category"]
    search_fields = ["title_ko", "title_en", "slug", "organizer__name_ko", "organizer__name_en"]
    prepopulated_fields = {"slug": ["title_en"]}
    autocomplete_fields = ["organizer", "co_organizers", "category", "technologies", "previous_round"]
    date_hierarchy = "application_closes_at"
    inlines = [AttachmentInline]
    readonly_fields = [*InstituteScopedAdmin.readonly_fields, "application", "who_may_apply", "national_notices"]
    # In the order of the public page; Korean and English of a field side by side.
    fieldsets = [
        (_("Basics"), {"fields": [
            ("title_ko", "title_en"), ("summary_ko", "summary_en"), ("description_ko", "description_en"),
            ("category", "organizer"), "technologies", "co_organizers", "slug",
        ]}),
        (_("Who can apply"), {"fields": [
            ("min_age", "max_age"), ("min_business_years", "max_business_years"), "audiences", "who_may_apply",
            "nationwide",
        ]}),
        (_("Application period"), {"fields": [
            ("application_opens_at", "application_closes_at"), "application", "rolling",
            "expected_opening", ("expected_support_ko", "expected_support_en"),
            ("program_starts_on", "program_ends_on"), "previous_round",
        ]}),
        (_("Support"), {"fields": [
            ("benefit_ko", "benefit_en"), ("support_per_company", "support_total"), "expected_places",
            ("selection_process_ko", "selection_process_en"), ("schedule_ko", "schedule_en"),
        ]}),
        (_("How to apply"), {"fields": [
            ("how_to_apply_ko", "how_to_apply_en"), "apply_url", ("contact_ko", "contact_en"), "source_url",
            "national_notices",
        ]}),
        (_("Publication"), {"fields": [("status", "published_at"), "featured", ("created_at", "updated_at")]}),
    ]  # fmt: skip
    actions = [*InstituteScopedAdmin.actions, "duplicate_as_next_round", "extend_closing_date"]

    @admin.display(description=_("national notices (K-Startup, 기업마당)"))
    def national_notices(self, program):
        """The notices announcing the program (imports/), read-only: where each came from, how it was matched, when
        it was last checked, and the fields an editor changed, whose values stand against the source's."""
        links = list(program.sources.all()) if program.pk else []
        if not links:
            return _("none: entered on this portal")
        return render_to_string("admin/programs/national_notices.html", {"links": links})

    @admin.display(description=_("who may apply, as the public page says it"))
    def who_may_apply(self, program):
        """The rules in one sentence and the audiences they make; the audiences a migration asked to check."""
        said = format_html(
            "{}<br>{}: {}",
            rules_in_words(program),
            _("Shown as"),
            ", ".join(str(audience) for audience in program.audiences_shown()) or _("anyone"),
        )
        if not program.rules_to_confirm:
            return said
        named = dict(Audience.objects.filter(slug__in=program.rules_to_confirm).values_list("slug", "name"))
        listed = ", ".join(named.get(slug, slug) for slug in program.rules_to_confirm)
        return format_html(
            '{}<br><strong class="portal-rules-to-confirm">{}</strong>',
            said,
            _(
                "This program was listed for %(audiences)s, which its rules leave out. Check the rules above; "
                "saving the program confirms them."
            )
            % {"audiences": listed},
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        for warning in getattr(form, "warnings", []):
            self.message_user(request, warning, messages.WARNING)

    @admin.display(description=_("application"), ordering="application_closes_at")
    def application(self, program):
        """The state and D-n, as on the public page, and the closing date."""
        badge = render_to_string("includes/state_badge.html", {"program": program})
        closes = program.application_closes_at
        if not closes:
            return badge
        return format_html(
            "{} <small>{}</small>", badge, date_format(timezone.localtime(closes), "SHORT_DATETIME_FORMAT")
        )

    @admin.action(description=_("Extend the closing date of the selected programs"))
    def extend_closing_date(self, request, queryset):
        """A confirmation page with the new time; then each program's history says so, or, for a live program of a
        partner editor, a revision waits for the city's approval."""
        programs = list(queryset.order_by("application_closes_at", "pk"))
        form = ExtendClosingForm(request.POST if "extend" in request.POST else None, programs=programs)
        if form.is_valid():
            changed, proposed = closing_dates_extend(
                programs=programs,
                closes_at=form.cleaned_data["closes_at"],
                editor=request.user,
                may_publish=can_publish(request.user, self.opts),
            )
            self.message_user(request, extended_message(changed, proposed), messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Extend the closing date"),
            "opts": self.opts,
            "programs": programs,
            "form": form,
            "media": self.media + form.media,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/extend_closing_date.html", context)

    def proposed_inline_changes(self, formsets):
        """Attachments added, changed or removed on a live program, kept in the revision until it is approved."""
        operations = {"add": [], "change": [], "delete": []}
        for formset in formsets:
            if formset.model is not Attachment:  # the national notices' inline is read-only
                continue
            for form in formset.forms:
                attachment = form.instance
                if attachment.pk and formset._should_delete_form(form):
                    operations["delete"].append({"id": attachment.pk, "title": attachment.title})
                elif not form.has_changed() or formset._should_delete_form(form):
                    continue
                elif attachment.pk:
                    change = {
                        "id": attachment.pk,
                        "old_title": form.initial.get("title", ""),
                        "title": form.cleaned_data["title"],
                        "position": form.cleaned_data["position"],
                    }
                    if "file" in form.changed_data:
                        change["file"] = proposal_store(form.cleaned_data["file"])
                    operations["change"].append(change)
                else:
                    operations["add"].append(
                        {
                            "title": form.cleaned_data["title"],
                            "file": proposal_store(form.cleaned_data["file"]),
                            "position": form.cleaned_data["position"],
                        }
                    )
        operations = {key: value for key, value in operations.items() if value}
        return {"attachments": operations} if operations else None

    @admin.action(description=_("Duplicate as next round (an announced round: expected month, no dates)"))
    def duplicate_as_next_round(self, request, queryset):
        created = [program_next_round(program=program) for program in queryset]
        message = ngettext(
            "%(count)d draft made for the next round, with the month it usually opens; publish it as an announced "
            "round, or set its dates.",
            "%(count)d drafts made for the next round, with the month they usually open; publish them as announced "
            "rounds, or set their dates.",
            len(created),
        )
        self.message_user(request, message % {"count": len(created)}, messages.SUCCESS)


@admin.register(Event)
class EventAdmin(ShortInstituteMixin, FromSuggestionMixin, CuratedImportExportMixin, InstituteScopedAdmin):
    resource_classes = [EventResource]
    list_display = ["title", "institute", "starts_at", "venue_name", "status_badge"]
    list_filter = [
        "status",
        NeedsMyActionFilter,
        ReturnedDraftFilter,
        MineFilter,
        WhenFilter,
        NotUpdatedFilter,
        BrokenLinksFilter,
        "category",
        "organizer",
    ]
    list_select_related = ["organizer", "category"]
    search_fields = ["title_ko", "title_en", "slug", "organizer__name_ko", "organizer__name_en"]
    prepopulated_fields = {"slug": ["title_en"]}
    autocomplete_fields = ["organizer", "co_hosts", "program", "category"]
    date_hierarchy = "starts_at"
    # In the order of the public page; Korean and English of a field side by side.
    fieldsets = [
        (_("Basics"), {"fields": [
            ("title_ko", "title_en"), ("summary_ko", "summary_en"), ("description_ko", "description_en"),
            ("category", "organizer"), "co_hosts", "program", "slug",
        ]}),
        (_("When and where"), {"fields": [
            ("starts_at", "ends_at"), ("venue_name_ko", "venue_name_en"), ("venue_address_ko", "venue_address_en"),
            ("directions_ko", "directions_en"), "online_url", "place_details_by",
        ], "description": _(
            "People registered on the portal are told of a new time or place by email 10 minutes after it goes live."
        )}),
        (_("How to take part"), {"fields": [
            "registration_mode", "registration_url", ("capacity", "overbooking_percent"),
            "registration_needs_approval", ("registration_opens_at", "registration_closes_at"),
        ], "description": _(
            "The link is for registration elsewhere. Capacity, overbooking, approval and the registration window "
            "apply only to registration on the portal."
        )}),
        (_("Publication"), {"fields": [("status", "published_at"), ("created_at", "updated_at")]}),
    ]  # fmt: skip


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    """The moderation queue of /suggest/: new suggestions first; nothing here reaches the public site."""

    list_display = ["title", "kind", "organizer", "starts_on", "contact_email", "state", "created_at"]
    list_filter = ["state", "kind"]
    search_fields = ["title", "organizer", "contact_email"]
    readonly_fields = [
        "kind",
        "title",
        "organizer",
        "starts_on",
        "ends_on",
        "link",
        "contact_email",
        "description",
        "created_at",
        "draft",
    ]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("draft"))
    def draft(self, suggestion):
        """The draft made from it, or the buttons that make one pre-filled from it."""
        made = suggestion.program or suggestion.event
        if made:
            url = reverse(f"admin:programs_{made._meta.model_name}_change", args=[made.pk])
            return format_html('<a href="{}">{}</a>', url, made)
        if suggestion.state != Suggestion.State.NEW:
            return "-"
        query = urlencode({"suggestion": suggestion.pk})
        links = [
            (reverse("admin:programs_program_add") + "?" + query, _("Create draft program")),
            (reverse("admin:programs_event_add") + "?" + query, _("Create draft event")),
        ]
        if suggestion.kind == Suggestion.Kind.EVENT:
            links.reverse()  # what the sender suggested comes first
        return format_html_join(" ", '<a class="button" href="{}">{}</a>', links)
