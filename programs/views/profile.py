"""The remembered founder profile (programs/profile.py): see, change and forget it, and the answer for this visitor
that the page's script asks for. None of these responses is ever cached: they are one person's."""

from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from .. import profile
from ..filters import ProgramFilter, filter_chips
from ..forms import EligibilityForm
from ..models import Program
from ..rules import Fit, verdict

MAX_PROGRAMS = 60  # the most cards a page shows, with room to spare
FIT_SENTENCES = {
    Fit.FITS: _("Yes, it fits your answers."),
    Fit.CHECK: _("It may fit: check what your answers say nothing about."),
    Fit.NOT_FOR_YOU: _("No, it does not fit your answers."),
}
FIT_BADGES = {Fit.FITS: _("Fits you"), Fit.CHECK: _("To check"), Fit.NOT_FOR_YOU: _("Not for you")}


def profile_links(query):
    """Where the remembered answers lead: the programs that fit them, and an alert for new ones."""
    return {
        "programs": f"{reverse('programs:list')}?{query}",
        "alert": f"{reverse('alerts:new')}?{query}",
    }


def remember_form(data):
    """The "who you are" form that remembers its answers (a POST to profile_remember)."""
    form = EligibilityForm(data, action=reverse("programs:profile_remember"))
    form.helper.form_method = "post"
    form.helper.inputs[0].value = gettext("Remember my answers")
    return form


@never_cache
def profile_page(request):
    """The answers remembered in this browser (or those in the query string, to remember), with a form to change
    them, and one button to forget them."""
    remembered = profile.read(request)
    query = remembered.current_query() if remembered else None
    form = remember_form(request.GET or query)
    context = {"form": form, "remembered": remembered}
    if remembered:
        context.update(summary=summarise(answers_of(query)), links=profile_links(query.urlencode()))
    status = 400 if request.GET and form.errors else 200
    return render(request, "programs/profile.html", context, status=status)


def answers_of(query):
    """The answers as the catalogue reads them (a filter set over no programs): their verdict and their words."""
    return ProgramFilter(query, queryset=Program.objects.none())


def summarise(filterset):
    """The answers of a filter set in words, as the catalogue's filter chips name them ([(label, value)])."""
    return [(chip["label"], chip["value"]) for chip in filter_chips(filterset)]


@never_cache
@require_POST
def profile_remember(request):
    form = remember_form(request.POST)
    if not form.is_valid() or not form.answers().answered:
        if form.is_valid():
            form.add_error(None, gettext("Give your age, your business years or who you are, to remember them."))
        context = {"form": form, "remembered": profile.read(request)}
        return render(request, "programs/profile.html", context, status=400)
    response = redirect("programs:profile")
    profile.remember(response, request.POST)
    return response


@never_cache
@require_POST
def profile_forget(request):
    """Forget the answers, and go back to the page the visitor was on."""
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = reverse("programs:profile")
    response = redirect(back)
    profile.forget(response)
    return response


@never_cache
@require_GET
def profile_fit(request):
    """For the page's script: this visitor's remembered answers and the verdict of each program asked (?p=<slug>,
    repeated). Without a profile, nothing."""
    remembered = profile.read(request)
    if remembered is None:
        return JsonResponse({"profile": None, "programs": {}})
    query = remembered.current_query()
    answered = answers_of(query)
    answers = answered.answers()
    slugs = list(dict.fromkeys(request.GET.getlist("p")))[:MAX_PROGRAMS]
    programs = Program.objects.published().filter(slug__in=slugs)
    programs = programs.select_related("category").prefetch_related("audiences")
    verdicts = {}
    for program in programs:
        result = verdict(program, answers)
        verdicts[program.slug] = {
            "fit": result.fit.value,
            "badge": str(FIT_BADGES[result.fit]),
            "sentence": str(FIT_SENTENCES[result.fit]),
            "checks": [
                {"verdict": check.verdict.value, "label": str(check.label), "text": str(check.text)}
                for check in result.checks
            ],
        }
    links = profile_links(query.urlencode())
    return JsonResponse(
        {
            "profile": {
                "summary": [f"{label}: {value}" for label, value in summarise(answered)],
                "title": gettext("Your remembered answers"),
                "show": {"label": gettext("Programs that fit me"), "url": links["programs"]},
                "alert": {"label": gettext("Email me new programs that fit me"), "url": links["alert"]},
                "change": {"label": gettext("Change"), "url": reverse("programs:profile")},
                "forget": {
                    "label": gettext("Forget my answers"),
                    "url": reverse("programs:profile_forget"),
                    "csrf": get_token(request),
                },
            },
            "programs": verdicts,
        }
    )
