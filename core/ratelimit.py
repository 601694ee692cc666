"""Limits per visitor's address, counted in the shared "counters" cache so that every app server and process agree.
That cache keeps each counter for its own window and never evicts a live one (core.cache.CounterDatabaseCache)."""

import math
import time
from dataclasses import dataclass

from django.core.cache import caches

from .security import client_ip


@dataclass(frozen=True)
class Usage:
    """One address's use of a scope in the current window."""

    count: int
    limit: int
    reset_seconds: int  # until the window ends

    @property
    def over(self):
        return self.count > self.limit

    @property
    def remaining(self):
        return max(0, self.limit - self.count)


def count_attempt(request, *, scope, limit, window_seconds):
    """Counts one attempt of `scope` from the visitor's address; the window starts at the first attempt."""
    return count_for(client_ip(request), scope=scope, limit=limit, window_seconds=window_seconds)


def count_for(identity, *, scope, limit, window_seconds):
    """Counts one attempt of `scope` by `identity` (an address, a hash of an email address); the window starts at
    the first attempt."""
    key = f"rate:{scope}:{identity}"
    cache = caches["counters"]
    now = time.time()
    if cache.add(key, 0, window_seconds):
        cache.set(f"{key}:start", now, window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window_seconds)
        cache.set(f"{key}:start", now, window_seconds)
        count = 1
    started = cache.get(f"{key}:start", now)
    return Usage(count=count, limit=limit, reset_seconds=max(1, math.ceil(started + window_seconds - now)))


def over_limit(request, *, scope, limit, window_seconds):
    """Counts one attempt of `scope` from the visitor's address; True once more than `limit` came in the window."""
    return count_attempt(request, scope=scope, limit=limit, window_seconds=window_seconds).over
