"""What changes an application: asking for the link, saving a section, storing a file, submitting with a receipt,
withdrawing, deleting a draft. The deadline is judged by the server's clock at the moment the request arrived
(shared/DECISIONS.md): callers pass that moment, so a submission that waited for the database is not made late."""

import hashlib
import json
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import storages
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.attachments import KINDS, content_matches, extension_of
from core.mail import queue_email
from core.ratelimit import APPLICATION_LINKS, APPLICATION_LINKS_PER_ADDRESS
from programs.models import Program

from .models import OWNER, Application, ApplicationFile, ApplicationForm, QuestionKind, Submission
from .tokens import application_url

CHUNK = 64 * 1024


class Refused(Exception):
    """A change the application cannot take now; its message says why, in the applicant's language."""


# Asking for the link


def link_request(*, form, email, language, request):
    """Email the address a link to its application for this round (made on first asking). The same answer whether or
    not the address is known; past the limits per visitor and per address, nothing is sent."""
    email = email.strip().lower()
    over = APPLICATION_LINKS.count_request(request).over
    over = APPLICATION_LINKS_PER_ADDRESS.count(f"{form.pk}:{email}").over or over
    if over:
        return None
    with transaction.atomic():
        application, _created = Application.objects.get_or_create(
            form=form, email=email, defaults={"language": language}
        )
        if application.language != language:
            application.language = language
            application.save(update_fields=["language", "updated_at"])
        link_send(application)
    return application


def link_send(application):
    with translation.override(application.language):
        program = application.form.program
        context = {"application": application, "program": program, "url": application_url(application)}
        queue_email(
            application.email,
            f"application:{application.pk}:link:{uuid.uuid4().hex}",  # each request its own message
            gettext("Your application link: %(title)s") % {"title": program.title},
            render_to_string("applications/email/link.txt", context),
            owner=OWNER,
        )


# Drafts


def _editable(application, arrived_at):
    if application.erased_at or application.status == Application.Status.WITHDRAWN:
        raise Refused(_("This application was withdrawn or erased; it cannot change."))
    if application.version and not before_deadline(application, arrived_at):
        raise Refused(_("Applications for this round closed: your submitted application stays as it is."))


def applicant_save(*, application, cleaned, arrived_at):
    _editable(application, arrived_at)
    for name in ("name", "phone", "organisation", "stage", "founded_on", "business_number"):
        setattr(application, name, cleaned.get(name) or ("" if name != "founded_on" else None))
    application.consented_at = application.consented_at or arrived_at
    application.save()


def answers_save(*, application, answers, uploads, arrived_at):
    """Keep a section's answers (a draft: required ones may be empty) and its files."""
    _editable(application, arrived_at)
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        locked.answers = {**locked.answers, **answers}
        locked.save(update_fields=["answers", "updated_at"])
        for question, upload in uploads:
            file_store(application=locked, question=question, upload=upload)
    application.refresh_from_db()


def draft_delete(*, application):
    """The applicant deletes a draft that was never submitted, with its files."""
    if application.version:
        raise Refused(_("A submitted application is withdrawn, not deleted."))
    with transaction.atomic():
        names = list(application.files.values_list("stored_name", flat=True))
        application.delete()
        transaction.on_commit(lambda: [storages["private"].delete(name) for name in names])


# Files


def _check_upload(question, upload, application):
    """The file's type by its content (core.attachments), and the limits per file and per application."""
    extension = extension_of(upload.name)
    allowed = question.allowed_types
    if extension not in allowed or extension not in KINDS:
        raise Refused(_("Files of this type cannot be sent here. Allowed: %(types)s.") % {"types": ", ".join(allowed)})
    limit = min(question.max_megabytes * 1024 * 1024, settings.APPLICATION_FILE_MAX_BYTES)
    if upload.size > limit:
        raise Refused(
            _("The file is %(size)s; at most %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    kept = sum(application.files.exclude(question=question).values_list("size", flat=True))
    if kept + upload.size > settings.APPLICATION_TOTAL_MAX_BYTES:
        raise Refused(
            _("The files of one application can be at most %(limit)s together.")
            % {"limit": filesizeformat(settings.APPLICATION_TOTAL_MAX_BYTES)}
        )
    matches, label = content_matches(upload, extension), KINDS[extension][3]
    if not matches:
        raise Refused(_("The content of this file is not a %(kind)s file, whatever its name says.") % {"kind": label})
    return extension


def _sha256(upload):
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks(CHUNK):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def safe_name(name):
    """The file name as shown (never a path): its last part, without control characters, at most 150 characters."""
    last = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(character for character in last if character.isprintable()).strip(" .")
    return cleaned[-150:] or "file"


def file_store(*, application, question, upload):
    """Store one question's file under a generated name in the private storage, replacing the one it had."""
    extension = _check_upload(question, upload, application)
    stored = storages["private"].save(f"applications/{uuid.uuid4().hex}.{extension}", upload)
    old = list(application.files.filter(question=question).values_list("stored_name", flat=True))
    application.files.filter(question=question).delete()
    ApplicationFile.objects.create(
        application=application,
        question=question,
        stored_name=stored,
        original_name=safe_name(upload.name),
        extension=extension,
        size=upload.size,
        sha256=_sha256(upload),
    )
    transaction.on_commit(lambda: [storages["private"].delete(name) for name in old])


# Submitting


def before_deadline(application, arrived_at):
    """Whether a request that arrived at `arrived_at` is in time: a closing time of 18:00 makes 18:00:00 late. An
    application asked for a supplement may be submitted again until the end of the day it is due (Korea time)."""
    if application.status == Application.Status.SUPPLEMENT and application.supplement_due:
        return timezone.localtime(arrived_at).date() <= application.supplement_due
    closes = application.form.program.application_closes_at
    return closes is None or arrived_at < closes


def can_submit(application, now):
    """Whether the applicant's page offers to submit: the round takes applications, or a supplement is due."""
    if application.status in (Application.Status.WITHDRAWN, Application.Status.REVIEWING, Application.Status.RESULT):
        return False
    if application.status == Application.Status.SUPPLEMENT:
        return before_deadline(application, now)
    return application.form.takes_applications


def missing_answers(application):
    """[question or detail label] of what a submission still needs."""
    missing = [
        str(label)
        for name, label in (("name", _("name")), ("phone", _("phone")), ("stage", _("stage")))
        if not getattr(application, name)
    ]
    if not application.consented_at:
        missing.append(str(_("consent to the use of personal data")))
    with_file = set(application.files.values_list("question_id", flat=True))
    for question in application.form.questions.all():
        if not question.required:
            continue
        if question.kind == QuestionKind.FILE:
            if question.pk not in with_file:
                missing.append(question.label)
        elif application.answers.get(str(question.pk)) in (None, "", []):
            missing.append(question.label)
    return missing


def manifest_of(application, version, submitted_at):
    """The canonical manifest of a version: JSON with sorted keys and no spaces, in UTF-8; the receipt's SHA-256 is
    taken over exactly these bytes, so anyone can check it with the downloaded manifest."""
    questions = list(application.form.questions.all())
    files = {file.question_id: file for file in application.files.all()}
    data = {
        "receipt": application.receipt_number,
        "version": version,
        "submitted_at": timezone.localtime(submitted_at).isoformat(),
        "program": application.form.program.slug,
        "applicant": {
            "name": application.name,
            "email": application.email,
            "phone": application.phone,
            "organisation": application.organisation,
            "stage": application.stage,
            "founded_on": application.founded_on.isoformat() if application.founded_on else None,
            "business_number": application.business_number,
        },
        "answers": [
            {"question": question.pk, "label": question.label_ko, "answer": application.answers.get(str(question.pk))}
            for question in questions
            if question.kind != QuestionKind.FILE
        ],
        "files": [
            {
                "question": question.pk,
                "name": files[question.pk].original_name,
                "size": files[question.pk].size,
                "sha256": files[question.pk].sha256,
            }
            for question in questions
            if question.pk in files
        ],
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def receipt_number(application, submitted_at):
    """GJ-<year>-<six digits>: the year of the first submission and the application's own number, so two
    submissions at the same moment never take the same one."""
    return f"GJ-{timezone.localtime(submitted_at).year}-{application.pk:06d}"


def application_submit(*, application, arrived_at):
    """A new immutable version with its receipt, if the request arrived before the deadline and nothing required is
    missing; the receipt is emailed at once (transactional)."""
    form = application.form
    if not form.accepting or application.status == Application.Status.WITHDRAWN or application.erased_at:
        raise Refused(_("This application cannot be submitted."))
    if application.status in (Application.Status.REVIEWING, Application.Status.RESULT):
        raise Refused(_("This application is under review or decided: it cannot be submitted again."))
    if not before_deadline(application, arrived_at):
        raise Refused(_("Applications for this round closed before your submission arrived; your draft is kept."))
    opens = form.program.application_opens_at
    if opens and arrived_at < opens:
        raise Refused(_("Applications for this round are not open yet."))
    missing = missing_answers(application)
    if missing:
        raise Refused(_("Some required answers are missing: %(missing)s.") % {"missing": ", ".join(missing)})
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        locked.version += 1
        locked.receipt_number = locked.receipt_number or receipt_number(locked, arrived_at)
        locked.status = Application.Status.SUBMITTED
        locked.submitted_at = arrived_at
        manifest = manifest_of(locked, locked.version, arrived_at)
        locked.save()
        submission = Submission.objects.create(
            application=locked,
            version=locked.version,
            submitted_at=arrived_at,
            manifest=manifest,
            sha256=hashlib.sha256(manifest.encode()).hexdigest(),
        )
        receipt_send(locked, submission)
        received_count_refresh(form)
    application.refresh_from_db()
    return submission


def received_count_refresh(form):
    """The round's public count of applications (Program.applications_received), withdrawn ones left out."""
    Program.objects.filter(pk=form.program_id).update(applications_received=form.applications.submitted().count())


def receipt_send(application, submission):
    with translation.override(application.language):
        context = {
            "application": application,
            "program": application.form.program,
            "submission": submission,
            "url": application_url(application),
        }
        queue_email(
            application.email,
            f"application:{application.pk}:receipt:{submission.version}",
            gettext("Application received: %(receipt)s") % {"receipt": application.receipt_number},
            render_to_string("applications/email/receipt.txt", context),
            owner=OWNER,
        )


def application_withdraw(*, application, arrived_at):
    if application.status == Application.Status.WITHDRAWN:
        return application
    if not before_deadline(application, arrived_at):
        raise Refused(_("Applications for this round closed: a submitted application can no longer be withdrawn."))
    application.status = Application.Status.WITHDRAWN
    application.withdrawn_at = arrived_at
    application.save(update_fields=["status", "withdrawn_at", "updated_at"])
    received_count_refresh(application.form)
    return application


# Erasure


@transaction.atomic
def applications_erase(applications, now=None):
    """Erase the personal data and files of these applications; the rows stay, as counts of their round. Returns how
    many were erased."""
    now = now or timezone.now()
    erased = 0
    for application in applications.select_for_update():
        names = list(application.files.values_list("stored_name", flat=True))
        application.files.all().delete()
        application.submissions.update(manifest="")
        application.name = application.phone = application.organisation = application.business_number = ""
        application.email = f"erased-{application.pk}@invalid"
        application.founded_on, application.answers, application.erased_at = None, {}, now
        application.save()
        transaction.on_commit(lambda names=names: [storages["private"].delete(name) for name in names])
        erased += 1
    return erased


# Forms


def form_copy_previous(*, form):
    """The questions (and introduction) of the form of the family's previous round, copied into an empty form."""
    previous = form.program.previous_round
    source = getattr(previous, "application_form", None) if previous else None
    if source is None:
        raise Refused(_("The previous round has no application form to copy."))
    if form.questions.exists():
        raise Refused(_("This form already has questions: nothing was copied."))
    with transaction.atomic():
        for question in source.questions.all():
            question.pk, question.form = None, form
            question.save()
        if not form.introduction_ko:
            form.introduction_ko, form.introduction_en = source.introduction_ko, source.introduction_en
            form.save()
    return form


# The institute's side


STATE_NEWS = {
    Application.Status.REVIEWING: _("Your application is being reviewed."),
    Application.Status.SUPPLEMENT: _("The institute asks you to complete your application: %(reason)s (by %(due)s)."),
    Application.Status.RESULT: _("The result of this round is published: the institute writes to you about it."),
    Application.Status.SUBMITTED: _("Your application is back to submitted."),
}


def status_change(*, application, status, reason="", due=None):
    """Staff move an application on (검토 중, 보완 요청 with a reason and a date, 결과 발표); the applicant is emailed
    in their language at once (transactional: never held for quiet hours)."""
    if status == Application.Status.SUPPLEMENT and not (reason.strip() and due):
        raise Refused(_("A supplement request needs a reason and a date."))
    if status in (Application.Status.DRAFT, Application.Status.WITHDRAWN) or not application.version:
        raise Refused(_("Only a submitted application can move on."))
    application.status = status
    application.supplement_reason = reason.strip() if status == Application.Status.SUPPLEMENT else ""
    application.supplement_due = due if status == Application.Status.SUPPLEMENT else None
    application.save(update_fields=["status", "supplement_reason", "supplement_due", "updated_at"])
    status_send(application)
    return application


def status_send(application):
    with translation.override(application.language):
        due = application.supplement_due.isoformat() if application.supplement_due else ""
        news = str(STATE_NEWS[application.status]) % {"reason": application.supplement_reason, "due": due}
        context = {
            "application": application,
            "program": application.form.program,
            "news": news,
            "url": application_url(application),
        }
        queue_email(
            application.email,
            f"application:{application.pk}:status:{application.status}:{uuid.uuid4().hex[:8]}",
            gettext("%(state)s: %(receipt)s")
            % {"state": application.get_status_display(), "receipt": application.receipt_number},
            render_to_string("applications/email/status.txt", context),
            owner=OWNER,
        )


def results_publish(*, form, now=None):
    """The round's results are out: every submitted application moves to 결과 발표 (each applicant emailed), and the
    retention period starts."""
    now = now or timezone.now()
    for application in form.applications.submitted().exclude(status=Application.Status.RESULT):
        status_change(application=application, status=Application.Status.RESULT)
    form.results_published_at = now
    form.save(update_fields=["results_published_at", "updated_at"])


def expired_applications_erase(now=None):
    """The daily job: the personal data and files of applications whose round published its results longer ago than
    the round keeps them, and of drafts never submitted once the round has closed that long ago."""
    now = now or timezone.now()
    erased = 0
    for form in ApplicationForm.objects.filter(applications__erased_at__isnull=True).distinct():
        started = form.results_published_at or form.program.application_closes_at
        if started and started + timedelta(days=form.retention_days) <= now:
            erased += applications_erase(form.applications.filter(erased_at__isnull=True), now)
    return erased
