"""Template tags of the programs app, for its own pages and for pages of the layers above and below it."""

from django import template
from django.db.models import Q

from core.attachments import kind_label

from ..models import Event, Program

register = template.Library()


@register.filter
def attachment_kind(extension):
    return kind_label(extension)


@register.inclusion_tag("programs/includes/partner_activity.html")
def partner_activity(partner):
    """An institute's programs and events (organized or co-organized), for its page: the partners app shows them
    through this tag, so it never imports this app."""
    programs = Program.objects.published().filter(
        Q(organizer=partner) | Q(pk__in=partner.co_organized_programs.values("pk"))
    )
    events = Event.objects.published().filter(Q(organizer=partner) | Q(pk__in=partner.co_hosted_events.values("pk")))
    return {
        "programs": programs.select_related("organizer", "category").prefetch_related("audiences").by_deadline()[:50],
        "upcoming_events": events.select_related("organizer").upcoming()[:20],
        "past_events": events.select_related("organizer").past()[:10],
    }
