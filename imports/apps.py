from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.roles import CITY_EDITORS


class ImportsConfig(AppConfig):
    """National notices for Gwangju (K-Startup, 기업마당) imported into the catalogue and kept in step."""

    name = "imports"
    verbose_name = _("National notices")

    role_permissions = {CITY_EDITORS: [("imports", "importrun", ["view"])]}
