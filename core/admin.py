from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from gwangju_portal.roles import is_city_editor  # moves into core with the layers issue

from .models import Revision
from .revisions import field_diff


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    """Read-only: every staff member sees the revisions they proposed; the city's editors see all of them and decide
    on the review list."""

    list_display = ["title", "content_type", "state", "author", "updated_at", "reviewer", "reason"]
    list_filter = ["state", "content_type"]
    list_select_related = ["content_type", "author", "reviewer"]
    search_fields = ["title", "reason"]
    fields = [
        "title",
        "content_type",
        "state",
        "author",
        "created_at",
        "updated_at",
        "reviewer",
        "reviewed_at",
        "reason",
        "diff",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if is_city_editor(request.user) else queryset.filter(author=request.user)

    @admin.display(description=_("proposed changes"))
    def diff(self, revision):
        return format_html_join(
            "", "<p><strong>{}</strong>: {} → {}</p>", field_diff(revision.record, revision.changes)
        )

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and (
            obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
