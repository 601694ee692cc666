from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.static import serve as static_serve

from core.numbers import LARGEST_ID, parse_int
from core.pagination import IdsFirst
from core.replica import replica_check
from core.search import clean_query, did_you_mean
from core.site import absolute_reverse
from partners.models import Partner
from programs.catalogue import SORT_DEADLINE, RememberedCataloguePage
from programs.forms import EligibilityForm
from programs.models import ACCEPTING_STATES, Event, Program

from .opendata import DATASETS, LICENSE_NAME, LICENSE_URL, csv_chunks, dcat_catalog, json_chunks
from .site_search import HEADINGS, search_portal

HOME_PROGRAMS = 6
HOME_EVENTS = 6


def home(request):
    # The deadline order puts every program open for applications first, so its first page holds them.
    catalogue = RememberedCataloguePage(Program.objects.published(), filters="", namespace="home", sort=SORT_DEADLINE)
    programs = [program for program in catalogue[:HOME_PROGRAMS] if program.application_state in ACCEPTING_STATES]
    events = IdsFirst(Event.objects.published().for_lists().upcoming())[:HOME_EVENTS]
    return render(
        request,
        "home.html",
        {
            "programs": programs,
            "events": events,
            "partners": Partner.objects.published(),
            "eligibility_form": EligibilityForm,  # made by the template only when its cached fragment is missing
        },
    )


SECTION_PAGE_SIZE = 20


def search(request):
    """Every section's first results, or one section in full (?in=events) page by page. The results are read only
    when the template asks: the page's cached fragment (per query, language and content generation) usually holds
    them, whatever else the address carries."""
    query = clean_query(request.GET.get("q"))
    only = request.GET.get("in") if request.GET.get("in") in HEADINGS else None
    page = parse_int(request.GET.get("page") or "1") or 1
    reach = page * SECTION_PAGE_SIZE if only and page <= LARGEST_ID // SECTION_PAGE_SIZE else 0
    found = SimpleLazyObject(lambda: search_portal(query, only=only, reach=reach))
    closer = SimpleLazyObject(lambda: _closer(found))
    context = {
        "query": query,
        "found": found,
        "sections": SimpleLazyObject(lambda: found.sections),
        "did_you_mean": SimpleLazyObject(lambda: closer[0]),
        "did_you_mean_url": SimpleLazyObject(lambda: closer[1]),
    }
    if only and found.sections:
        context["section"] = section = found.sections[0]
        context["page_obj"] = Paginator(section.results, SECTION_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "search.html", context)


search.query_parameters = frozenset(["q", "in", "page"])  # the page cache ignores the others


def _closer(found):
    """(A spelling that finds more, its search address) when nothing or only a part matched, else ("", "")."""
    if found.plan and (found.relaxed or not found.total):
        closer = did_you_mean(found.plan, found.plan.dropped if found.relaxed else None)
        if closer:
            return closer, reverse("search") + "?" + urlencode({"q": closer})
    return "", ""


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
    # Replicas are reported, not required: while the primary serves, pages fall back to it.
    if settings.DATABASE_REPLICAS and checks["database"] == "ok":
        replicas = {alias: replica_check(alias).status for alias in settings.DATABASE_REPLICAS}
        checks["replica"] = next(
            (state for state in ("unavailable", "lagging", "unknown") if state in replicas.values()), "ok"
        )
        if len(replicas) > 1:
            checks["replicas"] = replicas
    return JsonResponse({"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503)


def robots_txt(request):
    sitemap = absolute_reverse("sitemap")
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /en/admin/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def open_data(request):
    datasets = [(dataset, dataset.last_modified()) for dataset in DATASETS.values()]
    return render(
        request, "open_data.html", {"datasets": datasets, "license_url": LICENSE_URL, "license_name": LICENSE_NAME}
    )


def open_data_file(request, dataset, extension):
    """A whole data set, streamed so that 100,000 records never sit in memory at once."""
    if dataset not in DATASETS or extension not in ("csv", "json"):
        raise Http404("No such data set.")
    chosen = DATASETS[dataset]
    if extension == "csv":
        response = StreamingHttpResponse(
            csv_chunks(chosen, request.GET, request), content_type="text/csv; charset=utf-8"
        )
    else:
        response = StreamingHttpResponse(
            json_chunks(chosen, request.GET, request), content_type="application/json; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="gwangju-{dataset}.{extension}"'
    return response


def open_data_catalog(request):
    return JsonResponse(
        dcat_catalog(request), content_type="application/ld+json", json_dumps_params={"ensure_ascii": False}
    )


def public_media(request, path):
    """Institutes' logos, served by the app where no web server does it (settings.SERVE_MEDIA); nothing else of the
    media folder is reachable this way."""
    return static_serve(request, path, document_root=settings.MEDIA_ROOT / settings.PUBLIC_MEDIA_FOLDER)
