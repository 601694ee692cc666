"""500 people registering for 200 seats at the same moment, through two gunicorn app servers sharing PostgreSQL and
Redis: exactly the seats are confirmed, everyone else waits in the order their requests were accepted, an address
sent twice holds one place, and nobody gets an error."""

import json
import uuid

import psycopg
import pytest
import redis
from django.db import connection

from tests.rush import rush
from tests.servers import AppServer, manage, production_env

pytestmark = [
    pytest.mark.servers,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="runs in the PostgreSQL pass of CI"),
]
REDIS_URL = "redis://127.0.0.1:6379/12"  # a database of its own, emptied before and after
SEATS, OVERBOOKING, PEOPLE, TWICE = 190, 5, 480, 20  # 190 + 5 % = 199 seats; 20 addresses sent twice: 500 posts

CREATE_EVENT = f"""
from tests.factories import EventFactory
EventFactory(slug="rush-day", registration_mode="portal", capacity={SEATS}, overbooking_percent={OVERBOOKING})
"""
ROWS = """
import json
from registrations.models import Registration
print(json.dumps(list(Registration.objects.order_by("queued_at", "pk").values_list("status", "email"))))
"""


@pytest.fixture
def servers(production_static):
    params = connection.get_connection_params()
    server = f"postgres://{params['user']}@{params.get('host') or '127.0.0.1'}:{params.get('port') or 5432}"
    name = f"gwangju_rush_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    shared_cache = redis.Redis.from_url(REDIS_URL)
    shared_cache.flushdb()
    env = production_env(
        f"{server}/{name}",
        REDIS_URL=REDIS_URL,
        DJANGO_STATIC_ROOT=str(production_static),
        DJANGO_SITE_URL="http://localhost",
        REGISTRATIONS_PER_IP_PER_HOUR="100000",  # every client here comes from 127.0.0.1
    )
    manage(env, "migrate", "--no-input")
    manage(env, "shell", "-c", CREATE_EVENT)
    first, second = AppServer(env, workers=3).start(), AppServer(env, workers=3).start()
    yield env, first, second
    first.stop()
    second.stop()
    shared_cache.flushdb()
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_500_at_once_for_199_seats_confirm_exactly_the_seats_in_the_order_accepted(servers):
    env, first, second = servers
    emails = [f"person{number}@example.com" for number in range(PEOPLE)]
    emails += emails[:TWICE]  # the same address again, at the same moment
    answers = rush([first.url, second.url], "rush-day", emails, host="localhost")
    statuses = [answer.status for answer in answers]
    # Everyone gets the same answer, the address sent twice too: the place itself goes by email.
    assert statuses.count(200) == PEOPLE + TWICE, sorted(set(statuses))

    rows = json.loads(manage(env, "shell", "-c", ROWS).strip().splitlines()[-1])
    seats = SEATS * (100 + OVERBOOKING) // 100
    assert len(rows) == PEOPLE and len({email for _, email in rows}) == PEOPLE
    in_order = [status for status, _ in rows]
    # Accepted in order: the first `seats` rows by time of acceptance are confirmed, all the later ones wait.
    assert in_order == ["confirmed"] * seats + ["waiting"] * (PEOPLE - seats)
