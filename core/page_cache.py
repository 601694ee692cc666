"""Whole public pages cached for anonymous visitors in the shared cache.

A page is kept with the content generation it was drawn in, so any save, deletion or relation change makes every
cached page a miss at once, on every app server sharing the cache; the generation and the page are read in one round
trip. Pages are also refreshed after a minute, because some change with time
alone: a scheduled publication, an application that closes. When a page turns a minute old, one request renders it
again while the others keep getting the minute-old copy for those moments, so that a busy page is never rendered by
every worker at once. Visitors with a session (staff), or who just sent a form, never get a cached page.

Addresses differing only in what no view reads (tracking parameters; parameters a view does not name in its
`query_parameters`) share one page, and a query string is stored only once it is asked a second time, so that
one-off addresses (a new keyword, a random string) do not fill the cache with pages nobody reads.
"""

import hashlib
import random
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import QueryDict
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_vary_headers

from .generation import content_generation_and
from .replica import RECENT_WRITE_COOKIE

PAGE_CACHE_SECONDS = 60
# Each page is fresh for 45 to 60 s, so that pages cached together (after a save, say) do not all turn old at once.
PAGE_CACHE_JITTER_SECONDS = 15
# An old page may still be served while another request renders it again, for this long at most.
STALE_SECONDS = 60
REFRESH_LOCK_SECONDS = 10
CACHEABLE_TYPES = ("text/html", "application/rss+xml", "application/atom+xml", "application/xml", "text/calendar")
NEVER_CACHED_PREFIXES = ("/admin/", "/en/admin/", "/healthz", "/api/v1/")  # the API does its own HTTP caching
# Files, answered by WhiteNoise (after this middleware) or the web server: passed through untouched.
FILE_PREFIXES = ("/static/", "/media/")


# Parameters no page reads, added by links in newsletters, ads and social sites.
TRACKING_PARAMETER = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|igshid|mc_cid|mc_eid|_ga|_gl)$"
)
# How long an address with a query string is remembered as asked once: asked again meanwhile, its page is stored.
ASKED_SECONDS = 10 * 60


def page_key(request):
    """Scheme, host and path: a page asked for under another (allowed) host never reaches this host's visitors."""
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"  # the language is in the path
    return f"page:{request.method}:{hashlib.sha256(address.encode()).hexdigest()}"


def read_parameters(request):
    """The query parameters the address's view reads (its `query_parameters`), or None when it does not say."""
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    try:
        with translation.override(language):  # i18n_patterns resolve in the address's own language
            view = resolve(request.path_info).func
    except Resolver404:
        return None
    return getattr(getattr(view, "view_class", view), "query_parameters", None)


def query_keep_read(request):
    """The request's query string without what no view reads (tracking parameters; for a view that names the
    parameters it reads, every other one), so that such addresses share one cached page, drawn from the same query.
    Returns whether a query string is left."""
    if not request.META.get("QUERY_STRING"):
        return False
    read = read_parameters(request)
    kept = QueryDict(mutable=True)
    for name in request.GET:
        if not TRACKING_PARAMETER.match(name) and (read is None or name in read):
            kept.setlist(name, request.GET.getlist(name))
    request.META["QUERY_STRING"] = kept.urlencode()
    request.GET = kept
    return bool(kept)


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(FILE_PREFIXES):
            return self.get_response(request)
        if not self.cacheable_request(request):
            response = self.get_response(request)
            patch_vary_headers(response, ["Cookie"])
            return response
        with_query = query_keep_read(request)
        try:
            key = page_key(request)
            generation, cached = content_generation_and(cache, key)
        except DatabaseError:  # the database cache went with the database: the view answers (503) uncached
            return self.get_response(request)
        if cached is not None and cached[0] != generation:
            cached = None  # drawn before the content last changed
        refreshing = False
        if cached is not None:
            _, response, fresh_until = cached
            if time.time() < fresh_until:
                response["X-Page-Cache"] = "hit"
                return response
            refreshing = cache.add(f"{key}:refreshing", 1, REFRESH_LOCK_SECONDS)
            if not refreshing:
                response["X-Page-Cache"] = "stale"  # another request is rendering it again right now
                return response
        response = self.get_response(request)
        if self.cacheable_response(response):
            response["Cache-Control"] = "public, max-age=0, must-revalidate"
            patch_vary_headers(response, ["Cookie"])
            response["X-Page-Cache"] = "miss"
            # A query string seen for the first time (a new keyword, a filter state, a random string) is most often
            # never asked again: only a mark is written; its page is stored when it is asked a second time.
            if cached is not None or not with_query or not cache.add(f"{key}:asked", 1, ASKED_SECONDS):
                fresh_for = PAGE_CACHE_SECONDS - random.randint(0, PAGE_CACHE_JITTER_SECONDS)
                cache.set(key, (generation, response, time.time() + fresh_for), fresh_for + STALE_SECONDS)
        if refreshing:
            cache.delete(f"{key}:refreshing")
        return response

    @staticmethod
    def cacheable_request(request):
        return (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and RECENT_WRITE_COOKIE not in request.COOKIES  # who just sent a form sees their own write
            and not request.path.startswith(NEVER_CACHED_PREFIXES)
        )

    @staticmethod
    def cacheable_response(response):
        control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not any(word in control for word in ("private", "no-cache", "no-store"))
            and response.get("Content-Type", "").startswith(CACHEABLE_TYPES)
        )
