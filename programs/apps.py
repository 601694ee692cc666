from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.roles import CITY_EDITORS, PARTNER_EDITORS


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Programs and events")
    # (app label, model, actions) for each curation group (core.roles). Publishing is a permission of its own.
    # Partner editors do not delete: deleting archives published records, and archiving is the city's.
    role_permissions = {
        CITY_EDITORS: [
            ("programs", "program", ["view", "add", "change", "delete", "publish"]),
            ("programs", "event", ["view", "add", "change", "delete", "publish"]),
            ("programs", "attachment", ["view", "add", "change", "delete"]),
            ("programs", "suggestion", ["view", "change", "delete"]),
            ("programs", "programsource", ["view"]),
            ("programs", "category", ["view", "add", "change"]),
            ("programs", "audience", ["view", "add", "change"]),
            ("programs", "technology", ["view", "add", "change"]),
        ],
        PARTNER_EDITORS: [
            ("programs", "program", ["view", "add", "change"]),
            ("programs", "event", ["view", "add", "change"]),
            ("programs", "attachment", ["view", "add", "change", "delete"]),
            ("programs", "category", ["view"]),
            ("programs", "audience", ["view"]),
            ("programs", "technology", ["view"]),
        ],
    }

    def ready(self):
        from core.holders import holder_register

        from . import signals
        from .holders import HOLDER

        signals.connect()
        holder_register(HOLDER)
