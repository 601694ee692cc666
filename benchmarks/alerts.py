"""Alerts at scale: the daily run for 100,000 confirmed addresses, delivered to a local SMTP sink by two workers.

    .venv/bin/python benchmarks/alerts.py [--addresses 100000] [--workers 2]

Seeds a PostgreSQL database (BENCH_ALERTS_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/gwangju_alerts)
once: 3,000 sample programs through seed_demo, then 100,000 confirmed addresses holding 60,000 saved searches over
varied filters (a few thousand distinct ones, some saved by many people) and 40,000 follows (programs and
institutes), all daily; 200 programs published in the last day, 20 followed programs changed and some closing soon.
After `VACUUM ANALYZE` it runs `manage.py send_alerts --now <today 08:00 Korea time>` in its own process (which
counts its queries), then starts the workers (`manage.py db_worker`) against an SMTP sink (aiosmtpd) on loopback and
waits until every message is sent, sampling each process's memory. Prints the figures; writes
benchmarks/results/alerts.json.
"""

import argparse
import asyncio
import json
import os
import platform
import random
import re
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get("BENCH_ALERTS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/gwangju_alerts")
ENV = {
    "DATABASE_URL": DATABASE_URL,
    "DJANGO_SETTINGS_MODULE": "gwangju_portal.settings",
    "DJANGO_SECRET_KEY": "benchmark-only",
    "DJANGO_DEBUG": "0",
    "DJANGO_HTTPS": "0",
    "DJANGO_SINGLE_PROCESS": "1",
    "DJANGO_LOG_LEVEL": "WARNING",
}
os.environ.update(ENV)
os.environ.pop("REDIS_URL", None)

KOREA = ZoneInfo("Asia/Seoul")
TARGET_SECONDS = 600
TARGET_WORKER_MB = 300
KEYWORDS = ["", "", "", "창업", "인공지능", "AI", "데이터", "투자", "교육", "startup", "멘토링", "수소"]
STATES = ["", "open", "upcoming", "closing"]


def manage(*args, env=None):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**os.environ, **(env or {})}, check=True)


def prepare_database():
    import psycopg

    parts = urlsplit(DATABASE_URL)
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as admin:
        name = parts.path.lstrip("/")
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')
    manage("createcachetable")
    manage("migrate", "--no-input", "-v0")


def seed(addresses, now):
    """Everything the run needs, in bulk; returns the number of distinct saved searches."""
    from django.db import connection
    from django.db.models import F
    from django.http import QueryDict
    from django_tasks_db.models import DBTaskResult

    from alerts.follows import material_values
    from alerts.models import Alert, ProgramWatch, SavedSearch, Subscriber
    from alerts.searches import normal_query
    from core.models import EmailDelivery
    from partners.models import Partner
    from programs.models import Audience, Category, Program

    if Program.objects.count() < 3000:
        manage("seed_demo", "--programs", "3000", "--events", "300", "--seed", "7", env={"DJANGO_DEBUG": "1"})
    for model in (Alert, Subscriber, SavedSearch, ProgramWatch, EmailDelivery, DBTaskResult):
        model.objects.all().delete()
    rng = random.Random(2026)
    categories = list(Category.objects.values_list("slug", flat=True))
    audiences = [""] + list(Audience.objects.values_list("slug", flat=True))
    queries = set()
    while len(queries) < 3000:
        params = QueryDict(mutable=True)
        for name, choices in (("category", categories), ("state", STATES), ("audience", audiences), ("q", KEYWORDS)):
            value = rng.choice(choices) if name != "category" or rng.random() < 0.8 else ""
            if value:
                params[name] = value
        queries.add(normal_query(params))
    searches = SavedSearch.objects.bulk_create([SavedSearch(query=query) for query in sorted(queries)])
    weights = [1 / (rank + 1) for rank in range(len(searches))]  # a few searches saved by many
    subscribers = Subscriber.objects.bulk_create(
        [
            Subscriber(email=f"sample{number}@example.com", language="ko" if number % 5 else "en", confirmed_at=now)
            for number in range(addresses)
        ],
        batch_size=5000,
    )
    covered = (now - timedelta(days=1)).replace(hour=8, minute=0)
    confirmed = now - timedelta(days=2)
    published = list(Program.objects.published().values_list("pk", flat=True))
    institutes = list(Partner.objects.published().values_list("pk", flat=True))
    followed_programs = rng.sample(published, 2000)
    alerts = []
    share = addresses * 6 // 10
    for subscriber, search in zip(subscribers[:share], rng.choices(searches, weights, k=share), strict=True):
        alerts.append(Alert(subscriber=subscriber, search=search, covered_until=covered, confirmed_at=confirmed))
    for number, subscriber in enumerate(subscribers[share:]):
        target = (
            {"program_id": rng.choice(followed_programs)} if number % 4 else {"institute_id": rng.choice(institutes)}
        )
        alerts.append(Alert(subscriber=subscriber, covered_until=covered, confirmed_at=confirmed, **target))
    Alert.objects.bulk_create(alerts, batch_size=5000)
    ProgramWatch.objects.bulk_create(
        [
            ProgramWatch(program=program, values=material_values(program))
            for program in Program.objects.filter(pk__in=followed_programs).prefetch_related("audiences", "attachments")
        ]
    )
    # exactly 200 programs published in the last day (an earlier run's are moved back), 20 followed programs with a
    # later closing date
    Program.objects.filter(published_at__gt=covered).update(published_at=covered - timedelta(days=2))
    for pk in rng.sample(published, 200):
        Program.objects.filter(pk=pk).update(published_at=covered + timedelta(minutes=rng.randrange(1, 24 * 60 - 1)))
    for pk in rng.sample(followed_programs, 20):
        Program.objects.filter(pk=pk, application_closes_at__isnull=False).update(
            application_closes_at=F("application_closes_at") + timedelta(days=rng.randrange(3, 20))
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return len(searches)


def memory_mb(pid):
    """(resident, unique) set size of a process in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":")
        fields[name] = int(value.split()[0])
    return fields["Rss"] / 1024, (fields["Private_Clean"] + fields["Private_Dirty"]) / 1024


def run_sink(port, received):
    from aiosmtpd.controller import Controller

    class Sink:
        async def handle_DATA(self, server, session, envelope):
            received.append(1)
            return "250 OK"

    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    return controller


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addresses", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    prepare_database()
    import django

    django.setup()
    from core.models import EmailDelivery
    from tests.servers import free_port

    today = datetime.now(KOREA).date()
    now = datetime(today.year, today.month, today.day, 8, 0, tzinfo=KOREA)
    started = time.monotonic()
    distinct = seed(args.addresses, now)
    print(f"seeded {args.addresses} addresses, {distinct} distinct searches in {time.monotonic() - started:.0f} s")

    # The run as production makes it: `manage.py send_alerts`, in a process of its own whose memory is sampled.
    started = time.monotonic()
    command = subprocess.Popen(
        [sys.executable, "manage.py", "send_alerts", "--now", now.isoformat()],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    queue_peak = (0.0, 0.0)
    while command.poll() is None:
        try:
            queue_peak = max(queue_peak, memory_mb(command.pid))
        except FileNotFoundError:  # it has just ended
            break
        time.sleep(0.5)
    output = command.communicate()[0]
    queue_seconds = time.monotonic() - started
    queued, queries = (int(number) for number in re.search(r"(\d+) emails .* (\d+) queries", output).groups())
    print(output.strip())

    port, received = free_port(), []
    sink = run_sink(port, received)
    env = {**os.environ, "DJANGO_EMAIL_HOST": "127.0.0.1", "DJANGO_EMAIL_PORT": str(port)}
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.5", "-v0"]
    workers = [
        subprocess.Popen([*command, "--worker-id", f"bench-{number}"], cwd=ROOT, env=env)
        for number in range(args.workers)
    ]
    started, peak = time.monotonic(), [(0.0, 0.0)] * len(workers)
    try:
        while True:
            time.sleep(2)
            peak = [max(old, memory_mb(w.pid)) for old, w in zip(peak, workers, strict=True)]
            left = EmailDelivery.objects.exclude(status__in=["sent", "failed"]).count()
            if not left:
                break
            if time.monotonic() - started > 3600:
                raise SystemExit("not finished within an hour")
        deliver_seconds = time.monotonic() - started
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait(timeout=60)
        sink.stop()
    sent = EmailDelivery.objects.filter(status="sent").count()
    failed = EmailDelivery.objects.filter(status="failed").count()
    total = queue_seconds + deliver_seconds
    report = {
        "when": datetime.now().isoformat(timespec="seconds"),
        "machine": f"{os.cpu_count()} cores, Python {platform.python_version()}, PostgreSQL",
        "addresses": args.addresses,
        "distinct_searches": distinct,
        "workers": args.workers,
        "emails_queued": queued,
        "emails_sent": sent,
        "emails_failed": failed,
        "received_by_sink": len(received),
        "queue_seconds": round(queue_seconds, 1),
        "deliver_seconds": round(deliver_seconds, 1),
        "total_seconds": round(total, 1),
        "queries": queries,
        "send_alerts_peak_rss_mb": round(queue_peak[0], 1),
        "worker_peak_rss_mb": [round(rss, 1) for rss, _ in peak],
        "worker_peak_unique_mb": [round(unique, 1) for _, unique in peak],
    }
    print(json.dumps(report, indent=2))
    print(f"target: every message within {TARGET_SECONDS} s -> {total:.0f} s "
          f"{'met' if total < TARGET_SECONDS and sent == len(received) else 'MISSED'}")  # fmt: skip
    worst = max(queue_peak[0], *(rss for rss, _ in peak))
    verdict = "met" if worst < TARGET_WORKER_MB else "MISSED"
    print(f"target: each process (send_alerts, workers) under {TARGET_WORKER_MB} MB -> {worst:.0f} MB {verdict}")
    (ROOT / "benchmarks" / "results" / "alerts.json").write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    asyncio.set_event_loop(asyncio.new_event_loop())
    main()
