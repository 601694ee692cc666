from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.roles import CITY_EDITORS, PARTNER_EDITORS


class AlertsConfig(AppConfig):
    """Email alerts without an account: saved searches, confirmed by email, sent by the background worker."""

    name = "alerts"
    verbose_name = _("Alerts")

    # Staff see how many people saved each search, never who.
    role_permissions = {
        CITY_EDITORS: [("alerts", "savedsearch", ["view"]), ("alerts", "followedprogram", ["view"])],
        PARTNER_EDITORS: [("alerts", "savedsearch", ["view"]), ("alerts", "followedprogram", ["view"])],
    }

    def ready(self):
        from core.extensions import PageAction, page_action_register
        from core.holders import holder_register

        from .holders import HOLDER
        from .searches import follow_url, new_alert_url

        holder_register(HOLDER)
        page_action_register("catalogue", PageAction(_("Email me new programs like these"), new_alert_url))
        page_action_register("program", PageAction(_("Follow: reminders and changes by email"), follow_url))
        page_action_register("institute", PageAction(_("Follow this institute's new programs"), follow_url))
