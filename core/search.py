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
    """A raw tsquery such as '창업' & 'ai':* (the terms are word characters only)."""
    return " & ".join(f"'{term}':*" if is_prefix else f"'{term}'" for term, is_prefix in terms)


def _padded(column):
    return Concat(Value(" "), column, Value(" "), output_field=models.TextField())


def _column_holds(column, terms):
    """The terms matched against a stored column of words, for databases without tsvector."""
    lookup = f"{column}__contains"
    return reduce(and_, [Q(**{lookup: f" {term}" if is_prefix else f" {term} "}) for term, is_prefix in terms])


# The derived columns: long, and never shown on a page.
SEARCH_COLUMNS = ("search_title", "search_document", "search_vector", "search_title_vector")


class SearchDocument(models.Model):
    """An abstract model whose translated text fields can be searched fast, titles apart from the rest."""

    search_fields = ()  # the title first

    search_title = models.TextField(_("search title"), blank=True, default="", editable=False)
    search_document = models.TextField(_("search document"), blank=True, default="", editable=False)
    # PostgreSQL only: a trigger keeps these equal to the documents as tsvectors (see the migrations).
    search_vector = SearchVectorField(_("search vector"), null=True, editable=False)
    search_title_vector = SearchVectorField(_("search title vector"), null=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.refresh_search_document()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_title", "search_document"}
        super().save(*args, **kwargs)

    def refresh_search_document(self):
        def terms(fields):
            texts = [getattr(self, f"{field}_{lang}") or "" for field in fields for lang in LANGUAGE_SUFFIXES]
            return " ".join(sorted(document_terms(" ".join(texts))))

        self.search_title = terms(self.search_fields[:1])
        self.search_document = terms(self.search_fields)


def search_documents_fill(everything=False, batch_size=500, using="default"):
    """Compute the stored search documents of every searchable model: all of them, or (after a migration) those
    still empty. Returns how many records were written. Never run inside a migration, which must not import this."""
    written = 0
    for model in apps.get_models():
        if not issubclass(model, SearchDocument):
            continue
        manager = model._default_manager.db_manager(using)
        records = manager.all() if everything else manager.filter(search_document="")
        batch = []
        for record in records.iterator(chunk_size=batch_size):
            record.refresh_search_document()
            batch.append(record)
            if len(batch) == batch_size:
                written += manager.bulk_update(batch, ["search_title", "search_document"])
                batch = []
        written += manager.bulk_update(batch, ["search_title", "search_document"]) if batch else 0
    return written


def search_documents_sync(sender, using="default", **kwargs):
    """post_migrate: once the last app has migrated, records without a search document get one."""
    if sender.name == list(apps.get_app_configs())[-1].name:
        search_documents_fill(using=using)


def text_matches(query, fields):
    """Substring matches in both languages (the small tables, and queries of punctuation only)."""
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
        return self.alias(padded_document=_padded("search_document")).filter(
            _column_holds("padded_document", terms) | related
        )

    def related_matches(self, query):
        """Matches through related records, as a condition on this table's own columns; none by default."""
        return Q(pk__in=[])

    def title_condition(self, query):
        """(aliases, condition) for records whose title holds every term of the query."""
        terms = query_terms(clean_query(query))
        if not terms:
            return {}, Q(pk__in=[])
        if connection.vendor == "postgresql":
            return {}, Q(search_title_vector=SearchQuery(_tsquery(terms), search_type="raw", config="simple"))
        return {"padded_title": _padded("search_title")}, _column_holds("padded_title", terms)


def title_first_ids(matches, unsearched, query, start, stop, ordered_ids):
    """Ids of matches (unsearched.search(query)) from start to stop, title matches first.

    ordered_ids(queryset, start, stop) orders each part. Title matches are read from the unsearched
    queryset: the title condition implies a match, and the database need not test the whole document.
    """
    aliases, in_title = unsearched.title_condition(query)
    titled = unsearched.alias(**aliases).filter(in_title)
    title_ids = ordered_ids(titled, start, stop)
    if len(title_ids) == stop - start:
        return title_ids
    if start == 0:
        # All title matches are on this page, so the first `stop` matches overall, less those, fill it.
        shown = set(title_ids)
        rest = [pk for pk in ordered_ids(matches, 0, stop) if pk not in shown]
        return title_ids + rest[: stop - len(title_ids)]
    # The title matches end on this page or before it: where exactly tells where the rest begins.
    title_count = start + len(title_ids) if title_ids else titled.count()
    elsewhere = matches.alias(**aliases).exclude(in_title)
    return title_ids + ordered_ids(elsewhere, max(0, start - title_count), stop - title_count)
