"""Absolute URLs come from one configured site URL (DJANGO_SITE_URL), never from a request's Host header, so that a
forged host can never reach another visitor through a cached page, a feed, a calendar or the sitemap."""

from django.conf import settings
from django.urls import reverse


def absolute_url(path):
    return settings.SITE_URL + path


def absolute_reverse(viewname, args=None, kwargs=None, query=""):
    """The absolute URL of a named view (with `query`, a query string without "?", when given)."""
    path = reverse(viewname, args=args, kwargs=kwargs)
    return absolute_url(f"{path}?{query}" if query else path)
