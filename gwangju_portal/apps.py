from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The site layer: settings, root URLs, home, site-wide search, open data, sitemaps and the admin site."""

    name = "gwangju_portal"
    default = True
    verbose_name = _("Portal")


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the portal's own site (gwangju_portal.admin_site)."""

    default = False  # named in INSTALLED_APPS in place of django.contrib.admin
    default_site = "gwangju_portal.admin_site.PortalAdminSite"
