from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "gwangju_portal"
    verbose_name = _("Portal")

    def ready(self):
        from . import checks  # noqa: F401 - registers the deployment checks
        from .generation import on_content_change

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(on_content_change, dispatch_uid=f"portal-content-{signal}")
