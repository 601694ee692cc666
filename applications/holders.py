"""The addresses applications keep (core.holders): an applicant's details and files until they are erased, after the
period the round states from its result, or when the applicant deletes a draft; and a reviewer's name, affiliation
and account, whose erasure keeps their scores under their code (the institute's evaluation record)."""

from core.holders import Holder

from .models import OWNER, Application, Reviewer


def held(addresses):
    applications = Application.objects.filter(email__in=addresses, erased_at__isnull=True)
    reviewers = Reviewer.objects.filter(user__email__in=addresses)
    return set(applications.values_list("email", flat=True)) | set(reviewers.values_list("user__email", flat=True))


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
    reviewers = [
        {
            "code": reviewer.code,
            "name": reviewer.name,
            "affiliation": reviewer.affiliation,
            "email": reviewer.user.email,
            "invited_by": str(reviewer.institute),
            "assignments": reviewer.assignments.count(),
            "declarations": reviewer.declarations.count(),
        }
        for reviewer in Reviewer.objects.filter(user__email=address).select_related("user", "institute")
    ]
    return [("applications", rows), ("reviewers", reviewers)]


def erase(address):
    from .reviewer_accounts import reviewer_erase
    from .services import applications_erase

    erased = applications_erase(Application.objects.filter(email=address, erased_at__isnull=True))
    for reviewer in Reviewer.objects.filter(user__email=address).select_related("user"):
        reviewer_erase(reviewer=reviewer)
        erased += 1
    return erased


HOLDER = Holder(app=OWNER, held=held, found=found, erase=erase)
