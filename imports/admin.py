"""The national import for city editors: each run with what it found, changed and failed; and each notice linked to
a program, where the uncertain matches wait to be confirmed or split into a program of their own."""

from datetime import datetime

from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import CityOnlyAdminMixin
from programs.models import ProgramSource

from .models import ImportRun
from .services import match_confirm, match_split


class ReadOnlyAdmin(CityOnlyAdminMixin, admin.ModelAdmin):
    """What the import writes: city editors read it and act on it through actions, never by a form."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = ["source", "started_at", "outcome", "created", "updated", "unchanged", "failed", "archived", "calls"]
    list_filter = ["source", "outcome"]

    def has_change_permission(self, request, obj=None):
        return False  # runs come from the schedule or `manage.py import_notices`


def day(moment):
    return date_format(timezone.localtime(moment), "DATE_FORMAT") if moment else _("not set")


@admin.register(ProgramSource)
class ProgramSourceAdmin(ReadOnlyAdmin):
    list_display = ["notice", "notice_title", "program_link", "organisers", "closing_days", "match"]
    list_filter = ["match", "source"]
    list_select_related = ["program", "program__organizer"]
    search_fields = ["source_id", "program__title_ko", "organiser_name"]
    actions = ["confirm", "split"]

    def has_change_permission(self, request, obj=None):
        return False  # the import keeps these in step; editors change the program itself

    def has_match_permission(self, request):
        """Confirming or splitting a match: the city's editors, who see these links."""
        return self.has_view_permission(request)

    @admin.display(description=_("notice at the source"), ordering="source_id")
    def notice(self, link):
        return format_html(
            '<a href="{}" rel="noopener">{} {}</a>', link.source_url, link.get_source_display(), link.source_id
        )

    @admin.display(description=_("title at the source"))
    def notice_title(self, link):
        return link.imported.get("title_ko", "")

    @admin.display(description=_("program"), ordering="program__title_ko")
    def program_link(self, link):
        url = reverse("admin:programs_program_change", args=[link.program_id])
        return format_html('<a href="{}">{}</a>', url, link.program.title_ko)

    @admin.display(description=_("organiser: source / program"))
    def organisers(self, link):
        return f"{link.organiser_name or '-'} / {link.program.organizer.display_name}"

    @admin.display(description=_("closing day: source / program"))
    def closing_days(self, link):
        closes = link.imported.get("application_closes_at")
        return f"{day(datetime.fromisoformat(closes) if closes else None)} / {day(link.program.application_closes_at)}"

    @admin.action(description=_("Confirm the selected matches"), permissions=["match"])
    def confirm(self, request, queryset):
        count = match_confirm(queryset)
        self.message_user(
            request,
            ngettext("%(count)d match is confirmed.", "%(count)d matches are confirmed.", count) % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Split the selected notices into programs of their own"), permissions=["match"])
    def split(self, request, queryset):
        links = list(queryset.filter(match=ProgramSource.Match.UNSURE))
        for link in links:
            program = match_split(link)
            self.log_change(request, link, _("Split into its own program “%(title)s”.") % {"title": program})
        self.message_user(
            request,
            ngettext(
                "%(count)d notice is now a program of its own.",
                "%(count)d notices are now programs of their own.",
                len(links),
            )
            % {"count": len(links)},
            messages.SUCCESS,
        )
