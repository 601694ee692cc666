"""Template tags of the programs app, for its own pages and for pages of the layers above and below it."""

from django import template
from django.db.models import Count, F, Q

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


@register.simple_tag
def with_portal_activity(partners):
    """The institutes given, each with `portal_programs` and `portal_events`: how many published programs and events
    it organizes or co-organizes, for the directory's line on what an institute runs (four queries for any number)."""
    partners = list(partners)
    ids = [partner.pk for partner in partners]
    counts = {}
    for model, co_relation, attribute in (
        (Program, Program.co_organizers, "portal_programs"),
        (Event, Event.co_hosts, "portal_events"),
    ):
        published = model.objects.published()
        organized = published.filter(organizer__in=ids).values_list("organizer").annotate(n=Count("pk")).order_by()
        joined = co_relation.through.objects.filter(partner__in=ids, **{f"{model._meta.model_name}__in": published})
        # A co-organizer that is also the organizer counts once.
        joined = joined.exclude(**{f"{model._meta.model_name}__organizer": F("partner")})
        co = joined.values_list("partner").annotate(n=Count("pk")).order_by()
        for partner_id, n in [*organized, *co]:
            counts[partner_id, attribute] = counts.get((partner_id, attribute), 0) + n
    for partner in partners:
        partner.portal_programs = counts.get((partner.pk, "portal_programs"), 0)
        partner.portal_events = counts.get((partner.pk, "portal_events"), 0)
    return partners
