"""The settings refuse malformed or missing production values with a clear message."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from gwangju_portal.settings import env_bool, env_int, env_list


def test_env_bool_reads_the_usual_spellings(monkeypatch):
    for value, expected in [("1", True), ("yes", True), ("On", True), ("0", False), ("false", False), ("", False)]:
        monkeypatch.setenv("PORTAL_FLAG", value)
        assert env_bool("PORTAL_FLAG") is expected
    monkeypatch.delenv("PORTAL_FLAG")
    assert env_bool("PORTAL_FLAG", default=True) is True


def test_env_bool_refuses_anything_else(monkeypatch):
    monkeypatch.setenv("PORTAL_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="PORTAL_FLAG"):
        env_bool("PORTAL_FLAG")


def test_env_int_and_env_list(monkeypatch):
    monkeypatch.setenv("PORTAL_NUMBER", "12")
    assert env_int("PORTAL_NUMBER", 3) == 12
    monkeypatch.setenv("PORTAL_NUMBER", "twelve")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("PORTAL_NUMBER", 3)
    monkeypatch.setenv("PORTAL_HOSTS", " example.org, ,www.example.org ")
    assert env_list("PORTAL_HOSTS") == ["example.org", "www.example.org"]


def start_django(**environment):
    """Import the settings in a fresh interpreter with only the given variables set."""
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "gwangju_portal.settings", **environment}
    code = "import django; django.setup()"
    return subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True)


@pytest.mark.database_independent
def test_production_start_without_a_secret_key_stops_with_a_clear_message():
    result = start_django(DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


@pytest.mark.database_independent
def test_a_malformed_database_url_stops_the_start():
    result = start_django(DJANGO_SECRET_KEY="x" * 50, DATABASE_URL="nonsense://")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


@pytest.mark.database_independent
def test_debug_is_off_unless_asked_for():
    assert start_django(DJANGO_SECRET_KEY="x" * 50).returncode == 0
    assert settings.DEBUG is False
