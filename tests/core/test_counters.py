"""Rate-limit counters and the content generation on each cache backend the portal supports (the database cache of
single-process deployments, Redis): each counter keeps its own window, visitors' traffic cannot evict them, and the
generation never repeats (trust review, second round, findings 2 to 4)."""

import socket
import uuid
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import caches
from django.core.management import call_command
from django.test import override_settings

from core.generation import bump_content_generation, content_generation, content_generation_and
from core.ratelimit import count_for

DATABASE_CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "portal_cache",
        "OPTIONS": {"MAX_ENTRIES": 30},  # small, so that a flood of fragments culls it
    },
    "counters": {
        "BACKEND": "core.cache.CounterDatabaseCache",
        "LOCATION": "portal_counters",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 20},
    },
}


def redis_caches():
    prefix = uuid.uuid4().hex  # this test's keys only, in a database of the tests' own (clear() empties it)
    options = {"BACKEND": "core.cache.PortalRedisCache", "LOCATION": "redis://127.0.0.1:6379/9", "KEY_PREFIX": prefix}
    return {"default": options, "counters": {**options, "TIMEOUT": None}}


def redis_running():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture
def database_cache(transactional_db):
    with override_settings(CACHES=DATABASE_CACHES):
        call_command("createcachetable", verbosity=0)
        yield
        for alias in DATABASE_CACHES:
            caches[alias].clear()


@pytest.fixture(params=["database", "redis"])
def any_cache(request, transactional_db):
    if request.param == "redis" and not redis_running():
        pytest.skip("Redis is not running")
    settings_ = DATABASE_CACHES if request.param == "database" else redis_caches()
    with override_settings(CACHES=settings_):
        if request.param == "database":
            call_command("createcachetable", verbosity=0)
        yield request.param
        for alias in settings_:
            caches[alias].clear()


def count(scope="alerts", window=3600, who="203.0.113.7"):
    return count_for(who, scope=scope, limit=10, window_seconds=window)


def test_an_hourly_window_outlives_five_quiet_minutes_and_ends_after_the_hour(database_cache):
    with time_machine.travel("2026-12-01 10:00 +0900", tick=False) as clock:
        assert [count().count for _ in range(3)] == [1, 2, 3]
        clock.shift(timedelta(minutes=10))
        assert count().count == 4  # the default lifetime (300 s) no longer ends it
        clock.shift(timedelta(minutes=40))
        usage = count()
        assert usage.count == 5
        assert usage.reset_seconds == 600
        clock.shift(timedelta(minutes=11))
        assert count().count == 1  # a new window


def test_a_sixty_second_window_ends_after_sixty_seconds(database_cache):
    with time_machine.travel("2026-12-01 10:00 +0900", tick=False) as clock:
        for _ in range(5):
            count(scope="api", window=60)
            clock.shift(timedelta(seconds=5))
        assert count(scope="api", window=60).count == 6
        clock.shift(timedelta(seconds=40))
        assert count(scope="api", window=60).count == 1


def test_the_window_is_its_own_on_redis_too(any_cache):
    for _ in range(3):
        count()
    key = caches["counters"].make_and_validate_key("rate:alerts:203.0.113.7")
    if any_cache == "redis":
        ttl = caches["counters"]._cache.get_client(key).ttl(key)
        assert 3590 < ttl <= 3600  # incr kept the window's expiry
    assert count().count == 4


def test_a_flood_of_fragments_evicts_no_counter_and_no_generation(any_cache):
    counted = [count(who=f"198.51.100.{n}").count for n in range(10)]
    generation = content_generation()
    for n in range(300):  # anonymous visitors asking for pages nobody asked before
        caches["default"].set(f"fragment:{n}", "x" * 100, 60)
    assert counted == [1] * 10
    assert [count(who=f"198.51.100.{n}").count for n in range(10)] == [2] * 10
    assert content_generation() == generation
    if any_cache == "database":
        assert caches["default"].get("fragment:0") is None  # the page cache has its size, and culls
    assert caches["counters"].get("rate:alerts:198.51.100.0") == 2


def test_expired_counters_are_deleted_when_the_table_fills(database_cache):
    with time_machine.travel("2026-12-01 10:00 +0900", tick=False) as clock:
        for n in range(25):
            count(who=f"192.0.2.{n}", window=60)
        clock.shift(timedelta(minutes=2))
        count(who="192.0.2.200", window=60)  # over 20 entries: the expired ones go
        assert caches["counters"].get("rate:alerts:192.0.2.0") is None
        assert count(who="192.0.2.200", window=60).count == 2


def test_the_generation_does_not_lapse_when_nothing_changes(database_cache):
    with time_machine.travel("2026-12-01 10:00 +0900", tick=False) as clock:
        generation = content_generation()
        clock.shift(timedelta(hours=2))
        assert content_generation() == generation


def test_the_generation_never_repeats_when_the_cache_forgets_it(any_cache):
    seen = [content_generation()]
    for _ in range(3):
        bump_content_generation()
        seen.append(content_generation())
    caches["counters"].clear()  # a restarted Redis, a cleared table
    seen.append(content_generation())
    bump_content_generation()
    seen.append(content_generation())
    assert seen == sorted(seen)
    assert len(set(seen)) == len(seen)


def test_a_cached_page_and_the_generation_are_read_together(any_cache, monkeypatch):
    caches["default"].set("page:GET:address", "drawn")
    generation = content_generation()
    if any_cache == "redis":  # the page cache's hit: one round trip for both, neither cache's own get
        for alias in ("default", "counters"):
            monkeypatch.setattr(caches[alias], "get", lambda *args, **kwargs: pytest.fail("a second round trip"))
    assert content_generation_and(caches["default"], "page:GET:address") == (generation, "drawn")
    assert content_generation_and(caches["default"], "page:GET:elsewhere") == (generation, None)
    bump_content_generation()
    assert content_generation_and(caches["default"], "page:GET:address")[0] > generation
