"""A real primary and two real hot standbys (`pg_basebackup -R`) under gunicorn with the production settings: deploys
and commands use the primary, anonymous pages read from the standbys within the lag bound, form senders and staff
from the primary, and a stopped standby costs visitors nothing."""

import json
import statistics
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import psycopg
import pytest
import redis
from django.db import connection

from tests.servers import AppServer, TemporaryPostgres, TemporaryStandby, get, manage, production_env, wait_until

pytestmark = [
    pytest.mark.servers,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="runs in the PostgreSQL pass of CI"),
]
REDIS_URL = "redis://127.0.0.1:6379/10"  # a database of its own, emptied first
MAX_LAG = 2
CONTENT_TABLE = '"programs_program"'
CHECK_MARGIN = 3  # core.replica.CHECK_SECONDS and a little: each worker's own view of the standby catches up


@pytest.fixture(scope="module")
def databases():
    primary = TemporaryPostgres().create()
    primary.start()
    standbys = [TemporaryStandby(primary, "log_statement=all", "hot_standby_feedback=on").create() for _ in range(2)]
    for standby in standbys:
        standby.start()
    yield primary, standbys
    for standby in standbys:
        standby.remove()
    primary.remove()


@pytest.fixture(scope="module")
def env(databases, production_static):
    primary, standbys = databases
    redis.Redis.from_url(REDIS_URL).flushdb()
    return production_env(
        primary.url,
        DATABASE_REPLICA_URLS=",".join(standby.url for standby in standbys),
        DATABASE_REPLICA_MAX_LAG=str(MAX_LAG),
        DJANGO_STATIC_ROOT=str(production_static),
        REDIS_URL=REDIS_URL,
    )


@pytest.fixture(scope="module")
def app_server(env):
    # What `make serve` runs before gunicorn: with the standby configured, none of it may read from it.
    started = time.monotonic()
    manage(env, "createcachetable", timeout=120)
    manage(env, "migrate", "--no-input", timeout=300)
    manage(env, "load_gwangju", timeout=120)
    print(f"migrate and load_gwangju with a standby configured: {time.monotonic() - started:.1f} s")
    server = AppServer(env, workers=2).start()
    yield server
    server.stop()


def standby_sql(standby, statement):
    with psycopg.connect(standby.url.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        return conn.execute(statement).fetchall()


def content_reads_on(*standbys):
    return sum(standby.log_text().count(CONTENT_TABLE) for standby in standbys)


def health(server):
    status, _, body = get(server.url + "/healthz")
    return status, json.loads(body)


def pages(label, count=6):
    """Distinct URLs, so that no cached page answers."""
    stamp = f"{label}-{time.monotonic_ns()}"
    return [f"/programs/?q={stamp}-{n}" if n % 2 else f"/en/programs/?page=1&s={stamp}-{n}" for n in range(count)]


def wait_for_replica(server, state, seconds=30):
    wait_until(lambda: health(server)[1].get("replica") == state, seconds, f"/healthz never said replica {state}")


def test_migrate_and_commands_finish_and_anonymous_pages_read_from_both_standbys(databases, app_server):
    _, standbys = databases
    wait_for_replica(app_server, "ok")
    time.sleep(CHECK_MARGIN)
    before = [content_reads_on(standby) for standby in standbys]
    for path in pages("anonymous", count=20):
        assert get(app_server.url + path)[0] == 200, path
    assert all(content_reads_on(standby) > count for standby, count in zip(standbys, before, strict=True))


def test_staff_and_form_senders_read_from_the_primary(databases, app_server):
    _, standbys = databases
    wait_for_replica(app_server, "ok")
    before = content_reads_on(*standbys)
    for path in pages("staff"):
        assert get(app_server.url + path, headers={"Cookie": "sessionid=someone"})[0] == 200, path
    visitor = Visitor(app_server.url)
    assert visitor.send_suggestion() == 200
    for path in pages("sender"):
        assert visitor.get(path) == 200, path
    assert content_reads_on(*standbys) == before


def test_lag_is_bounded_and_a_visitor_reads_their_own_write(databases, app_server, env):
    primary, standbys = databases
    wait_for_replica(app_server, "ok")
    for standby in standbys:
        standby_sql(standby, "SELECT pg_wal_replay_pause()")
    try:
        # Published on the primary while the standbys replay nothing: public at once, from the primary.
        published = time.monotonic()
        slug = publish_a_program(env)
        wait_until(lambda: get(f"{app_server.url}/programs/{slug}/")[0] == 200, MAX_LAG + 5, "not public in time")
        print(f"a program published with replay paused was public after {time.monotonic() - published:.1f} s")
        visitor = Visitor(app_server.url)
        assert visitor.send_suggestion() == 200  # WAL the standbys do not replay
        assert visitor.get(f"/programs/{slug}/") == 200
        wait_for_replica(app_server, "lagging", MAX_LAG + 10)
        time.sleep(CHECK_MARGIN)
        before = content_reads_on(*standbys)
        for path in pages("lagging"):
            assert get(app_server.url + path)[0] == 200, path
        assert content_reads_on(*standbys) == before, "a lagging standby was read"
    finally:
        for standby in standbys:
            standby_sql(standby, "SELECT pg_wal_replay_resume()")
    wait_for_replica(app_server, "ok")


def timed_pages(server, label):
    timings = []
    for path in pages(label, count=40):
        started = time.monotonic()
        status = get(server.url + path)[0]
        timings.append(time.monotonic() - started)
        assert status == 200, path
    return statistics.quantiles(timings, n=20)[-1], max(timings)


def test_stopped_standbys_cost_visitors_nothing_and_are_used_again_when_they_return(databases, app_server):
    _, (first, second) = databases
    wait_for_replica(app_server, "ok")
    # Each worker checks its standbys again on its next page: the pages are fast enough now that 40 of them can
    # pass within one CHECK_SECONDS, on a view of the standbys from before the last test resumed their replay.
    time.sleep(CHECK_MARGIN)
    first.stop()
    try:
        before = content_reads_on(second)
        p95, slowest = timed_pages(app_server, "one-down")
        print(f"one standby stopped: 40 distinct pages, p95 {p95 * 1000:.0f} ms, slowest {slowest * 1000:.0f} ms")
        assert content_reads_on(second) > before, "the other standby was not read"
        status, body = health(app_server)
        assert status == 200 and body["database"] == "ok" and body["replica"] == "unavailable"
        assert body["replicas"] == {"replica": "unavailable", "replica_2": "ok"}
        second.stop()
        p95, slowest = timed_pages(app_server, "both-down")
        print(f"both standbys stopped: 40 distinct pages, p95 {p95 * 1000:.0f} ms, slowest {slowest * 1000:.0f} ms")
        status, body = health(app_server)
        assert status == 200 and body["replicas"] == {"replica": "unavailable", "replica_2": "unavailable"}
    finally:
        for standby in (first, second):
            if not standby.is_running():
                standby.start()
    wait_for_replica(app_server, "ok")

    def both_read_again():
        before = [content_reads_on(first), content_reads_on(second)]
        for path in pages("back", count=12):
            get(app_server.url + path)
        return content_reads_on(first) > before[0] and content_reads_on(second) > before[1]

    wait_until(both_read_again, 30, "pages never read from both standbys again")
    assert app_server.process.poll() is None, "gunicorn was restarted"


def publish_a_program(env):
    code = (
        "from django.utils import timezone; from core.publishing import Status; "
        "from partners.models import Partner; from programs.models import Category, Program; "
        "p = Program(title_ko='복제 지연 시험 사업', slug='replica-lag-check', category=Category.objects.first(), "
        "organizer=Partner.objects.first(), how_to_apply_ko='온라인 신청', contact_ko='062-000-0000', "
        "application_opens_at=timezone.now(), application_closes_at=timezone.now() + timezone.timedelta(days=9), "
        "status=Status.PUBLISHED, published_at=timezone.now()); p.save()"
    )
    manage(env, "shell", "-c", code)
    return "replica-lag-check"


class Visitor:
    """A browser without an account: it keeps its cookies and sends the suggestion form as a person would."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, path):
        with self.opener.open(self.base_url + path, timeout=15) as response:
            return response.status

    def send_suggestion(self):
        with self.opener.open(self.base_url + "/suggest/", timeout=15) as response:
            page = response.read().decode()
        token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
        form = {
            "csrfmiddlewaretoken": token,
            "kind": "program",
            "title": "복제 시험 제안",
            "organizer": "샘플 기관",
            "link": "https://example.org/",
            "contact_email": "visitor@example.org",
            "description": "시험",
        }
        request = urllib.request.Request(
            self.base_url + "/suggest/",
            data=urllib.parse.urlencode(form).encode(),
            headers={"Referer": self.base_url + "/suggest/"},
        )
        with self.opener.open(request, timeout=15) as response:
            assert response.url.endswith("/suggest/thanks/"), response.url
            return response.status
