"""Test settings: the project's settings with a throwaway key and fast hashing."""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_HTTPS", "0")  # the test client and the live server speak plain HTTP
os.environ.setdefault("DJANGO_SITE_URL", "http://testserver")
os.environ.setdefault("DJANGO_SERVE_MEDIA", "1")  # as on a single process: logos served, nothing else of media/
# Uploads made by tests go to folders of their own, never into the checkout's media/ or private-media/.
os.environ.setdefault("DJANGO_MEDIA_ROOT", tempfile.mkdtemp(prefix="gwangju-test-media-"))
os.environ.setdefault("DJANGO_PRIVATE_MEDIA_ROOT", tempfile.mkdtemp(prefix="gwangju-test-private-"))

from gwangju_portal.settings import *  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests render templates without a collectstatic manifest.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "counters": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "counters",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 10**9},
    },
}
# WhiteNoise serves the source static files directly; there is no collectstatic in tests.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
