"""Keyword search across programs, events, partners and agreements, in Korean and English."""

from functools import reduce
from operator import or_

from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MAX_QUERY_LENGTH = 100
RESULTS_PER_SECTION = 20

# (section key, heading, model, searched fields, related objects to join)
SECTIONS = [
    ("programs", _("Programs"), "programs.Program", ["title", "summary", "description", "benefit"], ["organizer"]),
    ("events", _("Events"), "programs.Event", ["title", "summary", "description", "venue_name"], ["organizer"]),
    ("partners", _("Partner institutes"), "partners.Partner", ["name", "short_name", "summary"], []),
    ("agreements", _("Agreements"), "partners.Agreement", ["title", "summary", "areas"], []),
]
LANGUAGE_SUFFIXES = ("ko", "en")


def clean_query(raw):
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH]


def _matches(query, fields):
    lookups = [Q(**{f"{field}_{lang}__icontains": query}) for field in fields for lang in LANGUAGE_SUFFIXES]
    return reduce(or_, lookups)


def search_portal(query):
    """Each section's total count and its first results; nothing for an empty query."""
    if not query:
        return []
    results = []
    for key, heading, model_label, fields, related in SECTIONS:
        model = apps.get_model(model_label)
        matches = model.objects.published().filter(_matches(query, fields)).select_related(*related)
        items = list(matches[:RESULTS_PER_SECTION])
        count = len(items) if len(items) < RESULTS_PER_SECTION else matches.count()
        results.append({"key": key, "heading": heading, "count": count, "items": items})
    return results
