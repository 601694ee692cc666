"""Change-list filters of institutes that the editor's desk links to (gwangju_portal/desk.py)."""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.admin_filters import ConditionFilter, live

from .models import Partner

QUIET_DAYS = 90


def quiet(now):
    """Live institutes that have published no program and no event for three months. The programs and events are
    reached through the relations the apps above declare, so that this app imports none of them."""
    since = now - timedelta(days=QUIET_DAYS)
    recent = {
        name: Partner._meta.get_field(name).related_model.objects.filter(
            organizer=OuterRef("pk"), published_at__gte=since
        )
        for name in ("programs", "events")
    }
    return live(now) & ~Exists(recent["programs"]) & ~Exists(recent["events"])


class QuietFilter(ConditionFilter):
    title = _("activity")
    parameter_name = "activity"
    conditions = {
        "quiet": (
            ngettext_lazy("Nothing published for %(days)d day", "Nothing published for %(days)d days", "days")
            % {"days": QUIET_DAYS},
            quiet,
        )
    }


def without_contact(now):
    """Institutes a founder cannot reach through the portal: no phone, email, address or website entered."""
    empty = Q()
    for name in ("phone", "email", "address_ko", "address_en", "website"):
        empty &= Q(**{name: ""}) | Q(**{f"{name}__isnull": True})
    return empty


class ContactFilter(ConditionFilter):
    title = _("contact")
    parameter_name = "contact"
    conditions = {"missing": (_("No phone, email, address or website"), without_contact)}
