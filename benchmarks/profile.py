"""What a remembered founder profile adds to a page: the uncached request its script makes for this visitor's answers
(programs/views/profile.py), next to the cached page it comes with; and the comparison of a shortlist of four
programs (programs/views/compare.py), which is never cached either.

    .venv/bin/python benchmarks/profile.py [--programs 10000] [--requests 100] [--reseed]

Seeds its own PostgreSQL database (BENCH_DATABASE_URL, default .../gwangju_benchmark_profile) as
benchmarks/catalogue.py does, then times in-process: a catalogue page with a filter state of its own per request,
and the answers for that page's 20 programs (a different set each request, so no cache helps: the request is never
cached anyway). Prints a table and JSON; writes benchmarks/results/profile.json.
"""

import argparse
import json
import os
import platform
import sys
import time
from datetime import datetime

os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/gwangju_benchmark_profile")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from benchmarks import catalogue as bench  # noqa: E402 - after the database address above: it reads it

PAGE = 20  # programs on a catalogue page


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--programs", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--reseed", action="store_true")
    args = parser.parse_args()
    fresh = args.reseed or not bench.database_exists()
    if fresh:
        bench.recreate_database()
    import django

    django.setup()
    from django.test import Client

    from programs.models import Program

    if fresh or Program.objects.count() < args.programs:
        started = time.perf_counter()
        bench.seed(args.programs, args.programs // 5)
        print(f"seeded in {time.perf_counter() - started:.0f} s", file=sys.stderr)

    slugs = list(Program.objects.published().order_by("pk").values_list("slug", flat=True))

    def answers_of_a_page(number):
        start = (number * PAGE) % max(len(slugs) - PAGE, 1)
        return "/programs/my-answers/fit.json?" + "&".join(f"p={slug}" for slug in slugs[start : start + PAGE])

    answers_of_a_page.__doc__ = f"/programs/my-answers/fit.json?p=<{PAGE} programs of another page each time>"

    def four_side_by_side(number):
        start = (number * 4) % max(len(slugs) - 4, 1)
        return "/programs/compare/?" + "&".join(f"p={slug}" for slug in slugs[start : start + 4])

    four_side_by_side.__doc__ = "/programs/compare/?p=<4 other programs each time>"
    visitor = Client()
    assert visitor.post("/programs/my-answers/remember/", {"age": "26", "years": "0"}).status_code == 302
    results = {
        "catalogue, new filter state each time": bench.measure(
            Client(), "/programs/?category=education&state=open&age={age}", args.requests, distinct=True
        ),
        "the same page's answers for this visitor": bench.measure(visitor, answers_of_a_page, args.requests),
        "without remembered answers (no request made; the endpoint answers)": bench.measure(
            Client(), answers_of_a_page, args.requests
        ),
        "four programs side by side (a shortlist; never cached)": bench.measure(
            Client(), four_side_by_side, args.requests
        ),
    }
    report = {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "programs": Program.objects.count(),
        "cache": "redis" if os.environ.get("REDIS_URL") else "database",
        "pages": results,
    }
    print(f"{'request':68} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for name, row in results.items():
        print(f"{name:68} {row['p50_ms']:8} {row['p95_ms']:8} {row['queries']:8}")
    out = bench.ROOT / "benchmarks" / "results" / "profile.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    main()
