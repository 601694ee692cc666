"""Limits per visitor's address, counted in the shared cache so that every app server and process agree."""

from django.core.cache import cache

from .security import client_ip


def over_limit(request, *, scope, limit, window_seconds):
    """Counts one attempt of `scope` from the visitor's address; True once more than `limit` came in the window."""
    key = f"rate:{scope}:{client_ip(request)}"
    cache.add(key, 0, window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window_seconds)
        count = 1
    return count > limit
