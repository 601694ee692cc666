"""Whole public pages cached for anonymous visitors in the shared cache.

The key holds the content generation, so any save, deletion or relation change makes every cached page a miss at
once, on every app server sharing the cache. Pages are also refreshed after a minute, because some change with time
alone: a scheduled publication, an application that closes. When a page turns a minute old, one request renders it
again while the others keep getting the minute-old copy for those moments, so that a busy page is never rendered by
every worker at once. Visitors with a session (staff), or who just sent a form, never get a cached page.
"""

import hashlib
import random
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.utils.cache import patch_vary_headers

from .generation import content_generation
from .replica import RECENT_WRITE_COOKIE

PAGE_CACHE_SECONDS = 60
# Each page is fresh for 45 to 60 s, so that pages cached together (after a save, say) do not all turn old at once.
PAGE_CACHE_JITTER_SECONDS = 15
# An old page may still be served while another request renders it again, for this long at most.
STALE_SECONDS = 60
REFRESH_LOCK_SECONDS = 10
CACHEABLE_TYPES = ("text/html", "application/rss+xml", "application/atom+xml", "application/xml", "text/calendar")
NEVER_CACHED_PREFIXES = ("/admin/", "/en/admin/", "/healthz", "/api/v1/")  # the API does its own HTTP caching


def page_key(request):
    """Scheme, host and path: a page asked for under another (allowed) host never reaches this host's visitors."""
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"  # the language is in the path
    return f"page:{content_generation()}:{request.method}:{hashlib.sha256(address.encode()).hexdigest()}"


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.cacheable_request(request):
            response = self.get_response(request)
            patch_vary_headers(response, ["Cookie"])
            return response
        try:
            key = page_key(request)
            cached = cache.get(key)
        except DatabaseError:  # the database cache went with the database: the view answers (503) uncached
            return self.get_response(request)
        refreshing = False
        if cached is not None:
            response, fresh_until = cached
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
            fresh_for = PAGE_CACHE_SECONDS - random.randint(0, PAGE_CACHE_JITTER_SECONDS)
            cache.set(key, (response, time.time() + fresh_for), fresh_for + STALE_SECONDS)
            response["X-Page-Cache"] = "miss"
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
