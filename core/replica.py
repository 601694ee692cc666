"""Read replicas (DATABASE_REPLICA_URLS): anonymous visitors' page views read the catalogue from a PostgreSQL
standby; everything else reads from the primary.

The primary is the default: migrations, commands, the shell, background work, staff (a session), every request
that changes something, and a visitor who sent a form in the last few seconds (the read-your-writes cookie, which
also keeps the page cache out of the way). A page view is given a replica only when, as this process last saw it
(checked at most every CHECK_SECONDS), the replica answers, is at most DATABASE_REPLICA_MAX_LAG seconds behind and
has replayed the primary's WAL position noted at the last content change, so that no page is cached under a new
content generation from older data. A replica that fails during a request is left alone for RETRY_SECONDS and the
request is answered again from the primary.
"""

import contextlib
import logging
import math
import random
import threading
import time
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

RECENT_WRITE_COOKIE = "portal_wrote"
CHECK_SECONDS = 2
RETRY_SECONDS = 10
WRITE_POSITION_KEY = "portal:content-write-position"
SAFE_METHODS = ("GET", "HEAD")

_reads_from = ContextVar("replica_reads_from", default=None)


class ReplicaRouter:
    """Content reads go where the current request was sent (core.replica.ReplicaMiddleware); the primary otherwise."""

    def db_for_read(self, model, **hints):
        if model._meta.app_label in settings.CONTENT_APPS:
            return _reads_from.get()
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, first, second, **hints):
        return True  # the replica holds the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


def wal_position(text):
    """A PostgreSQL LSN ("16/B374D848") as a number, so that two can be compared."""
    if not text:
        return None
    high, low = text.split("/")
    return (int(high, 16) << 32) + int(low, 16)


def replication_lag(primary, replayed, seconds_since_replay, seconds_since_caught_up):
    """How many seconds a replica is behind. None when it has replayed all the primary had written, so an idle
    primary never makes it look late; otherwise the shorter of the age of the last transaction it replayed and the
    time since it was last seen caught up (a first write after a quiet hour is not an hour late)."""
    if replayed is None or primary is None:
        return math.inf
    if replayed >= primary:
        return 0.0
    ages = [age for age in (seconds_since_replay, seconds_since_caught_up) if age is not None]
    return max(0.0, min(ages)) if ages else math.inf


@dataclass
class ReplicaState:
    alias: str
    status: str = "unknown"  # "ok", "lagging" or "unavailable"
    replayed: int | None = None  # the WAL position it had replayed when last checked
    lag: float | None = None
    checked_at: float = -math.inf
    caught_up_at: float | None = None
    retry_at: float = -math.inf

    def usable(self, write_position):
        return self.status == "ok" and (write_position is None or (self.replayed or 0) >= write_position)


_states = {}
_lock = threading.Lock()


def replica_state(alias):
    with _lock:
        return _states.setdefault(alias, ReplicaState(alias))


def _status_change(state, status, detail=""):
    """Logged once per change, not per request."""
    if status != state.status:
        log = logger.info if status == "ok" else logger.warning
        log("Replica %s is now %s%s", state.alias, status, f": {detail}" if detail else "")
    state.status = status


def replica_failed(alias, error):
    state = replica_state(alias)
    state.retry_at = time.monotonic() + RETRY_SECONDS
    _status_change(state, "unavailable", f"reading from the primary for {RETRY_SECONDS} s ({error})")
    with contextlib.suppress(DatabaseError):
        connections[alias].close()


def primary_position():
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        return wal_position(cursor.fetchone()[0])


def replica_check(alias):
    """Ask the replica now whether it answers and how far behind the primary it is."""
    state = replica_state(alias)
    now = time.monotonic()
    state.checked_at = now
    if connections[alias].vendor != "postgresql":  # a test mirror of the primary
        _status_change(state, "ok")
        state.replayed, state.lag = math.inf, 0.0
        return state
    try:
        primary = primary_position()
    except DatabaseError:
        return state  # the primary's trouble is not the replica's; the request will answer 503
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute(
                "SELECT pg_last_wal_replay_lsn()::text, "
                "EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp())::float"
            )
            replayed_text, seconds_since_replay = cursor.fetchone()
    except DatabaseError as error:
        replica_failed(alias, error)
        return state
    # Not in recovery: the "replica" is a primary itself, and as current as the primary.
    replayed = primary if replayed_text is None else wal_position(replayed_text)
    since_caught_up = None if state.caught_up_at is None else now - state.caught_up_at
    state.lag = replication_lag(primary, replayed, seconds_since_replay, since_caught_up)
    state.replayed = replayed
    if state.lag == 0:
        state.caught_up_at = now
    lagging = state.lag > settings.DATABASE_REPLICA_MAX_LAG
    _status_change(state, "lagging" if lagging else "ok", f"{state.lag:.1f} s behind" if lagging else "")
    return state


def remember_write_position():
    """After a content change is committed: the primary's WAL position, which a replica must have replayed before
    it serves pages again (called before the content generation moves on)."""
    if settings.DATABASE_REPLICAS and connections["default"].vendor == "postgresql":
        caches["counters"].set(WRITE_POSITION_KEY, primary_position(), timeout=None)


def replica_for(request):
    """The replica this request may read from, or None for the primary."""
    if (
        not settings.DATABASE_REPLICAS
        or request.method not in SAFE_METHODS
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or RECENT_WRITE_COOKIE in request.COOKIES
    ):
        return None
    now = time.monotonic()
    try:
        write_position = caches["counters"].get(WRITE_POSITION_KEY)
        states = []
        for alias in settings.DATABASE_REPLICAS:
            state = replica_state(alias)
            if now >= state.retry_at and now - state.checked_at >= CHECK_SECONDS:
                state = replica_check(alias)
            states.append(state)
    except DatabaseError:  # the database cache went with the primary: the view will answer 503
        return None
    usable = [state.alias for state in states if state.usable(write_position)]
    return random.choice(usable) if usable else None


def replica_in_trouble():
    """Whether the database error being handled came from the replica this request reads from."""
    alias = _reads_from.get()
    return alias is not None and connections[alias].errors_occurred


class ReplicaMiddleware:
    """Sends an anonymous page view's content reads to a replica, answers it again from the primary when the
    replica fails, and marks a visitor who changed something so they read their own writes for a few seconds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _reads_from.set(replica_for(request))
        try:
            response = self.get_response(request)
        finally:
            _reads_from.reset(token)
        if request.method not in SAFE_METHODS:
            response.set_cookie(
                RECENT_WRITE_COOKIE,
                "1",
                max_age=settings.DATABASE_REPLICA_MAX_LAG + 5,
                secure=request.is_secure(),
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_exception(self, request, exception):
        if not isinstance(exception, DatabaseError) or not replica_in_trouble():
            return None
        replica_failed(_reads_from.get(), exception)
        _reads_from.set(None)
        return self.get_response(request)  # a page view changes nothing: ask again, from the primary
