from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _

from .roles import CITY_EDITORS


class CoreConfig(AppConfig):
    """The shared core: what every app builds on, importing no app of the portal."""

    name = "core"
    verbose_name = _("Review")

    # What the curation groups may do outside the apps: city editors manage staff accounts (core.roles).
    # City editors also keep the search's equivalent terms and read the email delivery log.
    role_permissions = {
        CITY_EDITORS: [
            ("auth", "user", ["view", "add", "change"]),
            ("core", "equivalentterms", ["view", "add", "change", "delete"]),
            ("core", "emaildelivery", ["view"]),
            ("core", "addressrequest", ["view"]),
        ]
    }

    def ready(self):
        from . import checks  # noqa: F401 - registers the deployment checks
        from .generation import after_migrate, on_content_change, on_equivalents_change
        from .roles import roles_sync
        from .search import search_documents_sync

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(on_content_change, dispatch_uid=f"portal-content-{signal}")
        for signal in (post_save, post_delete):
            signal.connect(on_equivalents_change, sender="core.EquivalentTerms", dispatch_uid=f"portal-terms-{signal}")
        post_migrate.connect(roles_sync, dispatch_uid="portal-roles-sync")
        post_migrate.connect(search_documents_sync, dispatch_uid="portal-search-documents")
        post_migrate.connect(after_migrate, dispatch_uid="portal-generation-after-migrate")
