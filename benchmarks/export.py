"""Open-data export at scale: size, time, queries and memory of streaming every program as CSV and JSON.

    .venv/bin/python benchmarks/export.py      # on the database benchmarks/catalogue.py seeded

Memory is the process's peak resident size before and after the export: a streamed export holds one chunk
of rows at a time, not the data set.
"""

import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.update(
    DATABASE_URL=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/gwangju_benchmark"),
    DJANGO_SETTINGS_MODULE="gwangju_portal.settings",
    DJANGO_SECRET_KEY="benchmark-only",
    DJANGO_DEBUG="0",
    DJANGO_HTTPS="0",
    DJANGO_ALLOWED_HOSTS="testserver",
)


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    for extension in ("csv", "json"):
        before = peak_mb()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            size = sum(len(chunk) for chunk in client.get(f"/open-data/programs.{extension}").streaming_content)
        print(
            f"programs.{extension}: {size / 1e6:.1f} MB in {time.perf_counter() - started:.1f} s, "
            f"{len(queries.captured_queries)} query, peak memory {before:.0f} MB -> {peak_mb():.0f} MB"
        )


if __name__ == "__main__":
    main()
