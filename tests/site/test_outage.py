"""PostgreSQL stopped and started for real under a running gunicorn: 503 with Retry-After, then recovery by itself."""

import time

import pytest
import redis
from django.db import connection

from tests.servers import AppServer, TemporaryPostgres, get, manage, production_env, wait_until

pytestmark = [
    pytest.mark.servers,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="runs in the PostgreSQL pass of CI"),
]
REDIS_URL = "redis://127.0.0.1:6379/14"  # a database of its own, emptied first
# Pages not fetched before the outage, so that no cached copy answers for them (cached pages are still served).
PAGES_DURING_OUTAGE = ["/", "/programs/?q=outage", "/en/partners/", "/events/", "/agreements/"]


@pytest.fixture
def postgres():
    server = TemporaryPostgres().create()
    server.start()
    yield server
    server.remove()


@pytest.fixture
def app_server(postgres, production_static):
    redis.Redis.from_url(REDIS_URL).flushdb()  # several workers share Redis, as in production
    env = production_env(
        postgres.url, DJANGO_STATIC_ROOT=str(production_static), DATABASE_POOL_TIMEOUT="2", REDIS_URL=REDIS_URL
    )
    manage(env, "migrate", "--no-input")
    manage(env, "load_gwangju")
    server = AppServer(env, workers=2).start()
    yield server
    server.stop()


def test_pages_answer_503_while_postgres_is_down_and_recover_without_a_restart(postgres, app_server):
    assert get(app_server.url + "/programs/")[0] == 200
    status, _, body = get(app_server.url + "/healthz")
    assert (status, '"database": "ok"' in body) == (200, True)

    postgres.stop()
    for path in PAGES_DURING_OUTAGE:
        status, headers, body = get(app_server.url + path)
        assert status == 503, path
        assert headers["Retry-After"] == "30", path
        assert "no-store" in headers["Cache-Control"], path
        assert (
            ("Temporarily unavailable" in body) if path.startswith("/en/") else ("잠시 이용할 수 없습니다" in body)
        ), path
    status, _, body = get(app_server.url + "/healthz")
    assert (status, '"database": "unavailable"' in body) == (503, True)

    postgres.start()
    restarted = time.monotonic()

    def every_page_answers():
        # Each gunicorn worker has its own pool and recovers on its own: ask until all pages answer, twice over.
        return all(get(app_server.url + path)[0] == 200 for path in [*PAGES_DURING_OUTAGE, "/healthz"] * 2)

    wait_until(every_page_answers, 30, "the portal did not recover within 30 s")
    print(f"every page answered again {time.monotonic() - restarted:.1f} s after PostgreSQL came back")
    assert app_server.process.poll() is None, "gunicorn was not restarted"
