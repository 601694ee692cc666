from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from gwangju_portal.admin import PublishableAdmin

from .models import Audience, Category, Event, Program


@admin.register(Category)
class CategoryAdmin(TranslationAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name_ko", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Audience)
class AudienceAdmin(TranslationAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name_ko", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Program)
class ProgramAdmin(PublishableAdmin):
    list_display = [
        "title",
        "organizer",
        "category",
        "application_opens_at",
        "application_closes_at",
        "status_badge",
        "featured",
    ]
    list_filter = ["status", "category", "featured", "organizer"]
    list_select_related = ["organizer", "category"]
    search_fields = ["title_ko", "title_en", "slug", "organizer__name_ko", "organizer__name_en"]
    prepopulated_fields = {"slug": ["title_en"]}
    autocomplete_fields = ["organizer", "co_organizers", "audiences", "category"]
    date_hierarchy = "application_closes_at"


@admin.register(Event)
class EventAdmin(PublishableAdmin):
    list_display = ["title", "organizer", "starts_at", "ends_at", "venue_name", "status_badge"]
    list_filter = ["status", "category", "organizer"]
    list_select_related = ["organizer", "category"]
    search_fields = ["title_ko", "title_en", "slug", "organizer__name_ko", "organizer__name_en"]
    prepopulated_fields = {"slug": ["title_en"]}
    autocomplete_fields = ["organizer", "co_hosts", "program", "category"]
    date_hierarchy = "starts_at"
