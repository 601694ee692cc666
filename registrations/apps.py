from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.roles import CITY_EDITORS, PARTNER_EDITORS


class RegistrationsConfig(AppConfig):
    """Registration for events on the portal: seats, a fair waiting list, tickets, reminders and check-in."""

    name = "registrations"
    verbose_name = _("Registrations")

    # Partner editors manage the registrants of their own institutes' events (Registration.institute_path).
    role_permissions = {
        CITY_EDITORS: [("registrations", "registration", ["view", "add", "change"])],
        PARTNER_EDITORS: [("registrations", "registration", ["view", "add", "change"])],
    }

    def ready(self):
        from django.db.models.signals import post_save

        from core.extensions import PageAction, page_action_register
        from core.holders import holder_register
        from programs.models import Event

        from .holders import HOLDER
        from .pages import register_label, register_link
        from .services import event_saved

        holder_register(HOLDER)
        page_action_register("event", PageAction(register_label, register_link, primary=True))
        post_save.connect(event_saved, sender=Event, dispatch_uid="registrations.event_saved")
