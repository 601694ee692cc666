"""The national import at scale: 5,000 notices (2,500 from each source, in the recorded shapes of tests/imports)
imported into a fresh PostgreSQL database, then imported again with nothing new; prints each run's time and queries.

    .venv/bin/python benchmarks/notices.py [--items 5000]

Uses NOTICES_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/gwangju_notices), made afresh with the Gwangju
records; the database is analysed (VACUUM ANALYZE) before the second run, as autovacuum would in production.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get("NOTICES_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/gwangju_notices")
os.environ.update(
    DATABASE_URL=DATABASE_URL,
    DJANGO_SETTINGS_MODULE="gwangju_portal.settings",
    DJANGO_SECRET_KEY="benchmark-only",
    DJANGO_DEBUG="0",
    DJANGO_HTTPS="0",
    DJANGO_ALLOWED_HOSTS="testserver",
    KSTARTUP_SERVICE_KEY="benchmark",
    BIZINFO_API_KEY="benchmark",
    NOTICE_DAILY_CALLS="100000",
)


class QueryCounter(list):
    """An execute wrapper that counts the queries (Django's own log keeps only the last 9,000)."""

    def __call__(self, execute, sql, params, many, context):
        self.append(1)
        return execute(sql, params, many, context)


def fresh_database():
    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    for command in (["migrate", "--no-input", "-v0"], ["createcachetable"], ["load_gwangju"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, check=True, capture_output=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=5000)
    options = parser.parse_args()
    fresh_database()

    import django

    django.setup()
    from django.db import connection

    from imports import bizinfo, kstartup
    from imports.services import notices_import
    from imports.transport import Transport
    from tests.imports.recorded import Replay

    half = options.items // 2
    replay = Replay(kstartup_count=half, bizinfo_count=options.items - half)
    for run_name in ("first run", "second run (nothing new)"):
        if run_name.startswith("second"):
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        for source in (kstartup.SOURCE, bizinfo.SOURCE):
            queries = QueryCounter()
            started = time.perf_counter()
            with connection.execute_wrapper(queries):
                run = notices_import(source=source, transport=Transport(fetch=replay, sleep=lambda seconds: None))
            seconds = time.perf_counter() - started
            print(
                f"{run_name}, {source}: {seconds:.1f} s, {len(queries):,} queries, "
                f"new {run.created}, updated {run.updated}, unchanged {run.unchanged}, failed {run.failed}, "
                f"calls {run.calls}"
            )


if __name__ == "__main__":
    main()
