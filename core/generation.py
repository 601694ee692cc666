"""A number that changes whenever public content changes, so that cached HTML can include it in its key.

It never repeats: it lives in the "counters" cache, which visitors' traffic cannot evict, and if that cache forgets
it anyway (a restarted Redis, a cleared table) it starts again from the clock in microseconds, above any number the
old one reached (that would take a million changes a second). A fragment kept under an old number is never served.
"""

import threading
import time
from contextlib import contextmanager, suppress

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connections, transaction

from .replica import remember_write_position

GENERATION_KEY = "portal:content-generation"
CHANGED_AT_KEY = "portal:content-changed-at"


def counters():
    return caches["counters"]


def _fresh_start():
    return time.time_ns() // 1000


def content_generation():
    generation = counters().get(GENERATION_KEY)  # one round trip to the cache, as nearly always it is there
    if generation is None:
        counters().add(GENERATION_KEY, _fresh_start(), timeout=None)
        generation = counters().get(GENERATION_KEY) or _fresh_start()
    return generation


def content_changed_at():
    """When public content last changed (a Unix time), or None when not known."""
    return counters().get(CHANGED_AT_KEY)


def _next_generation():
    counters().set(CHANGED_AT_KEY, time.time(), timeout=None)
    try:
        counters().incr(GENERATION_KEY)
    except ValueError:  # forgotten or never set: a number above any it reached before
        counters().add(GENERATION_KEY, _fresh_start(), timeout=None)


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


# The module of the models a migration's data steps use (apps.get_model): their saves wait for after_migrate.
HISTORICAL_MODELS = "__fake__"


_held = threading.local()


@contextmanager
def one_generation_move():
    """Many changes, one move of the generation at the end (an import run of thousands of records): inside, content
    changes are noted instead of each moving it."""
    _held.depth = getattr(_held, "depth", 0) + 1
    try:
        yield
    finally:
        _held.depth -= 1
        if not _held.depth and getattr(_held, "changed", False):
            _held.changed = False
            bump_content_generation()


def on_content_change(sender, **kwargs):
    """Signal receiver for saves, deletions and relation changes of the portal's content. Models that never show on
    a public page (a suggestion waiting for an editor) say so with `changes_public_pages = False`."""
    if sender.__module__ == HISTORICAL_MODELS:
        return  # a migration needs no cache (there may be no cache table yet): after_migrate moves the generation
    if sender._meta.app_label in settings.CONTENT_APPS and getattr(sender, "changes_public_pages", True):
        if getattr(_held, "depth", 0):
            _held.changed = True
        else:
            bump_content_generation()


def after_migrate(sender, **kwargs):
    """post_migrate: what migrations changed shows on the next page. Without a cache table yet (a fresh database
    before `createcachetable`), no page can have been cached either."""
    if sender.label != "core":
        return  # once per migrate
    with suppress(DatabaseError):
        _next_generation()


def on_equivalents_change(sender, **kwargs):
    """Equivalent search terms change what searches find: pages cached before are out of date."""
    bump_content_generation()
