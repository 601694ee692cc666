"""The portal's admin site: its titles, the review list and the view-on-site redirect under the row-level rule."""

from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _


class PortalAdminSite(admin.AdminSite):
    site_header = site_title = _("Gwangju AI & Start-up Portal administration")
    index_title = _("Curate programs, events and partners")

    def index(self, request, extra_context=None):
        """The admin home opens on the editor's desk: what needs this editor today (gwangju_portal/desk.py)."""
        from .desk import desk

        return super().index(request, {"desk": desk(request.user), **(extra_context or {})})

    def get_urls(self):
        from . import addresses, editor_settings, review
        from . import admin as portal_admin  # imported late: it registers its parts with this very site

        own = [
            path("review/", self.admin_view(review.needs_review), name="needs_review"),
            path("addresses/", self.admin_view(addresses.address_request), name="address_request"),
            path("settings/", self.admin_view(editor_settings.editor_settings), name="editor_settings"),
            # Before Django's own redirect, which would name any record's address to any staff member.
            path("r/<int:content_type_id>/<path:object_id>/", self.admin_view(portal_admin.view_on_site)),
        ]
        return own + super().get_urls()
