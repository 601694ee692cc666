"""/search/: every kind of public record at once, each section with its total and its first results."""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from core.search import text_matches, title_first_ids

RESULTS_PER_SECTION = 20


def _newest_ids(queryset, start, stop):
    return list(queryset.order_by("-published_at", "-pk").values_list("pk", flat=True)[start:stop])


# (section key, heading, model, related objects to join) for /search/
SECTIONS = [
    ("programs", _("Programs"), "programs.Program", ["organizer"]),
    ("events", _("Events"), "programs.Event", ["organizer"]),
    ("partners", _("Partner institutes"), "partners.Partner", []),
    ("agreements", _("Agreements"), "partners.Agreement", []),
]
SMALL_TABLE_FIELDS = {
    "partners.Partner": ["name", "short_name", "summary"],
    "partners.Agreement": ["title", "summary", "areas"],
}


def search_portal(query):
    """Each section's total count and its first results (title matches first, then newest)."""
    if not query:
        return []
    results = []
    for key, heading, model_label, related in SECTIONS:
        model = apps.get_model(model_label)
        published = model.objects.published()
        if model_label in SMALL_TABLE_FIELDS:
            matches = published.filter(text_matches(query, SMALL_TABLE_FIELDS[model_label]))
            items = list(matches[:RESULTS_PER_SECTION])
        else:
            matches = published.search(query)
            ids = title_first_ids(matches, published, query, 0, RESULTS_PER_SECTION, _newest_ids)
            by_id = model.objects.select_related(*related).in_bulk(ids)
            items = [by_id[pk] for pk in ids]
        count = len(items) if len(items) < RESULTS_PER_SECTION else matches.count()
        results.append({"key": key, "heading": heading, "count": count, "items": items})
    return results
