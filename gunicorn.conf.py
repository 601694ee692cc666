"""gunicorn settings for `make serve` and production (docs/deploy.md). Each value can be set from the environment."""

import multiprocessing
import os


def _flag(name):
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
if _flag("DJANGO_SINGLE_PROCESS"):
    workers = 1  # one process serves, so the database cache is shared state enough (as under `make run`)
elif not os.environ.get("REDIS_URL") and not _flag("DJANGO_DEBUG"):
    raise SystemExit(
        "REDIS_URL is not set: several gunicorn workers would not share cached pages' generation and rate limits. "
        "Set REDIS_URL, or DJANGO_SINGLE_PROCESS=1 to serve with one worker."
    )
else:
    # The usual rule of thumb: two workers a core, plus one.
    workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Workers are renewed now and then, so that no slow leak grows for long. The app is loaded once in the master, so a
# renewed worker is a fork ready at once: without preloading, each renewal stalled its requests for about a second.
preload_app = True
max_requests = 10_000
max_requests_jitter = 1_000
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("DJANGO_LOG_LEVEL", "info").lower()
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
wsgi_app = "gwangju_portal.wsgi:application"


def pre_fork(server, worker):
    """The app is loaded in the master (preload_app): its objects are frozen out of the garbage collector's reach
    before each fork, and the worker collects less often (gwangju_portal/collector.py)."""
    from gwangju_portal.collector import prepare_for_serving

    prepare_for_serving()
