"""Security headers on every page, and Django's deployment checks with the production variables."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from gwangju_portal.collector import THRESHOLDS

pytestmark = pytest.mark.django_db

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k3y-f0r-the-deploy-check-only-8f2b1c9d7e6a5f4b3c2d1e0f9a8b7c6d",
    "DJANGO_ALLOWED_HOSTS": "portal.example.kr",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://portal.example.kr",
    "DJANGO_BEHIND_PROXY": "1",
    "DJANGO_SITE_URL": "https://portal.example.kr",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


@pytest.mark.parametrize("url", ["/", "/en/programs/", "/open-data/", "/no-such-page/"])
def test_every_page_sends_the_security_headers(client, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_session_cookies_are_http_only():
    assert settings.SESSION_COOKIE_HTTPONLY is True


def deploy_check(**changes):
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "gwangju_portal.settings", **PRODUCTION, **changes}
    env = {name: value for name, value in env.items() if value is not None}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.mark.database_independent
def test_deployment_checks_pass_with_the_production_variables():
    result = deploy_check()
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.database_independent
def test_production_without_redis_stops_unless_one_process_serves():
    result = deploy_check(REDIS_URL=None)
    assert result.returncode != 0 and "portal.E001" in result.stderr and "REDIS_URL" in result.stderr
    assert deploy_check(REDIS_URL=None, DJANGO_SINGLE_PROCESS="1").returncode == 0


@pytest.mark.database_independent
def test_an_http_site_url_behind_https_is_reported():
    result = deploy_check(DJANGO_SITE_URL="http://portal.example.kr")
    assert result.returncode != 0 and "portal.W001" in result.stderr


def gunicorn_workers(**environment):
    env = {"PATH": os.environ["PATH"], **environment}
    code = "import runpy; print(runpy.run_path('gunicorn.conf.py')['workers'])"
    return subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True)


@pytest.mark.database_independent
def test_gunicorn_refuses_several_workers_without_redis_and_runs_one_for_a_single_process():
    refused = gunicorn_workers(DJANGO_DEBUG="0")
    assert refused.returncode != 0 and "REDIS_URL is not set" in refused.stderr
    assert gunicorn_workers(DJANGO_SINGLE_PROCESS="1", WEB_CONCURRENCY="5").stdout.strip() == "1"
    assert gunicorn_workers(REDIS_URL="redis://127.0.0.1:6379/0", WEB_CONCURRENCY="3").stdout.strip() == "3"


@pytest.mark.database_independent
def test_a_forked_worker_inherits_the_frozen_app_and_collects_less_often():
    # In a process of its own: the fork and the collector's settings stay out of the test run.
    code = (
        "import gc, os, runpy\n"
        "runpy.run_path('gunicorn.conf.py')['pre_fork'](None, None)\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    print(gc.get_threshold(), gc.get_freeze_count() > 0, flush=True)\n"
        "    os._exit(0)\n"
        "os.waitpid(pid, 0)\n"
    )
    env = {"PATH": os.environ["PATH"], "DJANGO_SINGLE_PROCESS": "1"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip() == f"{THRESHOLDS} True", result.stderr


@pytest.mark.database_independent
def test_without_redis_the_cache_is_the_database_shared_by_every_process():
    code = "import django; django.setup(); from django.conf import settings as s; print(s.CACHES['default']['BACKEND'])"
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "gwangju_portal.settings", **PRODUCTION}
    env.pop("REDIS_URL")
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip() == "django.core.cache.backends.db.DatabaseCache", result.stderr


@pytest.mark.database_independent
def test_production_serves_https_only_with_secure_cookies_and_hsts():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
    )
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "gwangju_portal.settings", **PRODUCTION}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.stdout.split() == ["True", "True", "True", "31536000"], result.stderr
