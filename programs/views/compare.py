"""Comparing programs side by side: the visitor's shortlist (programs/shortlist.py), or the programs a shared address
names (?p=<slug>, repeated). Never cached: the list is one visitor's."""

from django.contrib import messages
from django.http import HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .. import shortlist
from ..models import Program
from ..rules import rules_in_words


@never_cache
def compare(request):
    named = shortlist.slugs_of(request.GET.getlist("p"))
    slugs = named or shortlist.read(request)
    found = Program.objects.published().filter(slug__in=slugs).select_related("organizer", "category")
    by_slug = {program.slug: program for program in found.prefetch_related("technologies")}
    programs = [by_slug[slug] for slug in slugs if slug in by_slug]
    context = {
        "programs": programs,
        "who": [rules_in_words(program) for program in programs],
        "shared": bool(named),
        "share_url": reverse("programs:compare") + "?" + "&".join(f"p={program.slug}" for program in programs),
        "max_programs": shortlist.MAX_PROGRAMS,
    }
    return render(request, "programs/compare.html", context)


@never_cache
@csrf_exempt  # the button sits on cached pages: programs.shortlist.same_site checks where the request came from
@require_POST
def shortlist_change(request):
    if not shortlist.same_site(request):
        return HttpResponseForbidden(gettext("This change must come from the portal's own pages."))
    slugs = shortlist.read(request)
    program = Program.objects.published().filter(slug=request.POST.get("program", "")).first()
    action = request.POST.get("action")
    if program is None or action not in ("add", "remove"):
        messages.error(request, gettext("That program cannot be compared: it is not published."))
        return redirect("programs:compare")
    if action == "remove":
        slugs = [slug for slug in slugs if slug != program.slug]
        messages.success(request, gettext("“%(title)s” was removed from your comparison.") % {"title": program.title})
    elif program.slug in slugs:
        messages.info(request, gettext("“%(title)s” is already in your comparison.") % {"title": program.title})
    elif len(slugs) >= shortlist.MAX_PROGRAMS:
        messages.warning(
            request,
            gettext("You can compare up to %(count)s programs: remove one first.") % {"count": shortlist.MAX_PROGRAMS},
        )
        return redirect("programs:compare")
    else:
        slugs.append(program.slug)
        messages.success(request, gettext("“%(title)s” was added to your comparison.") % {"title": program.title})
    # To the comparison itself, which is never cached, so the message shows (a program's page may be a cached one).
    response = redirect("programs:compare")
    shortlist.write(response, slugs)
    return response
