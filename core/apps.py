from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The shared core: what every app builds on, importing no app of the portal."""

    name = "core"
    verbose_name = _("Review")
