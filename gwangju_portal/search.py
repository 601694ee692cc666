"""Keyword search in Korean and English.

PostgreSQL: each searchable record stores a search document of its words plus every one- and
two-syllable piece of its Korean text, kept as a 'simple' tsvector with a GIN index. A two-syllable
Korean query such as 창업 is then an exact index lookup: pg_trgm needs three characters.
SQLite matches the same terms against the stored document's words, without an index.
"""

import re
from functools import reduce
from operator import and_, or_

from django.apps import apps
from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connection, models
from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

MAX_QUERY_LENGTH = 100
MAX_QUERY_WORDS = 8
RESULTS_PER_SECTION = 20
LANGUAGE_SUFFIXES = ("ko", "en")

WORD = re.compile(r"\w+")
HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Korean spacing varies (창업 지원 / 창업지원): pieces are also taken across the spaces of a Korean phrase.
HANGUL_PHRASE = re.compile(r"[\uac00-\ud7a3]+(?:\s+[\uac00-\ud7a3]+)*")


def clean_query(raw):
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH]


def _pieces(text, size):
    return {text[i : i + size] for i in range(len(text) - size + 1)}


def document_terms(text):
    """Every term under which a text can be found."""
    text = text.lower()
    terms = set(WORD.findall(text))
    for phrase in HANGUL_PHRASE.findall(text):
        joined = "".join(phrase.split())
        terms |= _pieces(joined, 1) | _pieces(joined, 2)
    return terms


def query_terms(query):
    """The terms a query asks for, as (term, is_prefix): Korean as two-syllable pieces, other words as prefixes."""
    terms = []
    for word in WORD.findall(query.lower())[:MAX_QUERY_WORDS]:
        if HANGUL.search(word):
            pieces = _pieces(word, 2) if len(word) > 1 else {word}
            terms.extend((piece, False) for piece in sorted(pieces))
        else:
            terms.append((word, True))
    return terms


def _tsquery(terms):
    return " & ".join(f"'{term}':*" if is_prefix else f"'{term}'" for term, is_prefix in terms)


def _document_holds(terms):
    """The same terms matched against the stored document's words, for databases without tsvector."""
    conditions = [Q(padded_document__contains=f" {term}" if is_prefix else f" {term} ") for term, is_prefix in terms]
    return reduce(and_, conditions)


class SearchDocument(models.Model):
    """An abstract model whose translated text fields can be searched fast on PostgreSQL."""

    search_fields = ()

    search_document = models.TextField(_("search document"), blank=True, default="", editable=False)
    # PostgreSQL only: kept equal to to_tsvector('simple', search_document) by a trigger (see the migrations).
    search_vector = SearchVectorField(_("search vector"), null=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.refresh_search_document()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_document"}
        super().save(*args, **kwargs)

    def refresh_search_document(self):
        texts = [getattr(self, f"{field}_{lang}") or "" for field in self.search_fields for lang in LANGUAGE_SUFFIXES]
        self.search_document = " ".join(sorted(document_terms(" ".join(texts))))


def text_matches(query, fields):
    """Substring matches in both languages (SQLite, and the small tables everywhere)."""
    return reduce(or_, [Q(**{f"{field}_{lang}__icontains": query}) for field in fields for lang in LANGUAGE_SUFFIXES])


class SearchQuerySetMixin:
    def search(self, query):
        query = clean_query(query)
        if not query:
            return self
        terms = query_terms(query)
        related = self.related_matches(query)
        if not terms:
            return self.filter(text_matches(query, self.model.search_fields) | related)
        if connection.vendor == "postgresql":
            matches = Q(search_vector=SearchQuery(_tsquery(terms), search_type="raw", config="simple"))
            return self.filter(matches | related)
        padded = Concat(Value(" "), "search_document", Value(" "), output_field=models.TextField())
        return self.alias(padded_document=padded).filter(_document_holds(terms) | related)

    def related_matches(self, query):
        """Matches through related records, as a condition on this table's own columns; none by default."""
        return Q(pk__in=[])

    def title_match(self, query):
        """1 where the title holds the query, for ranking title matches first."""
        return models.Case(models.When(text_matches(clean_query(query), ["title"]), then=1), default=0)


# (section key, heading, model, searched fields, related objects to join) for /search/
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
    """Each section's total count and its first results; nothing for an empty query."""
    if not query:
        return []
    results = []
    for key, heading, model_label, related in SECTIONS:
        model = apps.get_model(model_label)
        published = model.objects.published()
        if model_label in SMALL_TABLE_FIELDS:
            matches = published.filter(text_matches(query, SMALL_TABLE_FIELDS[model_label]))
        else:
            matches = published.search(query).annotate(title_rank=published.title_match(query))
            matches = matches.order_by("-title_rank", "-published_at", "pk")
        matches = matches.select_related(*related)
        items = list(matches[:RESULTS_PER_SECTION])
        count = len(items) if len(items) < RESULTS_PER_SECTION else matches.count()
        results.append({"key": key, "heading": heading, "count": count, "items": items})
    return results
