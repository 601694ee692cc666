from django.contrib import admin

from gwangju_portal.admin import PublishableAdmin

from .models import Agreement, Partner


@admin.register(Partner)
class PartnerAdmin(PublishableAdmin):
    list_display = ["name", "short_name", "kind", "status_badge", "updated_at"]
    list_filter = ["status", "kind"]
    search_fields = ["name_ko", "name_en", "short_name_ko", "short_name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["editors"]


@admin.register(Agreement)
class AgreementAdmin(PublishableAdmin):
    list_display = ["title", "signed_on", "place", "status_badge"]
    list_filter = ["status", "signed_on"]
    search_fields = ["title_ko", "title_en", "slug"]
    prepopulated_fields = {"slug": ["title_en"]}
    autocomplete_fields = ["parties"]
    date_hierarchy = "signed_on"
