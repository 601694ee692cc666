from django.contrib import admin

from core.admin import InstituteScopedAdmin, PublishableAdmin
from core.admin_filters import BrokenLinksFilter
from core.roles import is_city_editor

from .admin_filters import ContactFilter, QuietFilter
from .models import Agreement, Partner

# What a partner editor may change on their own institute's page: its profile text, nothing else.
PROFILE_FIELDS = {"summary", "description", "website", "email", "phone", "address", "logo"}


@admin.register(Partner)
class PartnerAdmin(InstituteScopedAdmin):
    list_display = ["name", "short_name", "kind", "status_badge", "updated_at"]
    list_filter = ["status", QuietFilter, ContactFilter, BrokenLinksFilter, "kind"]
    search_fields = ["name_ko", "name_en", "short_name_ko", "short_name_en", "slug"]
    # Only for city editors (get_prepopulated_fields): a partner editor's form has no slug, and the history view
    # reads this attribute directly.
    prepopulated_fields = {}
    autocomplete_fields = ["editors"]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if is_city_editor(request.user) or obj is None:
            return fields
        editable = {name for field in PROFILE_FIELDS for name in (field, f"{field}_ko", f"{field}_en")}
        form_fields = [field.name for field in self.model._meta.get_fields() if getattr(field, "editable", False)]
        return [*fields, *(name for name in form_fields if name not in editable and name not in fields)]

    def get_prepopulated_fields(self, request, obj=None):
        return {"slug": ["name_en"]} if is_city_editor(request.user) else {}

    def get_autocomplete_fields(self, request):
        return self.autocomplete_fields if is_city_editor(request.user) else []


@admin.register(Agreement)
class AgreementAdmin(PublishableAdmin):
    list_display = ["title", "signed_on", "place", "status_badge"]
    list_filter = ["status", "signed_on"]
    search_fields = ["title_ko", "title_en", "slug"]
    prepopulated_fields = {"slug": ["title_en"]}
    autocomplete_fields = ["parties"]
    date_hierarchy = "signed_on"
