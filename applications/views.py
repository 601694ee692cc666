"""The applicant's pages, reached without an account: ask for a link, then the application behind the signed link
(details, one section at a time, files, submit, receipt, withdraw). None is ever cached: each is one person's. The
moment a request arrived is read first, before any wait for the database, and decides the deadline."""

from functools import wraps

from django.contrib import messages
from django.core.files.storage import storages
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.attachments import content_type
from core.numbers import parse_id
from core.ratelimit import APPLICATION_LINKS_PER_ADDRESS
from programs.models import Program

from . import decisions, services
from .forms import AppealForm, ApplicantForm, AskForm, SectionForm
from .models import Application, ApplicationFile, ApplicationForm
from .sections import sections_of
from .tokens import LINK_VALID, BadLink, ExpiredLink, token_read


def _form_of_program(slug):
    program = get_object_or_404(Program.objects.published(), slug=slug)
    form = ApplicationForm.objects.filter(program=program, accepting=True).first()
    if form is None:
        raise Http404
    return form


@never_cache
def ask(request, slug):
    """신청하기: the address to send the link to. The same answer whether or not it is known."""
    form = _form_of_program(slug)
    ask_form = AskForm(request.POST or None)
    context = {"form": form, "program": form.program, "ask_form": ask_form, "days": LINK_VALID.days}
    if not form.takes_applications:
        return render(request, "applications/not_open.html", context, status=409)
    if request.method == "POST" and ask_form.is_valid():
        services.link_request(form=form, email=ask_form.cleaned_data["email"], language=get_language(), request=request)
        return render(request, "applications/link_sent.html", context)
    return render(request, "applications/ask.html", context, status=400 if ask_form.errors else 200)


def _application_of(application_id, is_address):
    application = (
        Application.objects.select_related("form__program__organizer").filter(pk=parse_id(application_id)).first()
    )
    return application if application is not None and is_address(application.email) else None


def with_application(view):
    """Reads the link: the application it names, if the address still matches; else the page that explains. With an
    expired link, what was typed into a section is kept (unsaved) and a fresh link goes to the address."""

    @wraps(view)
    def wrapped(request, token, *args, **kwargs):
        arrived_at = timezone.now()  # before anything can wait: the deadline is judged by this moment
        try:
            application = _application_of(*token_read(token))
        except ExpiredLink as expired:
            application = _application_of(expired.application_id, expired.is_address)
            if application is None:
                return render(request, "applications/bad_link.html", {"days": LINK_VALID.days}, status=400)
            return expired_link(request, application, kwargs.get("number"))
        except BadLink:
            application = None
        if application is None:
            return render(request, "applications/bad_link.html", {"days": LINK_VALID.days}, status=400)
        return view(request, application, token, arrived_at, *args, **kwargs)

    return wrapped


def expired_link(request, application, number):
    """The link is too old. A section's answers sent with it are kept aside (never saved unseen), and a fresh link
    goes to the application's own address, so that opening it confirms the address; the page says so."""
    kept = False
    if request.method == "POST" and number is not None:
        typed = {key: request.POST.getlist(key) for key in request.POST if key not in ("csrfmiddlewaretoken", "next")}
        application.pending = {"section": number, "data": typed}
        application.save(update_fields=["pending", "updated_at"])
        kept = True
    if (
        request.method == "POST"
        and not APPLICATION_LINKS_PER_ADDRESS.count(f"{application.form_id}:{application.email}").over
    ):
        services.link_send(application)
    context = {"application": application, "program": application.form.program, "kept": kept, "days": LINK_VALID.days}
    return render(request, "applications/expired.html", context, status=401 if request.method == "POST" else 200)


def _page(request, application, token, status=200, **extra):
    sections = sections_of(application)
    context = {
        "application": application,
        "program": application.form.program,
        "token": token,
        "sections": sections,
        "files": {file.question_id: file for file in application.files.all()},
        "submissions": list(application.submissions.all()),
        "missing": services.missing_answers(application) if application.status == Application.Status.DRAFT else [],
        "open": services.can_submit(application, timezone.now()),
        "eligibility": application.eligibility(),
        "appeals": list(application.appeals.all()),
        "appeal_form": AppealForm() if decisions.may_appeal(application) else None,
        **extra,
    }
    return render(request, "applications/application.html", context, status=status)


@never_cache
@with_application
def application_page(request, application, token, arrived_at):
    return _page(request, application, token)


@never_cache
@with_application
def section_page(request, application, token, arrived_at, number):
    """One section (0: the applicant's details and consent). POST saves it as a draft, answers kept on errors."""
    sections = sections_of(application)
    if number < 0 or number > len(sections):
        raise Http404
    files = {file.question_id: file for file in application.files.all()}
    data = request.POST or None
    restoring = request.method == "GET" and application.pending.get("section") == number
    if restoring:  # typed with the expired link: shown again, bound, for the applicant to check and save
        data = QueryDict(mutable=True)
        for key, values in application.pending.get("data", {}).items():
            data.setlist(key, values)
        messages.info(
            request, gettext("What you typed with your expired link is below, not saved yet: check it and save.")
        )
    if number == 0:
        form = ApplicantForm(data, instance=application)
    else:
        questions = sections[number - 1].questions
        form = SectionForm(questions, data, request.FILES or None, answers=application.answers, kept_files=files)
    context = {
        "application": application,
        "program": application.form.program,
        "token": token,
        "form": form,
        "number": number,
        "sections": sections,
        "section": sections[number - 1] if number else None,
    }
    if request.method == "POST" and form.is_valid():
        try:
            if number == 0:
                services.applicant_save(application=application, cleaned=form.cleaned_data, arrived_at=arrived_at)
            else:
                services.answers_save(
                    application=application, answers=form.answers(), uploads=form.uploads(), arrived_at=arrived_at
                )
        except services.Refused as refusal:
            form.add_error(None, str(refusal))
            return render(request, "applications/section.html", context, status=400)
        if application.pending.get("section") == number:
            Application.objects.filter(pk=application.pk).update(pending={})
        messages.success(request, gettext("Saved as a draft (임시저장). You can come back through your link."))
        go_on = request.POST.get("next") == "1" and number < len(sections)
        return (
            redirect("applications:section", token, number + 1)
            if go_on
            else redirect("applications:application", token)
        )
    status = 400 if form.errors and not restoring else 200
    return render(request, "applications/section.html", context, status=status)


@never_cache
@require_POST
@with_application
def submit(request, application, token, arrived_at):
    try:
        submission = services.application_submit(application=application, arrived_at=arrived_at)
    except services.Refused as refusal:
        return _page(request, application, token, status=409, refusal=str(refusal))
    messages.success(
        request,
        gettext("Submitted: receipt %(receipt)s, version %(version)s.")
        % {"receipt": application.receipt_number, "version": submission.version},
    )
    return redirect("applications:application", token)


@never_cache
@with_application
def withdraw(request, application, token, arrived_at):
    """Withdrawing asks first (GET), then withdraws (POST)."""
    if request.method != "POST":
        return render(request, "applications/withdraw.html", {"application": application, "token": token})
    try:
        services.application_withdraw(application=application, arrived_at=arrived_at)
    except services.Refused as refusal:
        return _page(request, application, token, status=409, refusal=str(refusal))
    messages.success(request, gettext("Your application is withdrawn."))
    return redirect("applications:application", token)


@never_cache
@require_POST
@with_application
def draft_delete(request, application, token, arrived_at):
    try:
        services.draft_delete(application=application)
    except services.Refused as refusal:
        return _page(request, application, token, status=409, refusal=str(refusal))
    return render(request, "applications/deleted.html", {"program": application.form.program})


def file_response(file):
    """A stored file, as an attachment under its shown name, never cached by anyone on the way."""
    handle = storages["private"].open(file.stored_name, "rb")
    response = FileResponse(
        handle, as_attachment=True, filename=file.original_name, content_type=content_type(file.extension)
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@with_application
def applicant_file(request, application, token, arrived_at, pk):
    return file_response(get_object_or_404(ApplicationFile, pk=pk, application=application))


@never_cache
@with_application
def manifest(request, application, token, arrived_at, version):
    """The manifest of a submitted version, byte for byte what its SHA-256 was taken over."""
    submission = get_object_or_404(application.submissions, version=version)
    response = HttpResponse(submission.manifest.encode(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{application.receipt_number}-v{version}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@require_POST
@with_application
def appeal(request, application, token, arrived_at):
    form = AppealForm(request.POST)
    if not form.is_valid():
        return _page(request, application, token, status=400, appeal_form=form)
    try:
        decisions.appeal_file(application=application, reason=form.cleaned_data["reason"], now=arrived_at)
    except services.Refused as refusal:
        return _page(request, application, token, status=409, refusal=str(refusal), appeal_form=form)
    messages.success(request, gettext("Your appeal is filed: the institute answers it in writing."))
    return redirect("applications:application", token)
