"""A number that changes whenever public content changes, so that cached HTML can include it in its key."""

from django.conf import settings
from django.core.cache import cache

GENERATION_KEY = "portal:content-generation"


def content_generation():
    cache.add(GENERATION_KEY, 1, timeout=None)
    return cache.get(GENERATION_KEY, 1)


def bump_content_generation():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # evicted or never set: any new number will do
        cache.set(GENERATION_KEY, 1, timeout=None)


def on_content_change(sender, **kwargs):
    """Signal receiver for saves, deletions and relation changes of the portal's content. Models that never show on
    a public page (a suggestion waiting for an editor) say so with `changes_public_pages = False`."""
    if sender._meta.app_label in settings.CONTENT_APPS and getattr(sender, "changes_public_pages", True):
        bump_content_generation()
