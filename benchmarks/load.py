"""Load over loopback: `make serve` on PostgreSQL and Redis with 10,000 programs, driven by wrk.

    .venv/bin/python benchmarks/load.py [--programs 10000] [--seconds 60] [--connections 64] [--targets-only]

Seeds LOAD_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/gwangju_load) once through seed_demo, starts
`make serve` (gunicorn, WhiteNoise, the production settings with a Redis cache) and runs wrk (`apt-get install wrk`)
against it: mixed traffic (home, catalogue with filters, search, details, calendar, feeds) for --seconds, then for a
third of that each: addresses nobody asked before, each asked once in turn (a new filter state of the catalogue, a
different program's page, `/search/` with a new word), a static file served by WhiteNoise, a trivial Django view
(/robots.txt) and the cached catalogue page, so that the figures read as ratios. Each distinct page of the mixed
traffic is fetched once before it. Then reads the USS of each web worker. Prints a table; writes
benchmarks/results/load.json."""

import argparse
import json
import os
import platform
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import quote, urlsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.words import title_words  # noqa: E402
from tests.servers import free_port, get, manage, production_env, wait_until  # noqa: E402

DATABASE_URL = os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/gwangju_load")
REDIS_URL = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/12")
TARGET_P99_MS = 500
WRK_THREADS = 2
TARGET_CACHED_TO_STATIC = 0.6
SEARCH_TERMS = ["창업", "인공지능", "AI", "데이터", "지원", "투자", "광주", "startup", "교육", "멘토링"]
WRK_SCRIPT = """
local paths = {%(paths)s}
local thread_count = 0
function setup(thread)
  thread_count = thread_count + 1
  thread:set("id", thread_count)
end
function init(args)
  math.randomseed(os.time() * 10 + id)
end
local counter = 0
function request()
  local path
  if %(distinct)s then
    -- the addresses in turn, the threads interleaved: each asked once, as a new filter, word or program is
    path = paths[(counter * %(threads)d + id - 1) %% #paths + 1]
    counter = counter + 1
  else
    path = paths[math.random(#paths)]
  end
  return wrk.format("GET", path)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p95_us": %%d, "p99_us": %%d, "max_us": %%d, ' ..
    '"errors": {"connect": %%d, "read": %%d, "write": %%d, "status": %%d, "timeout": %%d}}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def prepare_database(programs):
    parts = urlsplit(DATABASE_URL)
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as admin:
        name = parts.path.lstrip("/")
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')
    env = production_env(DATABASE_URL, REDIS_URL=REDIS_URL)  # saves bump the content generation in the cache
    manage(env, "migrate", "--no-input")
    manage(env, "load_gwangju")
    with psycopg.connect(DATABASE_URL) as connection:
        count = connection.execute("SELECT count(*) FROM programs_program").fetchone()[0]
    if count < programs:
        print(f"seeding {programs} sample programs ...", flush=True)
        seed_env = {**env, "DJANGO_DEBUG": "1"}  # seed_demo refuses to run in production
        manage(seed_env, "seed_demo", "--programs", str(programs - count), "--events", str(programs // 5))
        with psycopg.connect(DATABASE_URL, autocommit=True) as connection:
            connection.execute("VACUUM ANALYZE")  # fresh planner statistics, as autovacuum would give in time


def mixed_paths():
    """Weighted like a day's visits: the catalogue and details most, feeds and calendars less."""
    with psycopg.connect(DATABASE_URL) as connection:
        programs = [
            row[0]
            for row in connection.execute(
                "SELECT slug FROM programs_program WHERE status = 'published' ORDER BY random() LIMIT 300"
            )
        ]
        events = [
            row[0]
            for row in connection.execute(
                "SELECT slug FROM programs_event WHERE status = 'published' ORDER BY random() LIMIT 100"
            )
        ]
        partners = [row[0] for row in connection.execute("SELECT slug FROM partners_partner")]
        categories = [row[0] for row in connection.execute("SELECT slug FROM programs_category")]
    rng = random.Random(2026)
    catalogue = [
        "/programs/",
        "/en/programs/",
        "/programs/?state=open",
        "/programs/?state=closing",
        "/programs/?sort=newest",
        "/programs/?page=2",
    ]
    catalogue += [f"/programs/?category={slug}&state=open" for slug in categories]
    catalogue += [f"/programs/?category={slug}&state=open&age=29&years=2" for slug in categories]
    paths = ["/", "/en/"] * 10 + catalogue * 4
    paths += [f"/programs/?q={quote(term)}" for term in SEARCH_TERMS] * 2
    paths += [f"/search/?q={quote(term)}" for term in SEARCH_TERMS]
    paths += [f"/programs/{slug}/" for slug in programs] + [
        f"/en/programs/{slug}/" for slug in rng.sample(programs, 50)
    ]
    paths += [f"/events/{slug}/" for slug in events] + ["/events/", "/events/past/"] * 5
    paths += [f"/partners/{slug}/" for slug in partners] + ["/partners/", "/agreements/"] * 3
    paths += [f"/events/{year}/{month}/" for year, month in [(2026, 11), (2026, 12), (2027, 1)]] * 3
    paths += ["/feeds/programs/", "/feeds/programs/atom/", "/feeds/events/", "/events/calendar.ics"] * 3
    return paths


def distinct_paths():
    """Addresses nobody asked before, one per request, in a fixed shuffled order: the catalogue with a new filter
    state (field, age and business years), a different program's page (Korean and English), `/search/` with a new
    word (the sample titles' words, then pairs of them)."""
    with psycopg.connect(DATABASE_URL) as connection:
        categories = ["", *(row[0] for row in connection.execute("SELECT slug FROM programs_category ORDER BY slug"))]
        programs = [
            row[0]
            for row in connection.execute("SELECT slug FROM programs_program WHERE status = 'published' ORDER BY slug")
        ]
        titles = connection.execute(
            "SELECT title_ko, title_en FROM programs_program UNION SELECT title_ko, title_en FROM programs_event"
        ).fetchall()
    rng = random.Random(38)
    catalogue = [
        f"/programs/?state=open&sort=deadline&age={age}&years={years}" + (f"&category={field}" if field else "")
        for field in categories
        for age in range(15, 100)
        for years in range(0, 11)
    ]
    program_pages = [f"{language}/programs/{slug}/" for slug in programs for language in ("", "/en")]
    words = title_words(titles)
    pairs = [f"{first} {second}" for first in words for second in words if first < second]
    searches = [f"/search/?q={quote(word)}" for word in rng.sample(words, len(words)) + rng.sample(pairs, len(pairs))]
    for paths in (catalogue, program_pages):
        rng.shuffle(paths)
    return {"catalogue": catalogue, "program": program_pages, "search": searches}


def worker_memory(server):
    """USS (private memory) of each gunicorn worker in `server`'s process group, in MB: the processes whose parent is
    gunicorn too (not its master, the background worker or the scheduler)."""
    gunicorn = {}
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and os.getpgid(int(entry.name)) == server.pid:
                arguments = (entry / "cmdline").read_bytes().split(b"\0")
                if any(argument.endswith(b"bin/gunicorn") for argument in arguments):
                    gunicorn[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except OSError:  # gone meanwhile
            continue
    sizes = []
    for pid, parent in gunicorn.items():
        if parent in gunicorn:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
            private_kb = sum(int(line.split()[1]) for line in rollup if line.startswith("Private_"))
            sizes.append(round(private_kb / 1024, 1))
    return sorted(sizes)


def static_file_path():
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/portal.css"]


def run_wrk(base_url, paths, seconds, connections, distinct=False):
    """wrk over `paths` at random; with `distinct`, over `paths` in turn, each asked once (until they run out)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        paths_lua = ", ".join(json.dumps(path) for path in paths)
        script.write(
            WRK_SCRIPT % {"paths": paths_lua, "distinct": "true" if distinct else "false", "threads": WRK_THREADS}
        )
    try:
        output = subprocess.run(
            ["wrk", f"-t{WRK_THREADS}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", script.name]
            + [base_url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    result = json.loads(re.search(r"^RESULT (.*)$", output, re.M).group(1))
    seconds_taken = result["duration_us"] / 1e6
    return {
        "requests": result["requests"],
        "requests_per_second": round(result["requests"] / seconds_taken, 1),
        "p50_ms": round(result["p50_us"] / 1000, 1),
        "p95_ms": round(result["p95_us"] / 1000, 1),
        "p99_ms": round(result["p99_us"] / 1000, 1),
        "max_ms": round(result["max_us"] / 1000, 1),
        "errors": sum(result["errors"].values()),
        "error_kinds": result["errors"],
        "distinct_paths": len(set(paths)),
        "repeated": max(0, result["requests"] - len(set(paths))) if distinct else None,
    }


def serve(port, database_url=DATABASE_URL, redis_url=REDIS_URL, **settings):
    """`make serve` on `port`, in a process group of its own (stop it with os.killpg); `settings`: more of its
    environment."""
    env = production_env(database_url, REDIS_URL=redis_url, PORT=str(port), DJANGO_LOG_LEVEL="WARNING", **settings)
    env.update({key: value for key, value in os.environ.items() if key.startswith("REGISTRATIONS_")})
    env["DEPLOY_CHECK_LEVEL"] = "ERROR"  # plain HTTP on loopback: the HTTPS warnings are expected
    # The access log would cost the server time; LOAD_GUNICORN_ARGS tries other gunicorn settings (worker class).
    env["GUNICORN_CMD_ARGS"] = f"--access-logfile /dev/null {os.environ.get('LOAD_GUNICORN_ARGS', '')}".strip()
    process = subprocess.Popen(
        ["make", "serve"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def answers():
        try:
            return get(f"http://127.0.0.1:{port}/healthz", timeout=2)[0] == 200
        except OSError:
            return False

    wait_until(answers, 120, "make serve did not start")
    return process


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programs", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument(
        "--targets-only", action="store_true", help="skip the mixed run: only the uncached and cached single pages"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")

    prepare_database(args.programs)
    paths = mixed_paths()
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    server = serve(port)
    try:
        # Each distinct page once, as a site in service has it in the shared cache; entries still expire after a
        # minute during the run and are rendered again under load.
        started = time.monotonic()
        for path in sorted(set(paths)):
            get(base_url + path)
        print(f"{len(set(paths))} distinct pages fetched once in {time.monotonic() - started:.1f} s", flush=True)
        side = max(args.seconds // 3, 5)
        results = {} if args.targets_only else {"mixed": run_wrk(base_url, paths, args.seconds, args.connections)}
        fresh = distinct_paths()
        results |= {
            "new_filter_state": run_wrk(base_url, fresh["catalogue"], side, args.connections, True),
            "new_program": run_wrk(base_url, fresh["program"], side, args.connections, True),
            "new_search_word": run_wrk(base_url, fresh["search"], side, args.connections, True),
            "static_file": run_wrk(base_url, [static_file_path()], side, args.connections),
            "trivial_view": run_wrk(base_url, ["/robots.txt"], side, args.connections),
            "cached_catalogue": run_wrk(base_url, ["/programs/", "/en/programs/"], side, args.connections),
        }
        memory = worker_memory(server)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)

    static_rps = results["static_file"]["requests_per_second"]
    report = {
        "when": datetime.now().isoformat(timespec="seconds"),
        "machine": f"{os.cpu_count()} cores, Python {platform.python_version()}",
        "programs": args.programs,
        "connections": args.connections,
        "workers": os.cpu_count() * 2 + 1,
        "results": results,
        "worker_uss_mb": memory,
        "ratios_to_static_file": {
            name: round(result["requests_per_second"] / static_rps, 2) for name, result in results.items()
        },
    }
    print(f"{'traffic':<18}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}{'÷ static':>10}")
    for name, result in results.items():
        print(
            f"{name:<18}{result['requests_per_second']:>9}{result['p50_ms']:>9}{result['p95_ms']:>9}"
            f"{result['p99_ms']:>9}{result['errors']:>8}{report['ratios_to_static_file'][name]:>10}"
        )
    if "mixed" in results:
        mixed = results["mixed"]
        print(
            f"target: 0 errors and p99 under {TARGET_P99_MS} ms -> "
            f"{'met' if mixed['errors'] == 0 and mixed['p99_ms'] < TARGET_P99_MS else 'MISSED'}"
        )
    print(f"USS per web worker after the runs: {', '.join(f'{size} MB' for size in memory)} (target under 300 MB)")
    ratio = report["ratios_to_static_file"]["cached_catalogue"]
    print(
        f"target: cached catalogue at least {TARGET_CACHED_TO_STATIC:.0%} of the static file's req/s -> "
        f"{ratio:.0%} {'met' if ratio >= TARGET_CACHED_TO_STATIC else 'MISSED'}"
    )
    (ROOT / "benchmarks" / "results" / "load.json").write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
