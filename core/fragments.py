"""Pieces of output kept in the shared cache, keyed one way (`fragment_key`), and read many at a time: a page of
twenty cards or a calendar of a thousand entries reads them all in one round trip and makes only the missing ones."""

import time

from django.core.cache import cache
from django.utils.translation import get_language

from .generation import content_generation

# What time does to a fragment, each said one way: kept for the minute (what a deadline passing changes) or the hour
# (an iCalendar entry's DTSTAMP).
PER_MINUTE, PER_HOUR = 60, 3600


def fragment_key(name, *parts, generation=None, per=None):
    """The cache key of a fragment: its name, the language, the content generation (any saved change renews it),
    the time slot when it depends on time (`per` seconds), then what else decides it. A page that keys many
    fragments passes the generation it read once."""
    generation = content_generation() if generation is None else generation
    stamp = [str(int(time.time() // per))] if per else []
    return ":".join([name, get_language() or "", str(generation), *stamp, *(str(part) for part in parts)])


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
