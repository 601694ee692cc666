from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from partners.models import Partner
from programs.catalogue import SORT_DEADLINE, CataloguePage
from programs.eligibility import EligibilityForm
from programs.models import ACCEPTING_STATES, Event, Program

from .search import clean_query, search_portal

ADMIN_SITE_HEADER = _("Gwangju AI & Start-up Portal administration")
ADMIN_INDEX_TITLE = _("Curate programs, events and partners")

HOME_PROGRAMS = 6
HOME_EVENTS = 6


def home(request):
    # The deadline order puts every program open for applications first, so its first page holds them.
    first = CataloguePage(Program.objects.published(), sort=SORT_DEADLINE)[:HOME_PROGRAMS]
    programs = [program for program in first if program.application_state in ACCEPTING_STATES]
    events = Event.objects.published().upcoming().select_related("organizer")[:HOME_EVENTS]
    return render(
        request,
        "home.html",
        {
            "programs": programs,
            "events": events,
            "partners": Partner.objects.published(),
            "eligibility_form": EligibilityForm(),
        },
    )


def search(request):
    query = clean_query(request.GET.get("q"))
    sections = search_portal(query)
    return render(
        request,
        "search.html",
        {"query": query, "sections": sections, "total": sum(section["count"] for section in sections)},
    )


@never_cache
def healthz(request):
    """200 when the database (and Redis, when configured) answer; 503 otherwise."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        checks["database"] = "unavailable"
    if settings.REDIS_URL:
        try:
            cache.set("healthz", "ok", 5)
            checks["cache"] = "ok" if cache.get("healthz") == "ok" else "unavailable"
        except Exception:  # noqa: BLE001
            checks["cache"] = "unavailable"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503)
