"""The runs of the national import, for city editors: what each run found, changed and failed, with its log."""

from django.contrib import admin

from core.admin import CityOnlyAdminMixin

from .models import ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(CityOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["source", "started_at", "outcome", "created", "updated", "unchanged", "failed", "archived", "calls"]
    list_filter = ["source", "outcome"]
    readonly_fields = [field.name for field in ImportRun._meta.fields]

    def has_add_permission(self, request):
        return False  # runs come from the schedule or `manage.py import_notices`

    def has_change_permission(self, request, obj=None):
        return False
