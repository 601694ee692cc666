"""A number that changes whenever public content changes, so that cached HTML can include it in its key.

Fragments that show one record (a program's card) are keyed finer: on the stamp of the record they show, moved when
that record is saved, and on the shared generation, which moves on every other change (a field, a relation, a
deletion, an import). An editor's save of one program then makes only that program's card again. An institute's own
save moves its stamp and the content generation, not the shared generation: a card takes its institute's name when
the page is put together (programs_tags.program_cards), and the month's events show no institute.

It never repeats: it lives in the "counters" cache, which visitors' traffic cannot evict, and if that cache forgets
it anyway (a restarted Redis, a cleared table) it starts again from the clock in microseconds, above any number the
old one reached (that would take a million changes a second). A fragment kept under an old number is never served.
"""

import threading
import time
import uuid
from collections import namedtuple
from contextlib import contextmanager, suppress

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connections, transaction
from django.db.models.signals import post_save
from simple_history.models import HistoricalChanges

from .cache import same_store
from .replica import remember_write_position

GENERATION_KEY = "portal:content-generation"
SHARED_KEY = "portal:shared-generation"
CHANGED_AT_KEY = "portal:content-changed-at"
# A fragment keyed on a record's stamp is kept at most this long, and a stamp twice as long: when a stamp lapses (and
# reads as none again), every fragment made before the record's last save has lapsed too.
STAMPED_FRAGMENT_SECONDS = 3600
STAMP_SECONDS = 2 * STAMPED_FRAGMENT_SECONDS


def counters():
    return caches["counters"]


def _fresh_start():
    return time.time_ns() // 1000


def _generation(key, found=None):
    generation = counters().get(key) if found is None else found  # one round trip, as nearly always it is there
    if generation is None:
        counters().add(key, _fresh_start(), timeout=None)
        generation = counters().get(key) or _fresh_start()
    return generation


def content_generation():
    return _generation(GENERATION_KEY)


def shared_generation():
    """Moves on every change of content but a stamped record's own save: what a fragment that shows no program and
    no institute (a month's events) is keyed on, so that an editor's save of a program leaves it."""
    return _generation(SHARED_KEY)


def content_generation_and(cache, key):
    """The content generation and `cache`'s entry for `key` (or None): one round trip where `cache` keeps its entries
    beside the counters (Redis in production), two otherwise."""
    if same_store(cache, counters()):
        found = counters().get_many([GENERATION_KEY, key])
        return _generation(GENERATION_KEY, found.get(GENERATION_KEY)), found.get(key)
    return content_generation(), cache.get(key)


def _stamp_key(model, pk):
    return f"portal:stamp:{model._meta.label_lower}:{pk}"


Stamps = namedtuple("Stamps", "shared of content")


def record_stamps(records):
    """The shared generation, {(model, pk): the record's stamp} for (model, pk) pairs and the content generation, in
    one round trip; a record not saved lately has stamp 0."""
    keys = {record: _stamp_key(*record) for record in records}
    found = counters().get_many([SHARED_KEY, GENERATION_KEY, *keys.values()])
    return Stamps(
        _generation(SHARED_KEY, found.get(SHARED_KEY)),
        {record: found.get(key, 0) for record, key in keys.items()},
        _generation(GENERATION_KEY, found.get(GENERATION_KEY)),
    )


def content_changed_at():
    """When public content last changed (a Unix time), or None when not known."""
    return counters().get(CHANGED_AT_KEY)


def _move(key):
    try:
        counters().incr(key)
    except ValueError:  # forgotten or never set: a number above any it reached before
        counters().add(key, _fresh_start(), timeout=None)


def _next_generation(shared=True):
    counters().set(CHANGED_AT_KEY, time.time(), timeout=None)
    _move(GENERATION_KEY)
    if shared:
        _move(SHARED_KEY)


# The pk of a model's own stamp, moved by every save of one of its stamped records: record_stamps([(Partner, ANY)]).
ANY = "any"


def _stamp(model, pk):
    stamp = uuid.uuid4().hex
    counters().set_many({_stamp_key(model, pk): stamp, _stamp_key(model, ANY): stamp}, timeout=STAMP_SECONDS)


class _AfterCommit:
    """What moves once the transaction commits: the generation, the shared one if anything but a stamped record's
    own save changed, and the stamps of the records saved."""

    def __init__(self):
        self.shared, self.records = False, set()

    def __call__(self):
        remember_write_position()
        _next_generation(shared=self.shared)
        for model, pk in self.records:
            _stamp(model, pk)


def bump_content_generation(record=None):
    """A new generation now, and again once the change is committed: a page rendered in between from the data before
    the commit is then never served under the final generation. Many changes in one transaction move it once more.
    `record`: the change is that record's save, and its fragments are keyed on its stamp (see above): its stamp
    moves, not the shared generation."""
    _next_generation(shared=record is None)
    if record is not None:
        _stamp(type(record), record.pk)
    pending = [callback for _, callback, _ in connections["default"].run_on_commit]
    after = next((callback for callback in pending if isinstance(callback, _AfterCommit)), None) or _AfterCommit()
    if record is None:
        after.shared = True
    else:
        after.records.add((type(record), record.pk))
    if after not in pending:
        transaction.on_commit(after)  # outside a transaction, at once


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
    a public page (a suggestion waiting for an editor) say so with `changes_public_pages = False`; models whose
    fragments are keyed on each record's stamp (program_cards) with `fragments_on_own_stamp = True`."""
    if sender.__module__ == HISTORICAL_MODELS:
        return  # a migration needs no cache (there may be no cache table yet): after_migrate moves the generation
    if issubclass(sender, HistoricalChanges):
        return  # a version kept in the history shows on no public page; the record's own save moves what it must
    if sender._meta.app_label in settings.CONTENT_APPS and getattr(sender, "changes_public_pages", True):
        if getattr(_held, "depth", 0):
            _held.changed = True
        elif kwargs.get("signal") is post_save and getattr(sender, "fragments_on_own_stamp", False):
            bump_content_generation(record=kwargs["instance"])
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
