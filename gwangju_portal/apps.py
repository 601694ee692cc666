from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The site layer: settings, root URLs, home, site-wide search, open data, sitemaps and the admin site."""

    name = "gwangju_portal"
    verbose_name = _("Portal")
