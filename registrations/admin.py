"""The organizer's registrants page: search, filter by event and status, live counts, approve or decline (with an
email), move up the waiting list, add someone by hand, check in, and export. A partner editor sees their own
institutes' events only; opening another institute's registration by its address gives 403."""

from collections import Counter

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin import InstituteScopedAdminMixin
from core.numbers import parse_id
from core.spreadsheets import spreadsheet_response
from programs.models import Event

from . import services
from .models import BusinessYears, Registration

Status = Registration.Status


class EventFilter(admin.SimpleListFilter):
    title = _("event")
    parameter_name = "event"

    def lookups(self, request, model_admin):
        events = Event.objects.registering_on_portal().editable_by(request.user).order_by("-starts_at")
        return [(str(event.pk), str(event)) for event in events[:50]]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        event_id = parse_id(value)
        return queryset.filter(event_id=event_id) if event_id else queryset.none()


class CheckedInFilter(admin.SimpleListFilter):
    title = _("checked in")
    parameter_name = "checked_in"

    def lookups(self, request, model_admin):
        return [("yes", _("Checked in")), ("no", _("Not yet"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(checked_in_at__isnull=self.value() == "no")
        return queryset


class AddRegistrantForm(forms.ModelForm):
    """Someone added by hand: a seat while one is free and nobody waits, else the waiting list; they get the same
    email as anyone who registers."""

    class Meta:
        model = Registration
        fields = ["event", "name", "email", "phone", "organisation", "business_years", "interest", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = self.fields["email"].required = True

    def clean(self):
        cleaned = super().clean()
        event, email = cleaned.get("event"), (cleaned.get("email") or "").strip().lower()
        if event and email and event.registrations.active().filter(email=email).exists():
            raise ValidationError(_("This email address already has a place in this event."))
        return cleaned


@admin.register(Registration)
class RegistrationAdmin(InstituteScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "email", "organisation", "event", "status", "queued_at", "checked_in_at"]
    list_filter = [EventFilter, "status", CheckedInFilter, "business_years"]
    list_select_related = ["event"]
    search_fields = ["name", "email", "organisation", "phone"]
    ordering = ["event", "queued_at", "pk"]
    readonly_fields = [
        "event", "email", "status", "language", "queued_at", "offered_at", "checked_in_at", "checked_in_by",
        "week_reminder_for", "day_reminder_for", "added_by_staff", "created_at", "updated_at", "erased_at",
    ]  # fmt: skip
    actions = [
        "approve_selected", "decline_selected", "move_up_selected", "check_in_selected", "cancel_selected",
        "export_csv", "export_xlsx", "export_summary_csv", "export_summary_xlsx",
    ]  # fmt: skip
    change_list_template = "admin/registrations/registration/change_list.html"

    def has_delete_permission(self, request, obj=None):
        return False  # a registration is cancelled or declined (its seat passes on), never deleted

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = AddRegistrantForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_fields(self, request, obj=None):
        if obj is None:
            return AddRegistrantForm._meta.fields
        return ["name", "phone", "organisation", "business_years", "interest", *self.readonly_fields]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "event":
            events = Event.objects.registering_on_portal().filter(ends_at__gte=timezone.now())
            kwargs["queryset"] = events.editable_by(request.user).order_by("starts_at")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        if not self.owns(request, obj):
            raise PermissionDenied
        values = {name: form.cleaned_data[name] for name in form.Meta.fields if name != "event"}
        added = services.register(obj.event, by_staff=True, **values)
        obj.pk, obj.status, obj.queued_at = added.pk, added.status, added.queued_at
        obj._state.adding = False

    def changelist_view(self, request, extra_context=None):
        event_id = parse_id(request.GET.get("event"))
        extra_context = extra_context or {}
        if event_id:
            event = Event.objects.registering_on_portal().editable_by(request.user).filter(pk=event_id).first()
            if event is not None:
                extra_context["event_counts"] = event_counts(event)
                extra_context["counted_event"] = event
                extra_context["check_in_url"] = reverse("registrations:check_in_list", args=[event.slug])
        return super().changelist_view(request, extra_context)

    def _each(self, request, queryset, change, done):
        changed = sum(bool(change(registration)) for registration in queryset.select_related("event"))
        self.message_user(request, done % {"count": changed}, messages.SUCCESS if changed else messages.WARNING)

    @admin.action(description=_("Approve (email: confirmed or waiting list)"), permissions=["change"])
    def approve_selected(self, request, queryset):
        self._each(request, queryset, services.approve, _("Approved: %(count)s."))

    @admin.action(description=_("Decline (email)"), permissions=["change"])
    def decline_selected(self, request, queryset):
        self._each(request, queryset, services.decline, _("Declined: %(count)s."))

    @admin.action(description=_("Move to the top of the waiting list"), permissions=["change"])
    def move_up_selected(self, request, queryset):
        self._each(request, queryset, services.move_up, _("Moved up: %(count)s."))

    @admin.action(description=_("Check in"), permissions=["change"])
    def check_in_selected(self, request, queryset):
        self._each(request, queryset, lambda r: services.check_in(r, request.user)[1], _("Checked in: %(count)s."))

    @admin.action(description=_("Cancel (the seat passes to the waiting list)"), permissions=["change"])
    def cancel_selected(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda r: r.status in Registration.ACTIVE and services.cancel(r),
            _("Cancelled: %(count)s."),
        )

    def _export(self, queryset, file_format):
        headers = [
            _("event"), _("status"), _("name"), _("email address"), _("phone"), _("organisation"),
            _("years in business"), _("field of interest"), _("registered at"), _("checked in at"),
        ]  # fmt: skip
        rows = (
            [
                r.event,
                r.get_status_display(),
                r.name,
                r.email,
                r.phone,
                r.organisation,
                r.get_business_years_display(),
                r.interest or "",
                r.created_at,
                r.checked_in_at,
            ]  # fmt: skip
            for r in queryset.select_related("event", "interest").order_by("event", "queued_at", "pk")
        )
        return spreadsheet_response("registrants", headers, rows, file_format)

    @admin.action(description=_("Export registrants (CSV)"), permissions=["view"])
    def export_csv(self, request, queryset):
        return self._export(queryset, "csv")

    @admin.action(description=_("Export registrants (XLSX)"), permissions=["view"])
    def export_xlsx(self, request, queryset):
        return self._export(queryset, "xlsx")

    def _summary(self, queryset, file_format):
        rows = []
        for label, field in ((_("years in business"), "business_years"), (_("field of interest"), "interest__name")):
            groups = (
                queryset.values(field)
                .annotate(
                    registered=Count("pk", filter=~Q(status__in=[Status.CANCELLED, Status.DECLINED, Status.LAPSED])),
                    confirmed=Count("pk", filter=Q(status=Status.CONFIRMED)),
                    checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
                )
                .order_by(field)
            )
            names = dict(BusinessYears.choices) if field == "business_years" else {}
            for group in groups:
                value = names.get(group[field], group[field]) or _("Not said")
                rows.append([label, value, group["registered"], group["confirmed"], group["checked_in"]])
        headers = [_("group"), _("value"), _("registered"), _("confirmed"), _("checked in")]
        return spreadsheet_response("registrants-summary", headers, rows, file_format)

    @admin.action(
        description=_("Export summary by years in business and field of interest (CSV)"), permissions=["view"]
    )
    def export_summary_csv(self, request, queryset):
        return self._summary(queryset, "csv")

    @admin.action(
        description=_("Export summary by years in business and field of interest (XLSX)"), permissions=["view"]
    )
    def export_summary_xlsx(self, request, queryset):
        return self._summary(queryset, "xlsx")


def event_counts(event):
    """The live counts shown above an event's registrants."""
    counts = Counter(dict(event.registrations.values_list("status").annotate(n=Count("pk")).order_by()))
    checked_in = event.registrations.filter(checked_in_at__isnull=False).count()
    return {
        "seats": event.seats_total,
        "confirmed": counts[Status.CONFIRMED],
        "offered": counts[Status.OFFERED],
        "waiting": counts[Status.WAITING],
        "pending": counts[Status.PENDING],
        "cancelled": counts[Status.CANCELLED] + counts[Status.DECLINED] + counts[Status.LAPSED],
        "checked_in": checked_in,
        "free": max(0, event.seats_total - counts[Status.CONFIRMED] - counts[Status.OFFERED]),
    }
