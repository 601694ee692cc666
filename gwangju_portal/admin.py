"""What every curated record shares in the admin: status badge, workflow actions, history, archive instead of delete,
and the row-level rule that a partner editor touches only their own institutes' records."""

from axes.utils import reset as axes_reset
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from core.models import Revision
from core.revisions import form_changes, form_covers, propose

from .publishing import Status
from .roles import CITY_EDITORS, PARTNER_EDITORS, can_publish, is_city_editor


class PublishableAdmin(SimpleHistoryAdmin, TranslationAdmin):
    """Shared admin for records with a publishing status."""

    list_filter = ["status"]
    readonly_fields = ["created_at", "updated_at"]
    list_per_page = 50
    save_on_top = True
    actions = ["submit_for_review", "publish", "unpublish", "archive"]
    publishing_fields = ("status", "published_at")

    class Media:
        css = {"all": ["portal/admin.css"]}

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        label = obj.get_status_display()
        if obj.status == Status.PUBLISHED and obj.published_at and obj.published_at > timezone.now():
            label = _("Scheduled")
        return format_html('<span class="portal-status portal-status-{}">{}</span>', obj.status, label)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not can_publish(request.user, self.opts):
            fields += self.publishing_fields  # status changes go through the actions, which check the role
        return fields

    # Workflow -----------------------------------------------------------------------------------------------------

    def change_status(self, request, queryset, to, allowed_from, done_message):
        changed = 0
        for record in queryset.filter(status__in=allowed_from):
            record.status = to
            if to == Status.PUBLISHED:
                record.stamp_publication()
            elif to == Status.DRAFT:
                record.published_at = None
            record.save()  # one by one, so that history and the content generation see each change
            changed += 1
        level = messages.SUCCESS if changed else messages.WARNING
        self.message_user(request, done_message(changed) % {"count": changed}, level)

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
        self.change_status(
            request,
            queryset,
            Status.REVIEW,
            [Status.DRAFT],
            lambda n: ngettext("%(count)d record submitted for review.", "%(count)d records submitted for review.", n),
        )

    @admin.action(description=_("Publish selected"))
    def publish(self, request, queryset):
        if self.refuse_without_publishing_right(request):
            return
        self.change_status(
            request,
            queryset,
            Status.PUBLISHED,
            [Status.DRAFT, Status.REVIEW, Status.ARCHIVED],
            lambda n: ngettext("%(count)d record published.", "%(count)d records published.", n),
        )

    @admin.action(description=_("Unpublish selected (back to draft)"))
    def unpublish(self, request, queryset):
        if self.refuse_without_publishing_right(request):
            return
        self.change_status(
            request,
            queryset,
            Status.DRAFT,
            [Status.PUBLISHED, Status.REVIEW],
            lambda n: ngettext("%(count)d record unpublished.", "%(count)d records unpublished.", n),
        )

    @admin.action(description=_("Archive selected"))
    def archive(self, request, queryset):
        if self.refuse_without_publishing_right(request):
            return
        self.change_status(
            request,
            queryset,
            Status.ARCHIVED,
            [Status.DRAFT, Status.REVIEW, Status.PUBLISHED],
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
        if live is not None and self.goes_to_review(request, live):
            request.proposed_changes = form_changes(form, live)  # the live record stays as it is
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if not hasattr(request, "proposed_changes"):
            return super().save_related(request, form, formsets, change)
        live = self.model._default_manager.get(pk=form.instance.pk)
        request.revision = propose(
            record=live,
            author=request.user,
            changes=request.proposed_changes,
            covered=form_covers(form, live),
            attachments=self.proposed_inline_changes(formsets),
        )

    def construct_change_message(self, request, form, formsets, add=False):
        if hasattr(request, "proposed_changes"):
            # The live record is unchanged; the log names the fields proposed for review.
            return [{"changed": {"fields": sorted(request.proposed_changes)}}]
        return super().construct_change_message(request, form, formsets, add)

    def proposed_inline_changes(self, formsets):
        """What the inlines would change, kept in the revision (programs' attachments)."""
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
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
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

    def delete_model(self, request, obj):
        if obj.status == Status.PUBLISHED:
            obj.status = Status.ARCHIVED
            obj.save()
            self.message_user(
                request,
                _("“%(record)s” was published, so it was archived, not deleted.") % {"record": obj},
                messages.WARNING,
            )
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


class InstituteScopedAdmin(PublishableAdmin):
    """A partner editor sees and edits only their institutes' records: the programs and events they organize, and
    their institute's own profile.

    The list shows only their records; opening another institute's record by its address gives 403, never a page.
    """

    def get_queryset(self, request):
        return super().get_queryset(request).editable_by(request.user)

    def get_object(self, request, object_id, from_field=None):
        # Looked up among all records, so that the permission check below answers 403 rather than "not found".
        queryset = self.model._default_manager.all()
        field = self.model._meta.pk if from_field is None else self.model._meta.get_field(from_field)
        try:
            return queryset.get(**{field.name: field.to_python(object_id)})
        except (self.model.DoesNotExist, ValidationError, ValueError):
            return None

    def owns(self, request, obj):
        return obj is None or obj.is_editable_by(request.user)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self.owns(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.owns(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.owns(request, obj)

    def get_autocomplete_fields(self, request):
        fields = super().get_autocomplete_fields(request)
        if is_city_editor(request.user):
            return fields
        # Institutes come as a plain list of what they may choose: the institutes' autocomplete shows only theirs.
        return [
            name
            for name in fields
            if getattr(self.model._meta.get_field(name).related_model, "institute_field", None) != "pk"
        ]

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


def view_on_site(request, content_type_id, object_id):
    """The admin's "view on site" redirect, only for a record the editor may see in the admin: it names the record's
    address, which for a draft is not public."""
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        raise Http404 from None
    model_admin = admin.site._registry.get(model)
    record = model_admin.get_object(request, object_id) if model_admin else None
    if record is None or not model_admin.has_view_permission(request, record):
        raise Http404
    return HttpResponseRedirect(record.get_absolute_url())


class PortalUserAdmin(UserAdmin):
    """City editors manage partner editors' accounts only: they cannot change a city editor's or a superuser's
    password, groups or permissions, and saving an account never drops a group the editor could not see."""

    actions = ["unlock_sign_in"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.filter(is_superuser=False)

    def manages(self, request, account):
        """Superusers manage every account; city editors partner editors' accounts and their own."""
        if request.user.is_superuser or account is None or account.pk == request.user.pk:
            return True
        return not (account.is_superuser or account.groups.filter(name=CITY_EDITORS).exists())

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.manages(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.manages(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        hidden = {"is_superuser", "user_permissions"}
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in hidden]})
            for name, options in fieldsets
        ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.filter(name=PARTNER_EDITORS)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        # The form offers only the groups this editor may give; the others the account had stay as they were.
        unseen = (
            [] if request.user.is_superuser or not change else list(form.instance.groups.exclude(name=PARTNER_EDITORS))
        )
        super().save_related(request, form, formsets, change)
        form.instance.groups.add(*unseen)

    @admin.action(description=_("Lift the sign-in lock of selected accounts"))
    def unlock_sign_in(self, request, queryset):
        accounts = [account for account in queryset if self.manages(request, account)]
        for account in accounts:
            axes_reset(username=account.username)
        message = ngettext(
            "The sign-in lock of %(count)d account was lifted.",
            "The sign-in locks of %(count)d accounts were lifted.",
            len(accounts),
        )
        self.message_user(request, message % {"count": len(accounts)}, messages.SUCCESS)

    def has_unlock_sign_in_permission(self, request):
        return self.has_change_permission(request)


admin.site.unregister(User)
admin.site.register(User, PortalUserAdmin)
