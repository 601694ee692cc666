"""Absolute URLs come from one configured site URL (DJANGO_SITE_URL), never from a request's Host header, so that a
forged host can never reach another visitor through a cached page, a feed, a calendar or the sitemap."""

from django.conf import settings


def absolute_url(path):
    return settings.SITE_URL + path
