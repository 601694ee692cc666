"""The admin site's own parts: the view-on-site redirect under the row-level rule, and staff accounts."""

from axes.utils import reset as axes_reset
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.roles import CITY_EDITORS, PARTNER_EDITORS


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
