"""Pieces of output kept per record in the shared cache: a page of twenty cards or a calendar of a thousand entries
reads them all in one round trip and makes only the missing ones."""

from django.core.cache import cache


def cached_many(keys, make_missing, seconds):
    """{key: value} for every key: from the cache, or from `make_missing(missing keys)` ({key: value}, which may leave
    a key out when it has nothing), then kept for `seconds`."""
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        made = make_missing(missing)
        cache.set_many(made, seconds)
        found.update(made)
    return found
