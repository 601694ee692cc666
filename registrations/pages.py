"""The "register" action on an event's public page (core.extensions). The page is cached, so its seat count may lag
by the cache's refresh and says "about"; the registration page shows the exact number."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from programs.models import RegistrationMode

from .services import seats_free


def _seats_free(event):
    if not hasattr(event, "_seats_free"):
        event._seats_free = seats_free(event)
    return event._seats_free


def register_link(event, request):
    if event.registration_mode != RegistrationMode.PORTAL or event.is_past:
        return None
    return reverse("registrations:register", args=[event.slug])


def register_label(event):
    state = event.registration_state()
    if state == "closed":
        return _("Registration closed")
    if state == "not_yet":
        return _("Registration opens soon: see when")
    seats = _seats_free(event)
    if seats <= 0:
        return _("Full: join the waiting list")
    return ngettext("Register (about %(seats)s seat left)", "Register (about %(seats)s seats left)", seats) % {
        "seats": seats
    }
