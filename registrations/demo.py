"""Registration on the portal for one sample event under `make run`, with a few sample registrants (labelled as
samples, at example.org addresses that receive nothing)."""

from datetime import timedelta

from django.utils import timezone

from programs.demo import SAMPLE_SLUG_PREFIX
from programs.models import Event, RegistrationMode

from .models import BusinessYears, Registration

SAMPLE_REGISTRANTS = [
    ("[샘플] 김광주", "sample-registrant-1@example.org", "[샘플] 광주 AI 스타트업", BusinessYears.UNDER_3),
    ("[샘플] 이빛고을", "sample-registrant-2@example.org", "[샘플] 빛고을 랩", BusinessYears.NOT_YET),
    ("[Sample] Alex Kim", "sample-registrant-3@example.org", "[Sample] Mudeung Robotics", BusinessYears.UNDER_7),
    ("[샘플] 박무등", "sample-registrant-4@example.org", "", ""),
]


def sample_registration_create():
    """Opens registration on the portal for the next sample event a week or more away; returns it, or None when one
    is already open or no sample event fits."""
    samples = Event.objects.published().filter(slug__startswith=SAMPLE_SLUG_PREFIX)
    if samples.registering_on_portal().exists():
        return None
    now = timezone.now()
    event = samples.filter(starts_at__gte=now + timedelta(days=8)).order_by("starts_at").first()
    if event is None:
        return None
    Event.objects.filter(pk=event.pk).update(
        registration_mode=RegistrationMode.PORTAL, capacity=30, overbooking_percent=10, registration_url=""
    )
    for position, (name, email, organisation, years) in enumerate(SAMPLE_REGISTRANTS):
        Registration.objects.create(
            event=event,
            name=name,
            email=email,
            organisation=organisation,
            business_years=years,
            language="ko",
            queued_at=now + timedelta(seconds=position),
            checked_in_at=None,
        )
    return event
