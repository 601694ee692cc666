"""Limits per visitor's address (or per email address), counted in the shared "counters" cache so that every app
server and process agree. That cache keeps each counter for its own window and never evicts a live one
(core.cache.CounterDatabaseCache).

Every limit of the portal is a named policy below: its scope, the setting that holds its number, its window.
"""

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches

from .security import client_ip

HOUR, MINUTE = 3600, 60


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


@dataclass(frozen=True)
class Policy:
    scope: str
    setting: str  # the name of the setting that holds the limit, so that a deployment (or a test) can change it
    window_seconds: int

    @property
    def limit(self):
        return getattr(settings, self.setting)

    def count(self, identity):
        """Counts one attempt by `identity`; the window starts at the first attempt. An email address (or any text
        that names a person) is counted by its hash."""
        return count_for(
            hashlib.sha256(identity.encode()).hexdigest(),
            scope=self.scope,
            limit=self.limit,
            window_seconds=self.window_seconds,
        )

    def count_request(self, request):
        """Counts one attempt from the visitor's address."""
        return count_for(client_ip(request), scope=self.scope, limit=self.limit, window_seconds=self.window_seconds)


SUGGESTIONS = Policy("suggestions", "SUGGESTIONS_PER_HOUR", HOUR)  # per visitor
ALERT_REQUESTS = Policy("alerts", "ALERT_REQUESTS_PER_HOUR", HOUR)  # per visitor
ALERT_CONFIRMATIONS = Policy("alert-confirmations", "ALERT_CONFIRMATIONS_PER_ADDRESS_PER_HOUR", HOUR)  # per email
REGISTRATIONS = Policy("registrations", "REGISTRATIONS_PER_IP_PER_HOUR", HOUR)  # per visitor
REGISTRATION_RESENDS = Policy("registration-resend", "REGISTRATIONS_PER_ADDRESS_PER_HOUR", HOUR)  # per event+email
API = Policy("api", "API_REQUESTS_PER_MINUTE", MINUTE)  # per visitor
APPLICATION_LINKS = Policy("application-links", "APPLICATION_LINKS_PER_IP_PER_HOUR", HOUR)  # per visitor
APPLICATION_LINKS_PER_ADDRESS = Policy(
    "application-links-address", "APPLICATION_LINKS_PER_ADDRESS_PER_HOUR", HOUR
)  # per round and email


def count_for(identity, *, scope, limit, window_seconds):
    """Counts one attempt of `scope` by `identity`; the window starts at the first attempt."""
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
