from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.roles import CITY_EDITORS, PARTNER_EDITORS


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partner institutes")
    # (app label, model, actions) for each curation group (core.roles). Partner editors change only their own
    # institute's profile (the row-level rule), never an agreement.
    role_permissions = {
        CITY_EDITORS: [
            ("partners", "partner", ["view", "add", "change", "delete"]),
            ("partners", "agreement", ["view", "add", "change", "delete"]),
        ],
        PARTNER_EDITORS: [("partners", "partner", ["view", "change"])],
    }
