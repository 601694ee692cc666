"""Catalogue speed at scale: p50/p95 server time and SQL query count of the pages citizens use most.

    .venv/bin/python benchmarks/catalogue.py [--programs 100000] [--events 20000] [--requests 100] [--reseed]
    BENCH_REDIS_URL=redis://127.0.0.1:6379/15 .venv/bin/python benchmarks/catalogue.py   # with Redis, as in production

Seeds a PostgreSQL database (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/gwangju_benchmark)
through seed_demo once, then times each page in-process through Django's test client (server time: URL routing,
views, ORM, templates; no network). Prints a table and JSON; writes benchmarks/results/catalogue.json.
"""

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/gwangju_benchmark")
os.environ.update(
    DATABASE_URL=DATABASE_URL,
    DJANGO_SETTINGS_MODULE="gwangju_portal.settings",
    DJANGO_SECRET_KEY="benchmark-only",
    DJANGO_DEBUG="0",
    DJANGO_HTTPS="0",
    DJANGO_ALLOWED_HOSTS="testserver",
    API_REQUESTS_PER_MINUTE=str(10**9),  # the benchmark is one address asking many times
)
# Without BENCH_REDIS_URL, the database cache (as under `make run`); with it, Redis (as in production).
if os.environ.get("BENCH_REDIS_URL"):
    os.environ["REDIS_URL"] = os.environ["BENCH_REDIS_URL"]
else:
    os.environ.pop("REDIS_URL", None)

TARGET_P95_MS = 50


def recreate_database():
    import psycopg

    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def database_exists():
    import psycopg

    try:
        psycopg.connect(DATABASE_URL).close()
        return True
    except psycopg.OperationalError:
        return False


def seed(programs, events):
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    call_command("createcachetable", verbosity=0)  # first: saves during migrations use the cache (as `make serve`)
    call_command("migrate", verbosity=0)
    call_command("load_gwangju", verbosity=0)
    settings.DEBUG = True  # seed_demo runs only with DEBUG on
    try:
        call_command("seed_demo", programs=programs, events=events, seed=1)
    finally:
        settings.DEBUG = False
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


FRESH_AGES = range(15, 100)  # a URL with {age} asks a filter state of its own each time (at most 85 requests)


def edit_a_program(number):
    """An editor's save of one program, picked at random among all (outside the timed request): the content
    generation moves, so every page, panel and institute activity kept is made again; the program's own stamp
    moves, so its card is made again and the others' stay, and the months' events stay (core.generation)."""
    from programs.models import Program

    ids = Program.objects.order_by("pk").values_list("pk", flat=True)
    first, last = ids.first(), ids.last()
    pick = random.Random(number).randint(first, last)
    Program.objects.filter(pk__gte=pick).order_by("pk").first().save()


def edit_the_sample_program(number):
    """An editor's save of the program whose page is measured ("program detail"): its own parts are made again."""
    from programs.models import Program

    Program.objects.published().filter(slug__startswith="sample-").order_by("pk").first().save()


def edit_an_event(number):
    """An editor's save of one event, picked at random among all: the shared generation moves, so every card and
    every month's events are made again too."""
    from programs.models import Event

    ids = Event.objects.order_by("pk").values_list("pk", flat=True)
    pick = random.Random(number).randint(ids.first(), ids.last())
    Event.objects.filter(pk__gte=pick).order_by("pk").first().save()


def edit_an_institute(number):
    """An editor's save of an institute: a record every program's card shows, so every card is made again too."""
    from partners.models import Partner

    partners = list(Partner.objects.order_by("pk"))
    partners[number % len(partners)].save()


def measure(client, url, requests, distinct=False, after_edit=None):
    """Times `url`; with `distinct`, each request adds its own parameter, so that no cache of the answer helps. A
    URL with `{age}` gets another age each time: a filter state not asked before, so nothing kept for the filters
    (their count and ids, programs.catalogue.Remembered) helps either; a callable gives the URL of each request
    number. `after_edit(number)`, an editor's save before each request (edit_a_program, edit_an_institute)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def address(number):
        if callable(url):
            address = url(number + 5)  # the warm-up's numbers (-1 to -5) ask states of their own too
        else:
            address = url.format(age=FRESH_AGES[number % len(FRESH_AGES)]) if "{age}" in url else url
        if not distinct:
            return address
        return f"{address}{'&' if '?' in address else '?'}request={number}"

    for number in range(5):  # warm up connections and caches of the database
        assert client.get(address(-number - 1)).status_code == 200, url
    timings = []
    if "{age}" in str(url):
        requests = min(requests, len(FRESH_AGES) - 6)  # the warm-up's and the counted request's ages are apart
    if hasattr(url, "distinct"):
        requests = min(requests, url.distinct - 6)
    for number in range(requests):
        if after_edit:
            after_edit(number)
        started = time.perf_counter()
        response = client.get(address(number))
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    if after_edit:
        after_edit(requests)
    with CaptureQueriesContext(connection) as queries:
        client.get(address(requests))
    timings.sort()
    return {
        "url": url if isinstance(url, str) else url.__doc__,
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1),
        "queries": len(queries.captured_queries),
    }


def fresh_words(template, words):
    """A search with a word not asked before at each request number."""

    def url(number):
        return template.format(word=quote(words[number % len(words)]))

    url.__doc__ = template.format(word=f"<{len(words)} words>")
    url.distinct = len(words)  # measure() asks no more than that
    return url


def title_words():
    """The distinct words of the sample programs' and events' titles in both languages."""
    from benchmarks.words import title_words as words_of
    from programs.models import Event, Program

    titles = (model.objects.values_list("title_ko", "title_en").distinct() for model in (Program, Event))
    return words_of(row for rows in titles for row in rows)


def fresh_months(months, categories):
    """A month calendar with filters not asked before at each request number: busy months times fields."""

    def url(number):
        month = months[number % len(months)]
        category = categories[(number // len(months)) % len(categories)]
        return f"/events/{month.year}/{month.month}/" + (f"?category={category}" if category else "")

    url.__doc__ = f"/events/<{len(months)} months>/?category=<{len(categories) - 1} fields or none>"
    return url


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--programs", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--reseed", action="store_true", help="drop and seed the database again")
    parser.add_argument("--only", nargs="+", metavar="WORDS", help="only the rows whose name holds one of these")
    args = parser.parse_args()

    fresh = args.reseed or not database_exists()
    if fresh:
        recreate_database()
    import django

    django.setup()
    from gwangju_portal.collector import prepare_for_serving

    prepare_for_serving()  # as gunicorn's master does before forking its workers (gunicorn.conf.py)
    from django.test import Client
    from django.utils import timezone

    from programs.models import Category, Event, Program

    if fresh or Program.objects.count() < args.programs:
        started = time.perf_counter()
        seed(args.programs, args.events)
        print(f"seeded in {time.perf_counter() - started:.0f} s", file=sys.stderr)

    following = (timezone.localdate().replace(day=1) + timedelta(days=32)).replace(day=1)
    sample = Program.objects.published().filter(slug__startswith="sample-").order_by("pk").first()
    pages = {
        "catalogue, unfiltered": "/programs/",
        "catalogue, three filters": "/programs/?category=education&state=open&age=30",
        "three filters, new each time": "/programs/?category=education&state=open&age={age}",
        "catalogue, Korean 창업": "/programs/?q=창업",
        "catalogue, English word": "/programs/?q=hydrogen",
        "search across all": "/search/?q=창업",
        "program detail": sample.get_absolute_url(),
        "home": "/",
        "upcoming events": "/events/",
        "month calendar, next month": f"/events/{following.year}/{following.month}/",
        "a day's events": f"/events/{following.year}/{following.month}/15/",
        "an institute's page": "/partners/gwangju-techno-park/",
        "events calendar file": "/events/calendar.ics",
    }
    # The same pages' worst cases: filters nobody asked before, the first visit after an edit.
    this_month = timezone.localdate().replace(day=1)
    months = [(this_month + timedelta(days=31 * offset)).replace(day=1) for offset in range(-2, 5)]
    fields = ["", *Category.objects.order_by("slug").values_list("slug", flat=True)]
    words = title_words()
    fresh_pages = {
        "month calendar, new filters each time": fresh_months(months, fields),
        "search across all, a new word each time": fresh_words("/search/?q={word}", words),
        "catalogue, a new word each time": fresh_words("/programs/?q={word}", words[::-1]),
    }
    # The same pages as the first visitor after an editor's save sees them.
    edited_pages = {
        "month calendar, after each edit": (pages["month calendar, next month"], edit_a_program),
        "month calendar, after an event's edit": (pages["month calendar, next month"], edit_an_event),
        "an institute's page, after each edit": (pages["an institute's page"], edit_a_program),
        "an institute's page, after an institute's edit": (pages["an institute's page"], edit_an_institute),
        "program detail, after each edit": (pages["program detail"], edit_a_program),
        "program detail, after its own edit": (pages["program detail"], edit_the_sample_program),
    }
    # The API (its answers are not cached in the server; what a filter state gives is kept per minute).
    api_pages = {
        "API programs, filters, 100": "/api/v1/programs/?category=education&state=open&age=30&page_size=100",
        "API programs, 창업, 100": "/api/v1/programs/?q=창업&page_size=100",
        "API programs, unfiltered, 100": "/api/v1/programs/?page_size=100",
    }
    if args.only:
        pages, api_pages, fresh_pages, edited_pages = (
            {name: url for name, url in rows.items() if any(word in name for word in args.only)}
            for rows in (pages, api_pages, fresh_pages, edited_pages)
        )
    client = Client()
    # A distinct query string per request, as visitors' are: no whole page or fragment cached for one URL helps.
    results = {name: measure(client, url, args.requests, distinct=True) for name, url in pages.items()}
    # The API refuses a parameter it does not know (400), and keeps no answer for an address: the same URL each time.
    results.update({name: measure(client, url, args.requests) for name, url in api_pages.items()})
    for name, url in fresh_pages.items():
        results[name] = measure(client, url, args.requests, distinct=True)
    for name, (url, edit) in edited_pages.items():
        results[name] = measure(client, url, args.requests, distinct=True, after_edit=edit)
    report = {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "programs": Program.objects.count(),
        "events": Event.objects.count(),
        "requests_per_page": args.requests,
        "cache": "redis" if os.environ.get("REDIS_URL") else "database",
        "target_p95_ms": TARGET_P95_MS,
        "pages": results,
    }
    print(f"{'page':40} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}  url")
    for name, row in results.items():
        flag = "" if row["p95_ms"] < TARGET_P95_MS else "  (over target)"
        print(f"{name:40} {row['p50_ms']:8} {row['p95_ms']:8} {row['queries']:8}  {row['url']}{flag}")
    out = ROOT / "benchmarks" / "results" / "catalogue.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
