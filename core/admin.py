from django.apps import apps
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from gwangju_portal.roles import is_city_editor  # moves into core with the layers issue

from .models import Revision
from .revisions import field_diff, revision_approve


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

    actions = ["approve_selected"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not is_city_editor(request.user):
            actions.pop("approve_selected", None)
        return actions

    @admin.action(description=_("Approve selected changes and publish them"))
    def approve_selected(self, request, queryset):
        """Several revisions at once, as after a partner editor's bulk edit of live records."""
        if not is_city_editor(request.user):
            raise PermissionDenied
        pending = list(queryset.pending())
        for revision in pending:
            revision_approve(revision=revision, reviewer=request.user, attachment_model=self.attachment_model())
        message = ngettext(
            "%(count)d revision approved; its changes are live.",
            "%(count)d revisions approved; their changes are live.",
            len(pending),
        )
        self.message_user(request, message % {"count": len(pending)}, messages.SUCCESS)

    @staticmethod
    def attachment_model():
        return apps.get_model("programs", "Attachment")  # named, not imported: the core imports no app

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
