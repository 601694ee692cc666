"""The addresses registrations keep (core.holders): a registrant's details until they are erased, 30 days after the
event or after a cancellation."""

from core.holders import Holder

from .models import OWNER, Registration
from .services import registrations_erase


def held(addresses):
    registrations = Registration.objects.filter(email__in=addresses, erased_at__isnull=True)
    return set(registrations.values_list("email", flat=True))


def found(address):
    registrations = Registration.objects.filter(email=address, erased_at__isnull=True).select_related("event")
    rows = [
        {
            "event": str(registration.event),
            "status": registration.status,
            "name": registration.name,
            "email": registration.email,
            "phone": registration.phone,
            "organisation": registration.organisation,
            "business_years": registration.business_years,
            "registered_at": registration.created_at.isoformat(),
        }
        for registration in registrations
    ]
    return [("registrations", rows)]


def erase(address):
    return registrations_erase(Registration.objects.filter(email=address, erased_at__isnull=True))


HOLDER = Holder(app=OWNER, held=held, found=found, erase=erase)
