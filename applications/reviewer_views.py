"""The reviewer area (/review/, outside the admin): accepting the invitation, signing in with a password and a
one-time code, the reviewer's own assignments, the declaration of interest that opens each one, the application as
the rubric lets the reviewer see it (nothing personal in a blind round), and the scores."""

import base64
from functools import wraps

import django_otp
import segno
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import reviewer_accounts as accounts
from . import reviewing
from .models import Assignment
from .reviewer_forms import DeclarationForm, ScoreForm, SignInForm, WelcomeForm
from .views import file_response


def reviewer_required(view):
    """Signed in with a one-time code, as a reviewer: staff accounts are refused (403), others sent to sign in."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and getattr(user, "reviewer", None) is None:
            raise PermissionDenied
        if not user.is_authenticated or not user.is_verified():
            return redirect_to_login(request.get_full_path(), reverse("applications:reviewer_sign_in"))
        return view(request, user.reviewer, *args, **kwargs)

    return never_cache(wrapped)


def own_assignment(reviewer, pk):
    """The reviewer's own assignment (another's, or one removed by a conflict, is refused)."""
    assignment = get_object_or_404(
        Assignment.objects.select_related("application__form__rubric", "application__form__program"), pk=pk
    )
    if assignment.reviewer_id != reviewer.pk:
        raise PermissionDenied
    return assignment


@never_cache
def welcome(request, token):
    reviewer = accounts.invitation_read(token)
    if reviewer is None:
        return render(request, "applications/review/bad_invitation.html", status=400)
    device = accounts.authenticator_for(reviewer)
    form = WelcomeForm(request.POST or None, user=reviewer.user, device=device)
    if request.method == "POST" and form.is_valid():
        codes = accounts.reviewer_activate(reviewer=reviewer, password=form.cleaned_data["password"], device=device)
        return render(request, "applications/review/recovery_codes.html", {"codes": codes})
    context = {
        "form": form,
        "reviewer": reviewer,
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=4, title=gettext("Authenticator set-up")),
        "secret": base64.b32encode(device.bin_key).decode(),
    }
    return render(request, "applications/review/welcome.html", context, status=400 if form.errors else 200)


@never_cache
def sign_in(request):
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        account = accounts.reviewer_by_email(form.cleaned_data["email"])
        user = account and authenticate(request, username=account.username, password=form.cleaned_data["password"])
        device = user and accounts.code_check(user, form.cleaned_data["code"])
        if device:
            login(request, user)
            django_otp.login(request, device)
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
                target = reverse("applications:reviewer_home")
            return redirect(target)
        form.add_error(None, gettext("The address, the password or the code is not right."))
    return render(request, "applications/review/sign_in.html", {"form": form}, status=400 if form.errors else 200)


@require_POST
def sign_out(request):
    logout(request)
    return redirect("applications:reviewer_sign_in")


@reviewer_required
def home(request, reviewer):
    assignments = reviewer.assignments.select_related("application__form__program", "application__form__rubric")
    declared = set(reviewer.declarations.values_list("application_id", flat=True))
    rows = [(assignment, assignment.application_id in declared) for assignment in assignments]
    return render(request, "applications/review/home.html", {"reviewer": reviewer, "rows": rows})


@reviewer_required
def declare(request, reviewer, pk):
    assignment = own_assignment(reviewer, pk)
    if reviewing.may_open(assignment):
        return redirect("applications:reviewer_assignment", pk)
    form = DeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["answer"] == "none":
            reviewing.no_conflict_declare(assignment=assignment)
            return redirect("applications:reviewer_assignment", pk)
        reviewing.conflict_declare(
            assignment=assignment, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"]
        )
        messages.success(request, gettext("Your declaration is kept, and the application goes to another reviewer."))
        return redirect("applications:reviewer_home")
    context = {"assignment": assignment, "form": form, "program": assignment.application.form.program}
    return render(request, "applications/review/declare.html", context, status=400 if form.errors else 200)


def visible_files(assignment):
    files = assignment.application.files.select_related("question")
    return files.filter(blind_safe=True) if assignment.application.form.rubric.blind else files


@reviewer_required
def assignment_page(request, reviewer, pk):
    assignment = own_assignment(reviewer, pk)
    if not reviewing.may_open(assignment):
        context = {"assignment": assignment}
        return render(request, "applications/review/declare_first.html", context, status=403)
    rubric = assignment.application.form.rubric
    scores = {score.criterion_id: score for score in assignment.scores.all()}
    form = ScoreForm(request.POST or None, criteria=rubric.criteria.all(), scores=scores)
    refusal = None
    if request.method == "POST" and form.is_valid():
        try:
            reviewing.scores_submit(assignment=assignment, given=form.given(), by=request.user)
        except reviewing.Refused as refused:
            refusal = str(refused)
        else:
            messages.success(request, gettext("Your scores are submitted."))
            return redirect("applications:reviewer_assignment", pk)
    others = []
    if reviewing.others_visible(assignment):
        others = (
            assignment.application.assignments.exclude(pk=assignment.pk)
            .filter(submitted_at__isnull=False)
            .select_related("reviewer")
            .prefetch_related("scores__criterion")
        )
    context = {
        "assignment": assignment,
        "application": assignment.application,
        "program": assignment.application.form.program,
        "rubric": rubric,
        "answers": assignment.application.answers_in_order(),
        "files": visible_files(assignment),
        "form": form,
        "refusal": refusal,
        "others": others,
        "closed": rubric.panel_closed_at is not None,
    }
    status = 400 if (form.errors or refusal) else 200
    return render(request, "applications/review/assignment.html", context, status=status)


@reviewer_required
def reviewer_file(request, reviewer, pk, file_pk):
    assignment = own_assignment(reviewer, pk)
    if not reviewing.may_open(assignment):
        raise PermissionDenied
    return file_response(get_object_or_404(visible_files(assignment), pk=file_pk))
