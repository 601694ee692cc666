"""The addresses applications keep (core.holders): an applicant's details and files until they are erased, after the
period the round states from its result, or when the applicant deletes a draft."""

from core.holders import Holder

from .models import OWNER, Application


def held(addresses):
    applications = Application.objects.filter(email__in=addresses, erased_at__isnull=True)
    return set(applications.values_list("email", flat=True))


def found(address):
    applications = Application.objects.filter(email=address, erased_at__isnull=True).select_related("form__program")
    rows = [
        {
            "program": str(application.form.program),
            "status": application.status,
            "receipt": application.receipt_number,
            "name": application.name,
            "email": application.email,
            "phone": application.phone,
            "organisation": application.organisation,
            "files": list(application.files.values_list("original_name", flat=True)),
        }
        for application in applications
    ]
    return [("applications", rows)]


def erase(address):
    from .services import applications_erase

    return applications_erase(Application.objects.filter(email=address, erased_at__isnull=True))


HOLDER = Holder(app=OWNER, held=held, found=found, erase=erase)
