"""Read replicas: anonymous page views read the catalogue from a replica that is up, close behind and has replayed
the last content change; everything else reads from the primary. The real standby is in tests/site/test_standby.py.
"""

import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from core import generation, replica
from core.generation import content_generation
from core.page_cache import AnonymousPageCacheMiddleware
from core.replica import RECENT_WRITE_COOKIE, WRITE_POSITION_KEY, ReplicaMiddleware, ReplicaRouter, replication_lag
from programs.models import Program
from tests.factories import ProgramFactory

router = ReplicaRouter()


@pytest.fixture
def replicas(settings, monkeypatch):
    """Two replicas as this process last saw them: both answering, caught up to WAL position 100."""
    settings.DATABASE_REPLICAS = ["replica", "replica_2"]
    states = {
        alias: replica.ReplicaState(alias, status="ok", replayed=100, lag=0.0) for alias in ["replica", "replica_2"]
    }
    for state in states.values():
        state.checked_at = time.monotonic() + 3600  # fresh: no check is made
    monkeypatch.setattr(replica, "_states", states)
    caches["counters"].delete(WRITE_POSITION_KEY)
    yield states
    caches["counters"].delete(WRITE_POSITION_KEY)


def reads_during(request, model=Program):
    seen = {}

    def view(request):
        seen["database"] = router.db_for_read(model)
        return HttpResponse()

    response = ReplicaMiddleware(view)(request)
    return seen["database"], response


def test_outside_a_request_content_is_read_from_the_primary():
    """Migrations, commands, the shell and background work: the router sends nothing to a replica."""
    assert router.db_for_read(Program) is None
    assert router.db_for_write(Program) == "default"
    assert router.allow_migrate("replica", "programs") is False and router.allow_migrate("default", "programs")


def test_an_anonymous_page_view_reads_the_catalogue_from_a_replica(replicas):
    database, _ = reads_during(RequestFactory().get("/programs/"))
    assert database in ("replica", "replica_2")
    assert reads_during(RequestFactory().get("/programs/"), User)[0] is None  # accounts and sessions: the primary
    assert router.db_for_read(Program) is None  # and after the request, the primary again


@pytest.mark.parametrize(
    "request_",
    [
        RequestFactory().get("/programs/", HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=abc"),  # staff
        RequestFactory().post("/suggest/"),
        RequestFactory().get("/suggest/thanks/", HTTP_COOKIE=f"{RECENT_WRITE_COOKIE}=1"),  # just sent a form
    ],
    ids=["staff", "form", "after-a-form"],
)
def test_staff_and_form_senders_read_from_the_primary(replicas, request_):
    assert reads_during(request_)[0] is None


def test_a_form_sender_is_marked_for_a_few_seconds_and_skips_the_page_cache(replicas):
    _, response = reads_during(RequestFactory().post("/suggest/"))
    cookie = response.cookies[RECENT_WRITE_COOKIE]
    assert cookie["max-age"] == settings.DATABASE_REPLICA_MAX_LAG + 5 and cookie["httponly"]
    assert RECENT_WRITE_COOKIE not in reads_during(RequestFactory().get("/programs/"))[1].cookies
    marked = RequestFactory().get("/programs/", HTTP_COOKIE=f"{RECENT_WRITE_COOKIE}=1")
    assert not AnonymousPageCacheMiddleware.cacheable_request(marked)
    assert AnonymousPageCacheMiddleware.cacheable_request(RequestFactory().get("/programs/"))


def test_a_lagging_or_unavailable_replica_is_skipped(replicas):
    replicas["replica"].status = "lagging"
    assert {reads_during(RequestFactory().get("/"))[0] for _ in range(20)} == {"replica_2"}
    replicas["replica_2"].status = "unavailable"
    assert reads_during(RequestFactory().get("/"))[0] is None


def test_after_a_change_only_a_replica_that_replayed_it_serves_pages(replicas):
    replicas["replica"].replayed = 250
    caches["counters"].set(WRITE_POSITION_KEY, 200)
    assert {reads_during(RequestFactory().get("/"))[0] for _ in range(20)} == {"replica"}
    replicas["replica"].replayed = 150
    assert reads_during(RequestFactory().get("/"))[0] is None


@pytest.mark.parametrize(
    "primary, replayed, since_replay, since_caught_up, lag",
    [
        (500, 500, 3600.0, None, 0.0),  # an idle primary: caught up, however old the last transaction
        (500, 400, 1.5, None, 1.5),  # streaming: as old as the last replayed transaction
        (500, 400, 3600.0, 0.8, 0.8),  # the first write after a quiet hour: not an hour late
        (500, 400, 30.0, 30.0, 30.0),  # replay stopped
        (500, None, None, None, math.inf),  # not replaying at all
    ],
)
def test_replication_lag(primary, replayed, since_replay, since_caught_up, lag):
    assert replication_lag(primary, replayed, since_replay, since_caught_up) == lag


def test_wal_positions_compare_as_numbers():
    assert replica.wal_position("0/9FFFFFF") < replica.wal_position("0/A000000") < replica.wal_position("1/0")
    assert replica.wal_position(None) is None


@pytest.mark.django_db(transaction=True)
def test_a_committed_change_notes_the_write_position_once_then_moves_the_generation(monkeypatch):
    seen = []
    monkeypatch.setattr(generation, "remember_write_position", lambda: seen.append(content_generation()))
    before = content_generation()
    with transaction.atomic():
        ProgramFactory()
        ProgramFactory()
        assert seen == [] and content_generation() > before  # moved at once, noted only on commit
        during = content_generation()
    assert seen == [during]  # once for the whole transaction, before the generation moves again
    assert content_generation() == during + 1


def test_every_migration_writes_through_the_connection_it_runs_on():
    """Django's RunPython rule: a data step that touches rows uses schema_editor.connection.alias, so that a
    router never sends it to a replica."""
    for path in Path(settings.BASE_DIR).glob("*/migrations/0*.py"):
        text = path.read_text()
        if "RunPython(" in text and ".objects" in text:
            assert "schema_editor.connection.alias" in text and ".using(" in text, path


def settings_with(**environment):
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "gwangju_portal.settings", **environment}
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'databases': sorted(s.DATABASES), 'replicas': s.DATABASE_REPLICAS, "
        "'routers': s.DATABASE_ROUTERS, 'max_lag': s.DATABASE_REPLICA_MAX_LAG, "
        "'middleware': [m for m in s.MIDDLEWARE if 'replica' in m]}))"
    )
    return subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True)


def test_replicas_are_configured_only_when_asked_for():
    secret = "x" * 50
    plain = json.loads(settings_with(DJANGO_SECRET_KEY=secret).stdout)
    assert plain == {"databases": ["default"], "replicas": [], "routers": [], "max_lag": 5, "middleware": []}
    one = "postgres://reader@replica.internal:5432/portal"
    configured = json.loads(settings_with(DJANGO_SECRET_KEY=secret, DATABASE_REPLICA_URL=one).stdout)
    assert configured["databases"] == ["default", "replica"] and configured["replicas"] == ["replica"]
    assert configured["routers"] == ["core.replica.ReplicaRouter"]
    assert configured["middleware"] == ["core.replica.ReplicaMiddleware"]
    several = settings_with(
        DJANGO_SECRET_KEY=secret,
        DATABASE_REPLICA_URLS=f"{one}, {one.replace('replica.', 'replica2.')}",
        DATABASE_REPLICA_MAX_LAG="3",
    )
    configured = json.loads(several.stdout)
    assert configured["replicas"] == ["replica", "replica_2"] and configured["max_lag"] == 3
    broken = settings_with(DJANGO_SECRET_KEY=secret, DATABASE_REPLICA_URL="nonsense://")
    assert broken.returncode != 0 and "DATABASE_REPLICA_URL is not a valid database URL" in broken.stderr


def test_a_replica_going_away_and_coming_back_is_logged_once_each(replicas, caplog, monkeypatch):
    monkeypatch.setattr(replica, "connections", {"replica": type("Gone", (), {"close": lambda self: None})()})
    for _ in range(3):
        replica.replica_failed("replica", "connection refused")
    for _ in range(3):
        replica._status_change(replicas["replica"], "ok")
    messages = [record.getMessage() for record in caplog.records if record.name == "core.replica"]
    assert len(messages) == 2
    assert "replica is now unavailable" in messages[0] and "connection refused" in messages[0]
    assert messages[1] == "Replica replica is now ok"
