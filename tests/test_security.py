"""Security headers on every page, and Django's deployment checks with the production variables."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k3y-f0r-the-deploy-check-only-8f2b1c9d7e6a5f4b3c2d1e0f9a8b7c6d",
    "DJANGO_ALLOWED_HOSTS": "portal.example.kr",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://portal.example.kr",
    "DJANGO_BEHIND_PROXY": "1",
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


def test_deployment_checks_pass_with_the_production_variables():
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "gwangju_portal.settings", **PRODUCTION}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


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
