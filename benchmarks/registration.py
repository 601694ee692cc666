"""500 people registering for 200 seats at the same moment, against `make serve` on PostgreSQL and Redis.

    .venv/bin/python benchmarks/registration.py [--people 500] [--seats 200]

Makes a fresh database (REGISTRATION_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/gwangju_registration)
with one event open for registration on the portal, starts `make serve` (gunicorn with its usual workers, the
background worker and the scheduler beside it), lets every client load the form, then all post at once
(tests/rush.py). Reports the time until every request had its answer, the latency percentiles, the errors, and
whether the counts are exact (confirmed = seats, the rest waiting in the order accepted). Writes
benchmarks/results/registration.json. The per-address limit is lifted: every client here comes from 127.0.0.1.
"""

import argparse
import json
import os
import platform
import signal
import sys
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.load import serve  # noqa: E402
from tests.rush import percentile, rush  # noqa: E402
from tests.servers import free_port, manage, production_env  # noqa: E402

DATABASE_URL = os.environ.get("REGISTRATION_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/gwangju_registration")
REDIS_URL = os.environ.get("REGISTRATION_REDIS_URL", "redis://127.0.0.1:6379/11")
TARGET_SECONDS = 10
ROWS = """
import json
from registrations.models import Registration
print(json.dumps(list(Registration.objects.order_by("queued_at", "pk").values_list("status", flat=True))))
"""


def prepare_database(seats):
    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    env = production_env(DATABASE_URL, REDIS_URL=REDIS_URL)
    manage(env, "migrate", "--no-input")
    create = (
        "from tests.factories import EventFactory\n"
        f"EventFactory(slug='rush-day', registration_mode='portal', capacity={seats})\n"
    )
    manage(env, "shell", "-c", create)
    with psycopg.connect(DATABASE_URL, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--seats", type=int, default=200)
    options = parser.parse_args()
    prepare_database(options.seats)
    redis.Redis.from_url(REDIS_URL).flushdb()
    os.environ["REGISTRATIONS_PER_IP_PER_HOUR"] = "1000000"
    port = free_port()
    server = serve(port, database_url=DATABASE_URL, redis_url=REDIS_URL)
    try:
        emails = [f"rush{number}@example.com" for number in range(options.people)]
        answers = rush([f"http://127.0.0.1:{port}"], "rush-day", emails)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    statuses = [answer.status for answer in answers]
    printed = manage(production_env(DATABASE_URL, REDIS_URL=REDIS_URL), "shell", "-c", ROWS)
    rows = json.loads(printed.strip().splitlines()[-1])
    confirmed = rows.count("confirmed")
    expected = ["confirmed"] * options.seats + ["waiting"] * (options.people - options.seats)
    result = {
        "measured_at": datetime.now().isoformat(timespec="seconds"),
        "machine": f"{platform.node()} ({os.cpu_count()} cores)",
        "people": options.people,
        "seats": options.seats,
        "all_answered_seconds": round(max(answer.seconds for answer in answers), 2),
        "latency_p50_ms": round(percentile([a.latency for a in answers], 0.50) * 1000),
        "latency_p99_ms": round(percentile([a.latency for a in answers], 0.99) * 1000),
        "answered": statuses.count(200),
        "errors": len(statuses) - statuses.count(200),
        "confirmed": confirmed,
        "waiting": rows.count("waiting"),
        "counts_exact_and_in_order": rows == expected,
    }
    print(json.dumps(result, indent=1))
    verdict = result["all_answered_seconds"] <= TARGET_SECONDS and not result["errors"]
    print(f"target: every request answered within {TARGET_SECONDS} s with 0 errors: {'met' if verdict else 'NOT met'}")
    (ROOT / "benchmarks" / "results").mkdir(exist_ok=True)
    (ROOT / "benchmarks" / "results" / "registration.json").write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
