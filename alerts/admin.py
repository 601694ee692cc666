"""What staff see of alerts: numbers, never addresses. The most saved searches are a demand signal for planning
programs; city editors read deliveries in the core's delivery log."""

from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdminMixin

from .models import Alert, FollowedProgram, SavedSearch
from .searches import describe


@admin.register(SavedSearch)
class SavedSearchAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["in_words", "people"]
    list_display_links = None
    search_fields = ["query"]

    def get_queryset(self, request):
        confirmed = Q(alerts__confirmed_at__isnull=False, alerts__paused=False)
        return (
            super().get_queryset(request)
            .annotate(people=Count("alerts", filter=confirmed))
            .filter(people__gt=0)
            .order_by("-people", "query")
        )  # fmt: skip

    @admin.display(description=_("search"))
    def in_words(self, search):
        return " · ".join(f"{label}: {value}" for label, value in describe(search.query)) or _("All programs")

    @admin.display(description=_("people with this alert"), ordering="people")
    def people(self, search):
        return search.people


@admin.register(FollowedProgram)
class FollowedProgramAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """How many people follow each program: a partner editor sees their own institutes' programs only."""

    list_display = ["title", "organizer", "followers"]
    list_display_links = None
    search_fields = ["title_ko", "title_en"]

    def get_queryset(self, request):
        followers = (
            Alert.objects.filter(program=OuterRef("pk"), confirmed_at__isnull=False)
            .values("program")
            .annotate(count=Count("pk"))
            .values("count")
        )
        programs = (
            super().get_queryset(request)
            .select_related("organizer")
            .annotate(followers=Coalesce(Subquery(followers, output_field=IntegerField()), 0))
            .filter(followers__gt=0)
            .order_by("-followers", "pk")
            .editable_by(request.user)
        )  # fmt: skip
        return programs

    @admin.display(description=_("followers"), ordering="followers")
    def followers(self, program):
        return program.followers
