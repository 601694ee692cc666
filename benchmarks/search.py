"""Search quality and speed side by side: recall of the judged query set, the cost of analysing a query, the memory
the dictionary adds to a process, and p95 server time of keyword searches at scale.

    .venv/bin/python benchmarks/search.py [--programs 100000] [--events 20000] [--requests 100] [--reseed]

Recall runs the judged query set (tests/core/search_judged.py) through the catalogue on a temporary SQLite database,
as the tests do. Speed uses the PostgreSQL database of benchmarks/catalogue.py (seeded once, migrated, VACUUM ANALYZE),
each request with a query string of its own. Memory is unique (USS) and proportional (PSS) set size, read from
/proc/self/smaps_rollup before and after the analyser loads: the dictionary is a shared file mapping, so resident
size overstates it. Writes benchmarks/results/search.json.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

MEMORY_PROBE = """
import json
def rollup():
    fields = {}
    for line in open("/proc/self/smaps_rollup"):
        parts = line.split()
        if len(parts) >= 3 and parts[1].isdigit():
            fields[parts[0].rstrip(":")] = int(parts[1])
    return {"rss": fields["Rss"], "pss": fields["Pss"], "uss": fields["Private_Clean"] + fields["Private_Dirty"]}
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
django.setup()
before = rollup()
from core.analysis import plan_query, document_terms
plan_query("스타트업을 육성하는 AI 실증 지원 patents")
document_terms("광주 인공지능 창업 아카데미에서 배우는 시제품 제작과 투자 유치 " * 20)
after = rollup()
print(json.dumps({key: round((after[key] - before[key]) / 1024, 1) for key in before}))
"""

RECALL_PROBE = """
import json, os
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
from programs.models import Audience, Category
from tests.core.search_judged import ANNOUNCEMENTS, INSTITUTES, JUDGED_QUERIES
from tests.factories import PartnerFactory, ProgramFactory
institutes = {
    key: PartnerFactory(slug=key, name_ko=ko, name_en=en, short_name_ko=sko, short_name_en=sen)
    for key, (ko, en, sko, sen) in INSTITUTES.items()
}
for slug, (institute, category, audiences, title_ko, title_en, summary_ko) in ANNOUNCEMENTS.items():
    ProgramFactory(slug=slug, organizer=institutes[institute], category=Category.objects.get(slug=category),
                   audiences=list(Audience.objects.filter(slug__in=audiences)), title_ko=title_ko, title=title_ko,
                   title_en=title_en, summary_ko=summary_ko)
client = Client()
found, widest, missed = 0, 0, []
for query, wanted in JUDGED_QUERIES:
    response = client.get("/programs/", {"q": query})
    slugs = [program.slug for program in response.context["programs"]]
    widest = max(widest, response.context["paginator"].count)
    if (wanted is None and not slugs) or (wanted in slugs):
        found += 1
    else:
        missed.append(query)
print(json.dumps({"queries": len(JUDGED_QUERIES), "found": found, "recall": round(found / len(JUDGED_QUERIES), 3),
                  "widest_match": widest, "catalogue": len(ANNOUNCEMENTS), "missed": missed}))
"""

# Keyword searches timed at scale: particles, endings, spacing, equivalents, English forms, sentences, no match.
TIMED_QUERIES = ["창업", "아카데미에서", "스타트업을 육성하는", "창업 동아리", "인공지능", "academy", "investments",
                 "투자 받고 싶어요", "start-up", "양자컴퓨터"]  # fmt: skip


def probe(code, env):
    output = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def analysis_speed():
    sys.path.insert(0, str(ROOT))
    from core.analysis import plan_query
    from tests.core.search_judged import JUDGED_QUERIES

    plan_query("warm up 준비")
    timings = []
    for _ in range(20):
        for query, _wanted in JUDGED_QUERIES:
            started = time.perf_counter()
            plan_query(query)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "mean_ms": round(statistics.mean(timings), 3),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 3),
        "max_ms": round(timings[-1], 3),
    }


def speed_at_scale(args):
    from benchmarks import catalogue as bench

    fresh = args.reseed or not bench.database_exists()
    if fresh:
        bench.recreate_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from programs.models import Program

    started = time.perf_counter()
    if fresh or Program.objects.count() < args.programs:
        bench.seed(args.programs, args.events)
    else:
        call_command("migrate", verbosity=0)  # rebuilds documents an older analysis made (post_migrate)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(f"database ready in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    client = Client()
    results = {"programs": Program.objects.count()}
    for query in TIMED_QUERIES:
        for page in ("/programs/", "/search/"):
            row = bench.measure(client, f"{page}?{urlencode({'q': query})}", args.requests, distinct=True)
            results[f"{page} {query}"] = row
            print(f"{page:12} {query:16} p50 {row['p50_ms']:6.1f} ms  p95 {row['p95_ms']:6.1f} ms", file=sys.stderr)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--programs", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--skip-scale", action="store_true", help="recall, analysis and memory only")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        sqlite = {"DJANGO_SETTINGS_MODULE": "tests.settings", "DATABASE_URL": f"sqlite:///{folder}/judged.sqlite3"}
        recall = probe(RECALL_PROBE, sqlite)
    memory = probe(MEMORY_PROBE, {"DJANGO_SETTINGS_MODULE": "tests.settings"})
    analysis = analysis_speed()
    report = {"recall": recall, "analysis_per_query": analysis, "added_memory_mib": memory}
    print(f"recall {recall['found']}/{recall['queries']} = {recall['recall']:.1%}; widest match "
          f"{recall['widest_match']} of {recall['catalogue']}; analysis {analysis['mean_ms']} ms mean, "
          f"{analysis['max_ms']} ms max per query; memory added USS {memory['uss']} MiB, PSS {memory['pss']} MiB, "
          f"RSS {memory['rss']} MiB", file=sys.stderr)  # fmt: skip
    if not args.skip_scale:
        report["at_scale"] = speed_at_scale(args)
        p95s = [row["p95_ms"] for key, row in report["at_scale"].items() if isinstance(row, dict)]
        worst = f"worst p95 {max(p95s)} ms over {len(p95s)} keyword pages"
        print(f"recall {recall['recall']:.1%} | {worst}", file=sys.stderr)
    out = ROOT / "benchmarks" / "results" / "search.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
