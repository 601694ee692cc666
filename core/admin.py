"""Admin base classes of every curated record (status badge, workflow actions, history, archive instead of delete,
revisions of live records, the row-level rule on every path), and the list of revisions."""

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .admin_filters import BouncingFilter, RevisionNeedFilter
from .models import AddressRequest, EmailDelivery, EquivalentTerms, Revision
from .publishing import Status, is_due
from .revisions import field_diff, form_changes, form_covers, propose, revisions_shown
from .roles import can_publish, is_city_editor
from .services import record_request_changes, revision_approve

EARLIEST_YEAR, LATEST_YEAR = 1900, 2999


def plausible_year(value):
    """0001-01-01 00:00 in Korea time is before the first moment UTC can hold: refused here, it cannot reach the
    database's checks (which would fail converting it)."""
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError(
            _("Enter a date between the years %(earliest)s and %(latest)s."),
            code="implausible_year",
            params={"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR},
        )


class ReadOnlyAdminMixin:
    """For logs that the portal writes itself: listed and shown, never added, changed or deleted by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CityOnlyAdminMixin:
    """For what only the city's editors keep or read, whatever permissions a partner editor was given."""

    def has_module_permission(self, request):
        return is_city_editor(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return is_city_editor(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return is_city_editor(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return is_city_editor(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_city_editor(request.user) and super().has_delete_permission(request, obj)


def publishing_checklist(record):
    """[(what publishing needs, whether the record has it)] as saved, or None when nothing is needed (a record whose
    period is over)."""
    requirements = getattr(record, "PUBLISHING_REQUIREMENTS", {})
    if not requirements or (record.pk and record.is_exempt_from_publishing_contract()):
        return None
    gaps = record.publishing_gaps()
    return [(label, name not in gaps) for name, label in requirements.items()]


def swap_field(fields, old="published_at", new="publication_time"):
    return [
        tuple(new if name == old else name for name in field)
        if isinstance(field, tuple | list)
        else (new if field == old else field)
        for field in fields
    ]


class PublishableAdmin(SimpleHistoryAdmin, TranslationAdmin):
    """Shared admin for records with a publishing status."""

    list_filter = ["status"]
    readonly_fields = ["created_at", "updated_at"]
    list_per_page = 50
    save_on_top = True
    actions = ["submit_for_review", "publish", "unpublish", "archive"]
    publishing_fields = ("status", "publication_time")

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        label = obj.get_status_display()
        if obj.status == Status.PUBLISHED and obj.published_at and not is_due(obj):
            label = _("Scheduled")
        return format_html('<span class="portal-status portal-status-{}">{}</span>', obj.status, label)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """A date-and-time field's two inputs each get a name a screen reader can say ("접수 시작: 날짜"): the
        admin's one label points at neither. Dates outside the years a record can mean are a form error."""
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.DateField) and formfield is not None:  # DateTimeField is a DateField
            formfield.validators.append(plausible_year)
        widget = getattr(formfield, "widget", None)
        if isinstance(getattr(widget, "widget", widget), forms.SplitDateTimeWidget):
            split = getattr(widget, "widget", widget)  # inside the related-field wrapper, if any
            label = capfirst(db_field.verbose_name)
            split.widgets[0].attrs["aria-label"] = format_lazy("{}: {}", label, _("date"))
            split.widgets[1].attrs["aria-label"] = format_lazy("{}: {}", label, _("time"))
        return formfield

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not can_publish(request.user, self.opts):
            fields += self.publishing_fields  # status changes go through the actions, which check the role
        return fields

    @admin.display(description=_("published at"))
    def publication_time(self, obj):
        """The publication time as an editor who may not set it reads it, without the help on scheduling."""
        if obj is None or obj.published_at is None:
            return "—"
        return formats.date_format(timezone.localtime(obj.published_at), "DATETIME_FORMAT")

    def get_fieldsets(self, request, obj=None):
        """For an editor who may not publish, the publication time is shown, not offered (publication_time)."""
        fieldsets = super().get_fieldsets(request, obj)
        if can_publish(request.user, self.opts):
            return fieldsets
        return [(name, {**options, "fields": swap_field(options["fields"])}) for name, options in fieldsets]

    def get_actions(self, request):
        """Only the actions this editor may take: publishing, unpublishing and archiving are the city's, so a
        partner editor is never offered one that is refused after the fact."""
        actions = super().get_actions(request)
        if not can_publish(request.user, self.opts):
            for name in ("publish", "unpublish", "archive"):
                actions.pop(name, None)
        return actions

    # Workflow -----------------------------------------------------------------------------------------------------

    def take_step(self, request, queryset, step, done_message):
        changed = 0
        for record in queryset:
            try:
                changed += record.take_step(step)
            except ValidationError as refusal:
                self.refuse(request, record, refusal)
        level = messages.SUCCESS if changed else messages.WARNING
        self.message_user(request, done_message(changed) % {"count": changed}, level)

    def refuse(self, request, record, refusal):
        """Says why a record could not be published (the publishing contract)."""
        reasons = " ".join(message for message in refusal.messages)
        self.message_user(
            request,
            _("“%(record)s” was not published: %(reasons)s") % {"record": record, "reasons": reasons},
            messages.ERROR,
        )

    def refuse_without_publishing_right(self, request):
        if can_publish(request.user, self.opts):
            return False
        self.message_user(
            request,
            _("Only the city's editors can publish, unpublish or archive. Submit the record for review instead."),
            messages.ERROR,
        )
        return True

    @admin.action(description=_("Submit selected for review"))
    def submit_for_review(self, request, queryset):
        self.take_step(
            request,
            queryset,
            "submit",
            lambda n: ngettext("%(count)d record submitted for review.", "%(count)d records submitted for review.", n),
        )

    @admin.action(description=_("Publish selected"))
    def publish(self, request, queryset):
        if self.refuse_without_publishing_right(request):
            return
        self.take_step(
            request,
            queryset,
            "publish",
            lambda n: ngettext("%(count)d record published.", "%(count)d records published.", n),
        )

    @admin.action(description=_("Unpublish selected (back to draft)"))
    def unpublish(self, request, queryset):
        if self.refuse_without_publishing_right(request):
            return
        self.take_step(
            request,
            queryset,
            "unpublish",
            lambda n: ngettext("%(count)d record unpublished.", "%(count)d records unpublished.", n),
        )

    @admin.action(description=_("Archive selected"))
    def archive(self, request, queryset):
        if self.refuse_without_publishing_right(request):
            return
        self.take_step(
            request,
            queryset,
            "archive",
            lambda n: ngettext("%(count)d record archived.", "%(count)d records archived.", n),
        )

    # The publishing rule on every path that saves through a form: the change form, the add form, a revert. -----

    def goes_to_review(self, request, live):
        """A change to a published record by someone who may not publish waits for a city editor's approval."""
        return live.status == Status.PUBLISHED and not can_publish(request.user, self.opts)

    def save_model(self, request, obj, form, change):
        live = self.model._default_manager.get(pk=obj.pk) if change else None
        if not can_publish(request.user, self.opts):
            # Publication is never changed by someone without the right, whatever the form or the old version held.
            obj.status, obj.published_at = (live.status, live.published_at) if live else (Status.DRAFT, None)
            if form.has_changed() and obj.withdraw_from_review():
                self.message_user(
                    request,
                    _(
                        "“%(record)s” went back to draft, as it changed while waiting for review: submit it again "
                        "when it is ready."
                    )
                    % {"record": obj},
                    messages.WARNING,
                )
        if live is not None and self.goes_to_review(request, live):
            request.live_record = live
            request.proposed_changes = form_changes(form, live)  # the live record stays as it is
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if not hasattr(request, "proposed_changes"):
            super().save_related(request, form, formsets, change)
            return self.take_button_step(request, form.instance)
        live = request.live_record  # read once, in save_model
        request.revision = propose(
            record=live,
            author=request.user,
            changes=request.proposed_changes,
            covered=form_covers(form, live),
            related=self.proposed_inline_changes(formsets),
        )

    # The workflow's buttons on the change form, for the roles that may use them.

    def workflow_buttons(self, request, obj):
        """[(button name, label)] for this record and editor; "_request_changes" comes with a reason field."""
        status = obj.status if obj is not None else Status.DRAFT
        buttons = []
        if status == Status.DRAFT and self.has_change_permission(request, obj):
            buttons.append(("_submit", _("Save and submit for review")))
        if can_publish(request.user, self.opts) and status in (Status.DRAFT, Status.REVIEW):
            buttons.append(("_publish", _("Save and publish")))
        if can_publish(request.user, self.opts) and status == Status.REVIEW:
            buttons.append(("_request_changes", _("Request changes")))
        return buttons

    def chosen_button(self, request, record):
        """The workflow button the editor pressed, when they may use it; None otherwise."""
        allowed = {name for name, _label in self.workflow_buttons(request, record)}
        chosen = next((name for name in ("_submit", "_publish", "_request_changes") if name in request.POST), None)
        return chosen if chosen in allowed else None

    def button_problems(self, request, record):
        """{field name or None: message} of why the pressed button cannot act on the record as the form would save
        it; checked with the form, so that a refused button keeps the editor on the form with the fields marked."""
        chosen = self.chosen_button(request, record)
        if chosen in ("_publish", "_submit"):
            return record.publishing_problems()  # a draft submitted is one the city can publish
        if chosen == "_request_changes" and not request.POST.get("review_reason", "").strip():
            return {None: _("Say what should change, so that the editor can mend it.")}
        return {}

    def take_button_step(self, request, record):
        chosen = self.chosen_button(request, record)
        if chosen is None:
            return
        if chosen == "_submit" and record.submit():
            self.message_user(request, _("“%(record)s” was submitted for review.") % {"record": record})
        elif chosen == "_publish":
            try:
                if record.publish():
                    self.message_user(request, _("“%(record)s” was published.") % {"record": record})
            except ValidationError as refusal:
                self.refuse(request, record, refusal)
        elif chosen == "_request_changes":
            reason = request.POST.get("review_reason", "").strip()[:2000]
            if not reason:
                self.message_user(request, _("Say what should change, so that the editor can mend it."), messages.ERROR)
            elif record_request_changes(record=record, reviewer=request.user, reason=reason):
                self.message_user(
                    request, _("“%(record)s” went back to its editor with your reason.") % {"record": record}
                )

    def construct_change_message(self, request, form, formsets, add=False):
        if hasattr(request, "proposed_changes"):
            # The live record is unchanged; the log names the fields proposed for review.
            return [{"changed": {"fields": sorted(request.proposed_changes)}}]
        return super().construct_change_message(request, form, formsets, add)

    def proposed_inline_changes(self, formsets):
        """What the inlines would change, kept in the revision: {relation name: operations}."""
        return None

    def response_change(self, request, obj):
        if not hasattr(request, "proposed_changes"):
            return super().response_change(request, obj)
        if getattr(request, "revision", None):
            message = _(
                "Your changes to “%(record)s” wait for a city editor's review. The public page keeps the published "
                "version until they are approved; the form below shows your proposed changes."
            )
        else:
            message = _("Nothing differs from the published version of “%(record)s”; no review is needed.")
        self.message_user(request, message % {"record": obj}, messages.SUCCESS)
        return HttpResponseRedirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and change:
            # The latest revision's state, for the note above the form (a returned one shows its reason).
            context["latest_revision"] = Revision.objects.of(obj).order_by("-updated_at", "-id").first()
        context["workflow_buttons"] = self.workflow_buttons(request, obj)
        context["review_reason"] = request.POST.get("review_reason", "") if request.method == "POST" else ""
        context["publishing_checklist"] = publishing_checklist(obj if obj is not None else self.model())
        context["will_wait_for_review"] = obj is not None and change and self.goes_to_review(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = self.workflow_checked(request, super().get_form(request, obj, change=change, **kwargs))
        if obj is None or getattr(request, "viewing_history", False) or not self.goes_to_review(request, obj):
            return form_class
        revision = Revision.objects.pending().of(obj).first()
        if revision is None:
            return form_class

        class WithPendingChanges(form_class):
            """Whoever may not publish goes on from their pending changes, not from the published version."""

            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, **form_kwargs)
                if not self.is_bound:
                    self.initial.update(pending_initial(self, revision))

        return WithPendingChanges

    def workflow_checked(self, request, form_class):
        """The form, refusing what the pressed workflow button needs and the record lacks (a missing contact for
        "Save and publish", a missing reason for "Request changes"), as field errors: nothing is saved then."""
        model_admin = self

        class WorkflowChecked(form_class):
            def _post_clean(self):
                super()._post_clean()  # the instance now holds the form's values
                if request.method != "POST":
                    return
                for name, message in model_admin.button_problems(request, self.instance).items():
                    self.add_error(name if name in self.fields else None, message)

        return WorkflowChecked

    # A history version is restored through the same rules as the change form, checked against the live record.

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        live = self.get_object(request, unquote(object_id))
        if live is None or not self.model.history.filter(id=live.pk, history_id=version_id).exists():
            raise Http404
        if not self.has_view_permission(request, live):
            raise PermissionDenied
        if request.method != "POST":
            request.viewing_history = True  # the form shows the old version, not pending changes
            return super().history_form_view(request, object_id, version_id, extra_context)
        if not self.has_change_permission(request, live):
            raise PermissionDenied
        form = self.get_form(request, live, change=True)(request.POST, request.FILES, instance=live)
        if not form.is_valid():
            errors = "; ".join(f"{name}: {' '.join(messages_)}" for name, messages_ in form.errors.items())
            self.message_user(
                request, _("This version could not be restored: %(errors)s") % {"errors": errors}, messages.ERROR
            )
            return HttpResponseRedirect(request.path)
        obj = self.save_form(request, form, change=True)
        self.save_model(request, obj, form, change=True)
        self.save_related(request, form, [], change=True)
        self.log_change(request, obj, self.construct_change_message(request, form, []))
        return self.response_change(request, obj)

    # Deleting a published record archives it: what the public has seen is never lost without a trace. -----------

    def delete_view(self, request, object_id, extra_context=None):
        """A published record is offered for archiving, with one accurate message; others are deleted as usual."""
        record = self.get_object(request, unquote(object_id))
        if record is None or record.status != Status.PUBLISHED:
            return super().delete_view(request, object_id, extra_context)
        if not self.has_delete_permission(request, record):
            raise PermissionDenied
        if request.method == "POST":
            record.archive()
            self.message_user(
                request,
                _("“%(record)s” was archived: it has left the public site, and its page and history are kept.")
                % {"record": record},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Archive “%(record)s”?") % {"record": record},
            "object": record,
            "opts": self.opts,
            "app_label": self.opts.app_label,
        }
        return TemplateResponse(request, "admin/archive_confirmation.html", context)

    def get_deleted_objects(self, objs, request):
        """Django's list of what a deletion takes along, without the relation rows it names by their raw names
        ("Program_audiences object (91)"): an editor deletes records, not links."""
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        through = [model._meta for model in apps.get_models(include_auto_created=True) if model._meta.auto_created]
        links = {str(capfirst(opts.verbose_name)) for opts in through}
        plural_links = {str(opts.verbose_name_plural) for opts in through}

        def without_links(items):
            kept = []
            for item in items:
                if isinstance(item, list):
                    kept.append(without_links(item))
                elif str(item).split(": ", 1)[0] not in links:
                    kept.append(item)
            return kept

        counts = {name: count for name, count in model_count.items() if str(name) not in plural_links}
        return without_links(to_delete), counts, perms_needed, protected

    def delete_model(self, request, obj):
        if obj.status == Status.PUBLISHED:
            obj.archive()  # what the public has seen is never lost without a trace
        else:
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        published = list(queryset.filter(status=Status.PUBLISHED))
        super().delete_queryset(request, queryset.exclude(pk__in=[record.pk for record in published]))
        for record in published:
            self.delete_model(request, record)


def pending_initial(form, revision):
    """The form's initial values with the pending revision's proposed values, for the fields the form has."""
    initial = {}
    for name, value in revision.changes.items():
        if name not in form.fields:
            continue
        field = form.instance._meta.get_field(name)
        if isinstance(field, models.FileField):
            continue  # a file input cannot show a proposed file; the revision keeps it
        initial[name] = value if field.is_relation else field.to_python(value)
    return initial


class InstituteScopedAdminMixin:
    """The row-level rule (core.ownership) on every admin path of an institute-owned model: the list, its actions and
    exports (they act on get_queryset), a record's page, its history and revert, deletion, and autocomplete.

    The list shows only a partner editor's own records; opening another institute's record by its address gives 403,
    never a page.
    """

    def get_queryset(self, request):
        return super().get_queryset(request).editable_by(request.user)

    def get_object(self, request, object_id, from_field=None):
        # Looked up among all records, so that the permission check below answers 403 rather than "not found".
        queryset = self.model._default_manager.all()
        field = self.model._meta.pk if from_field is None else self.model._meta.get_field(from_field)
        try:
            return queryset.get(**{field.name: field.to_python(object_id)})
        except (self.model.DoesNotExist, ValidationError, ValueError, OverflowError):
            return None

    def owns(self, request, obj):
        return obj is None or obj.is_editable_by(request.user)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self.owns(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.owns(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.owns(request, obj)


class InstituteScopedAdmin(InstituteScopedAdminMixin, PublishableAdmin):
    """A partner editor sees and edits only their institutes' records: the programs and events they organize, and
    their institute's own profile; the relations they set follow the same rule (Publishable.relation_choices)."""

    def get_autocomplete_fields(self, request):
        fields = super().get_autocomplete_fields(request)
        if is_city_editor(request.user):
            return fields
        # Institutes come as a plain list of what they may choose: the institutes' autocomplete shows only theirs.
        return [
            name
            for name in fields
            if getattr(self.model._meta.get_field(name).related_model, "institute_path", None) != "pk"
        ]

    def get_changeform_initial_data(self, request):
        """A new record of an editor with one institute starts as that institute's, rather than "---------"."""
        initial = super().get_changeform_initial_data(request)
        owner = getattr(self.model, "institute_path", None)
        if owner and owner != "pk" and "__" not in owner and not is_city_editor(request.user) and owner not in initial:
            choices = self.model.relation_choices(owner, request.user)
            if choices is not None:
                only = list(choices.values_list("pk", flat=True)[:2])
                if len(only) == 1:
                    initial[owner] = only[0]
        return initial

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        if is_city_editor(request.user):
            return form_class
        choices = {
            name: queryset
            for name in form_class.base_fields
            if (queryset := self.model.relation_choices(name, request.user)) is not None
        }

        class WithScopedRelations(form_class):
            """Relation choices follow the row-level rule; what a city editor linked before stays linked."""

            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, **form_kwargs)
                for name, queryset in choices.items():
                    self.fields[name].queryset = queryset | queryset.model._default_manager.filter(
                        pk__in=linked_ids(self.instance, name)
                    )

        return WithScopedRelations


def linked_ids(record, name):
    """The ids a saved record links to through a relation field."""
    if record.pk is None:
        return []
    field = record._meta.get_field(name)
    if field.many_to_many:
        return list(getattr(record, name).values_list("pk", flat=True))
    value = getattr(record, field.attname)
    return [] if value is None else [value]


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: every staff member sees the revisions they proposed; the city's editors see all of them and decide
    on the review list."""

    list_display = ["title", "content_type", "state", "author", "updated_at", "reviewer", "reason", "read_at"]
    list_filter = [RevisionNeedFilter, "state", ("content_type", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["content_type", "author", "reviewer"]
    search_fields = ["title", "reason"]
    fields = [
        "title",
        "content_type",
        "state",
        "author",
        "created_at",
        "updated_at",
        "reviewer",
        "reviewed_at",
        "reason",
        "diff",
    ]
    readonly_fields = fields

    actions = ["approve_selected", "mark_read"]

    @admin.action(description=_("Mark the selected returns as read"))
    def mark_read(self, request, queryset):
        """The editor has handled these returns: they leave the desk's count (the queryset is the editor's own)."""
        own = queryset.filter(author=request.user, state=Revision.State.REJECTED, read_at__isnull=True)
        marked = own.update(read_at=timezone.now())
        message = ngettext("%(count)d return marked as read.", "%(count)d returns marked as read.", marked)
        self.message_user(request, message % {"count": marked}, messages.SUCCESS)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not is_city_editor(request.user):
            actions.pop("approve_selected", None)
        return actions

    @admin.action(description=_("Approve selected changes and publish them"))
    def approve_selected(self, request, queryset):
        """Several revisions at once, as after a partner editor's bulk edit of live records: first a page with each
        diff, then the approval of exactly what that page showed (a revision edited since is left for review)."""
        if not is_city_editor(request.user):
            raise PermissionDenied
        pending = list(queryset.pending().select_related("content_type", "author"))
        shown = revisions_shown(pending)
        if "approve" not in request.POST:
            context = {
                **self.admin_site.each_context(request),
                "title": _("Approve these changes?"),
                "opts": self.opts,
                "revisions": shown,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "admin/approve_revisions.html", context)
        approved = 0
        for revision, _diff, fingerprint in shown:
            if request.POST.get(f"fingerprint-{revision.pk}") != fingerprint:
                self.message_user(
                    request,
                    _("The changes to “%(record)s” were edited after you opened the list; they wait for review.")
                    % {"record": revision.title},
                    messages.WARNING,
                )
                continue
            try:
                revision_approve(revision=revision, reviewer=request.user)
            except ValidationError as refusal:
                self.message_user(
                    request,
                    _("The changes to “%(record)s” cannot go live: %(reasons)s")
                    % {"record": revision.title, "reasons": " ".join(refusal.messages)},
                    messages.ERROR,
                )
                continue
            approved += 1
        message = ngettext(
            "%(count)d revision approved; its changes are live.",
            "%(count)d revisions approved; their changes are live.",
            approved,
        )
        self.message_user(request, message % {"count": approved}, messages.SUCCESS if approved else messages.WARNING)
        return None

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if is_city_editor(request.user) else queryset.filter(author=request.user)

    @admin.display(description=_("proposed changes"))
    def diff(self, revision):
        return format_html_join(
            "", "<p><strong>{}</strong>: {} → {}</p>", field_diff(revision.record, revision.changes)
        )

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and (
            obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()
        )


@admin.register(EquivalentTerms)
class EquivalentTermsAdmin(CityOnlyAdminMixin, admin.ModelAdmin):
    """The search's list of equivalent terms: the city's editors keep it (core.search reads it on every search)."""

    list_display = ["terms"]
    search_fields = ["terms"]


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(ReadOnlyAdminMixin, CityOnlyAdminMixin, admin.ModelAdmin):
    """The delivery log, for the city's editors: what was sent, what failed and why, what waits to be retried.
    Read only: the worker (core.mail) writes it."""

    list_display = ["created_at", "recipient", "subject", "status", "attempts", "last_error", "sent_at"]
    list_filter = ["status", BouncingFilter, "created_at"]
    search_fields = ["recipient", "subject", "key"]
    date_hierarchy = "created_at"
    fields = [
        "recipient", "subject", "key", "status", "attempts", "last_error", "not_before", "created_at", "sent_at",
        "message_id", "headers",
    ]  # fmt: skip
    readonly_fields = fields


@admin.register(AddressRequest)
class AddressRequestAdmin(ReadOnlyAdminMixin, CityOnlyAdminMixin, admin.ModelAdmin):
    """The record of personal data requests answered on /admin/addresses/ (gwangju_portal.addresses)."""

    list_display = ["handled_at", "kind", "handled_by", "counts", "note"]
    list_filter = ["kind", "handled_at"]
    fields = ["kind", "digest", "counts", "handled_by", "handled_at", "note"]
    readonly_fields = fields


class LabelledTabularInline(admin.TabularInline):
    """A table of inline forms whose inputs each carry their column's name, for screen readers: the table's
    headers are not labels."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            formfield.widget.attrs.setdefault("aria-label", capfirst(db_field.verbose_name))
        return formfield
