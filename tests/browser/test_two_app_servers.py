"""Two gunicorn app servers sharing one PostgreSQL and one Redis, as docs/deploy.md runs many machines.

A change saved through one server shows through the other on the next request, cached pages included, and one
login works on both.
"""

import re
import uuid

import psycopg
import pytest
import redis
from django.db import connection

from tests.servers import AppServer, get, manage, production_env

pytestmark = [
    pytest.mark.browser,
    pytest.mark.servers,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="runs in the PostgreSQL pass of CI"),
]
REDIS_URL = "redis://127.0.0.1:6379/13"  # a database of its own, emptied before and after
PASSWORD = "two-servers-password"


@pytest.fixture
def shared_database():
    params = connection.get_connection_params()
    server = f"postgres://{params['user']}@{params.get('host') or '127.0.0.1'}:{params.get('port') or 5432}"
    name = f"gwangju_two_servers_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{server}/{name}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture
def servers(shared_database, production_static):
    shared_cache = redis.Redis.from_url(REDIS_URL)
    shared_cache.flushdb()
    env = production_env(shared_database, REDIS_URL=REDIS_URL, DJANGO_STATIC_ROOT=str(production_static))
    manage(env, "migrate", "--no-input")
    manage(env, "load_gwangju")
    manage(
        {**env, "DJANGO_SUPERUSER_PASSWORD": PASSWORD},
        "createsuperuser",
        "--no-input",
        "--username=editor",
        "--email=editor@example.kr",
    )
    first, second = AppServer(env).start(), AppServer(env).start()
    yield first, second
    first.stop()
    second.stop()
    shared_cache.flushdb()


# Behind a load balancer every app server gets the portal's public host (the page cache is keyed on it).
PUBLIC_HOST = "localhost"


def visit(url):
    """A visitor's request through the load balancer: (X-Page-Cache, page)."""
    status, headers, body = get(url, headers={"Host": PUBLIC_HOST})
    assert status == 200, url
    return headers.get("X-Page-Cache"), body


def test_a_change_through_one_server_shows_through_the_other_and_a_login_works_on_both(browser, servers):
    first, second = servers
    assert visit(first.url + "/partners/")[0] == "miss"
    assert visit(first.url + "/partners/")[0] == "hit"
    assert visit(second.url + "/partners/")[0] == "hit", "the servers do not share the page cache"

    editor = browser.new_context().new_page()
    editor.goto(second.url + "/admin/login/")
    editor.fill("#id_username", "editor")
    editor.fill("#id_password", PASSWORD)
    editor.click("input[type=submit]")
    editor.wait_for_url(second.url + "/admin/")
    # The session cookie is sent to both (cookies ignore the port); the session itself lives in the database.
    editor.goto(first.url + "/admin/")
    assert editor.url == first.url + "/admin/", "the login made on one server does not work on the other"

    editor.goto(second.url + "/admin/partners/partner/?q=gwangju-techno-park")
    editor.click("#result_list tbody th a")
    editor.fill("#id_name_ko", "광주테크노파크 (두 서버 시험)")
    editor.click("input[name=_save]")
    editor.wait_for_url(re.compile(r"/admin/partners/partner/(\?.*)?$"))  # back on the list: saved

    cache, page = visit(first.url + "/partners/")
    assert cache == "miss" and "광주테크노파크 (두 서버 시험)" in page
