"""schema.org descriptions of events and programs, for search engines (JSON-LD)."""

from django.utils import timezone

from core.site import absolute_url


def _organization(partner, request):
    data = {"@type": "Organization", "name": str(partner)}
    if partner.is_public:
        data["url"] = absolute_url(partner.get_absolute_url())
    return data


def event_jsonld(event, request):
    online, offline = bool(event.online_url), bool(event.venue_name or event.venue_address)
    mode = "Mixed" if online and offline else "Online" if online else "Offline"
    locations = []
    if offline:
        locations.append(
            {"@type": "Place", "name": event.venue_name, "address": event.venue_address or event.venue_name}
        )
    if online:
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary or event.title,
        "startDate": timezone.localtime(event.starts_at).isoformat(),
        "endDate": timezone.localtime(event.ends_at).isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": f"https://schema.org/{mode}EventAttendanceMode",
        "organizer": _organization(event.organizer, request),
        "url": absolute_url(event.get_absolute_url()),
    }
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    if event.registration_url:
        data["offers"] = {"@type": "Offer", "url": event.registration_url, "price": 0, "priceCurrency": "KRW"}
    return data


def program_jsonld(program, request, audiences):
    """schema.org's GovernmentService for a program; `audiences`: its audience tags (read once for its page)."""
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": program.title,
        "description": program.summary or program.title,
        "serviceType": str(program.category),
        "provider": _organization(program.organizer, request),
        "areaServed": {"@type": "City", "name": "Gwangju"},
        "url": absolute_url(program.get_absolute_url()),
    }
    audiences = [str(audience) for audience in audiences]
    if audiences:
        data["audience"] = [{"@type": "Audience", "audienceType": name} for name in audiences]
    if program.apply_url:
        data["availableChannel"] = {"@type": "ServiceChannel", "serviceUrl": program.apply_url}
    return data
