"""Whole public pages cached for anonymous visitors in the shared cache.

The key holds the content generation, so any save, deletion or relation change makes every cached page a miss at
once, on every app server sharing the cache. Pages also expire after a minute, because some change with time
alone: a scheduled publication, an application that closes. Visitors with a session (staff) never get a cached page.
"""

import hashlib
import random

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_vary_headers

from .generation import content_generation

PAGE_CACHE_SECONDS = 60
# Each page lives between 45 and 60 s, so that pages cached together (after a save, say) are not all rendered
# again in the same second.
PAGE_CACHE_JITTER_SECONDS = 15
CACHEABLE_TYPES = ("text/html", "application/rss+xml", "application/atom+xml", "application/xml", "text/calendar")
NEVER_CACHED_PREFIXES = ("/admin/", "/en/admin/", "/healthz")


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.cacheable_request(request):
            response = self.get_response(request)
            patch_vary_headers(response, ["Cookie"])
            return response
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()  # the language is in the path
        key = f"page:{content_generation()}:{request.method}:{path}"
        cached = cache.get(key)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if self.cacheable_response(response):
            response["Cache-Control"] = "public, max-age=0, must-revalidate"
            patch_vary_headers(response, ["Cookie"])
            cache.set(key, response, PAGE_CACHE_SECONDS - random.randint(0, PAGE_CACHE_JITTER_SECONDS))
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def cacheable_request(request):
        return (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
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
