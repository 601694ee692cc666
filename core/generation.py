"""A number that changes whenever public content changes, so that cached HTML can include it in its key."""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction

from .replica import remember_write_position

GENERATION_KEY = "portal:content-generation"
CHANGED_AT_KEY = "portal:content-changed-at"


def content_generation():
    generation = cache.get(GENERATION_KEY)  # one round trip to the cache, as nearly always it is there
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    return generation


def content_changed_at():
    """When public content last changed (a Unix time), or None when not known."""
    return cache.get(CHANGED_AT_KEY)


def _next_generation():
    cache.set(CHANGED_AT_KEY, time.time(), timeout=None)
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # evicted or never set: any new number will do
        cache.set(GENERATION_KEY, 1, timeout=None)


def _after_commit():
    remember_write_position()
    _next_generation()


def bump_content_generation():
    """A new generation now, and again once the change is committed: a page rendered in between from the data before
    the commit is then never served under the final generation. Many changes in one transaction move it once more."""
    _next_generation()
    pending = connections["default"].run_on_commit
    if not any(callback is _after_commit for _, callback, _ in pending):
        transaction.on_commit(_after_commit)


def on_content_change(sender, **kwargs):
    """Signal receiver for saves, deletions and relation changes of the portal's content. Models that never show on
    a public page (a suggestion waiting for an editor) say so with `changes_public_pages = False`."""
    if sender._meta.app_label in settings.CONTENT_APPS and getattr(sender, "changes_public_pages", True):
        bump_content_generation()


def on_equivalents_change(sender, **kwargs):
    """Equivalent search terms change what searches find: pages cached before are out of date."""
    bump_content_generation()
