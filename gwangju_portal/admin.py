from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .publishing import Status


class PublishableAdmin(TranslationAdmin):
    """Shared admin for records with a publishing status."""

    list_filter = ["status"]
    readonly_fields = ["created_at", "updated_at"]
    list_per_page = 50
    save_on_top = True

    class Media:
        css = {"all": ["portal/admin.css"]}

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        label = obj.get_status_display()
        if obj.status == Status.PUBLISHED and obj.published_at and obj.published_at > timezone.now():
            label = _("Scheduled")
        return format_html('<span class="portal-status portal-status-{}">{}</span>', obj.status, label)
