"""How text becomes search terms, the same way at index time and at query time, in Korean and English.

Korean goes through a morphological analyser (MeCab with mecab-ko-dic, the dictionary Lucene's nori uses): nouns,
verb and adjective stems, roots and the parts of compounds are kept; particles, endings and empty suffixes are
dropped, so 아카데미에서 and 아카데미 are the same word and spacing does not matter. Latin words are lowercased,
joined across hyphens and ampersands (start-up = startup, R&D = rd) and reduced to their Snowball stem, in Python, so
SQLite and PostgreSQL agree. Every two-syllable piece of the Korean text is kept too, marked, as a fallback for words
the dictionary does not know.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer
from mecab import MeCab

# Raise when the analysis changes: documents made by an older one are rebuilt after the next migrate.
ANALYSER_VERSION = 2

PIECE_MARK = "ψ"  # a letter no query word can contain, so pieces never meet whole words
LATIN_WORD = re.compile(r"[a-z0-9]+(?:[-&'.·][a-z0-9]+)*")
LATIN_JOINERS = re.compile(r"[-&'.·]")
HANGUL = re.compile(r"[\uac00-\ud7a3]")
HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")
HANGUL_PHRASE = re.compile(r"[\uac00-\ud7a3]+(?:\s+[\uac00-\ud7a3]+)*")

NOUNS = {"NNG", "NNP", "XR", "SH", "UNKNOWN"}
VERBS = {"VV", "VA"}
# Verbs and adjectives that say nothing about a topic (받고 싶어요, 위한, 있는): never part of a match.
EMPTY_VERBS = {
    "하",
    "받",
    "싶",
    "있",
    "되",
    "위하",
    "주",
    "같",
    "않",
    "없",
    "보",
    "통하",
    "대하",
    "관하",
    "알",
    "오",
    "가",
    "만들",
    "찾",
    "나가",
    "들어가",
    "알아보",
}
# English words that carry no topic. "it" stays: IT is a field.
ENGLISH_STOP_WORDS = frozenset(
    """
    a an the and or of for to in on at by with from as is are be been i we you my our your me want wants need how
    what which who can could do does get about into this that these those there any some
    """.split()  # noqa: SIM905 - a word list reads better as text
)
NOUN_WEIGHT, VERB_WEIGHT = 2, 1

_mecab = None
_stemmer = snowballstemmer.stemmer("english")


def _tagger():
    global _mecab
    if _mecab is None:
        _mecab = MeCab()
    return _mecab


def normalize(text):
    """Full-width letters and compatibility forms folded (ＡＩ = AI), lowercased."""
    return unicodedata.normalize("NFKC", text or "").lower()


@lru_cache(maxsize=20000)
def stem(word):
    return _stemmer.stemWord(word)


@dataclass(frozen=True)
class Token:
    """One word of a text as search sees it."""

    text: str  # what it stands for in the text, for messages ("투자를" is found as 투자)
    term: str  # the indexed form
    parts: tuple = ()  # a compound's parts (인공지능: 인공, 지능), or a joined Latin word's (start-up: start, up)
    weight: int = NOUN_WEIGHT
    known: bool = True  # False: not in the dictionary, so its two-syllable pieces stand in as well


def _morpheme_tokens(text):
    """Korean tokens of a text, in order."""
    tokens = []
    for morpheme in _tagger().parse(text):
        surface, feature = morpheme.surface, morpheme.feature
        if not HANGUL.search(surface):
            continue  # Latin letters and numbers are read by latin_tokens
        pos = feature.start_pos if feature.type == "Inflect" else feature.pos
        term = surface
        if feature.type == "Inflect" and feature.expression:
            term = feature.expression.split("/", 1)[0]  # 했 -> 하, 위한 -> 위하
        if not HANGUL_WORD.fullmatch(term):
            continue  # a term holds syllables only, so that it is one word to both databases
        if pos in NOUNS:
            parts = ()
            if feature.type == "Compound" and feature.expression:
                parts = tuple(p.split("/", 1)[0] for p in feature.expression.split("+"))
                parts = tuple(part for part in parts if HANGUL_WORD.fullmatch(part))
            tokens.append(Token(surface, term, parts, NOUN_WEIGHT, pos != "UNKNOWN"))
        elif pos in VERBS and term not in EMPTY_VERBS:
            tokens.append(Token(surface, term, (), VERB_WEIGHT))
    return tokens


def _latin_tokens(text):
    tokens = []
    for word in LATIN_WORD.findall(text):
        parts = [part for part in LATIN_JOINERS.split(word) if part]
        joined = "".join(parts)
        if joined in ENGLISH_STOP_WORDS:
            continue
        stems = tuple(stem(part) for part in parts if len(part) > 1 and part not in ENGLISH_STOP_WORDS)
        tokens.append(Token(word, stem(joined), stems if len(parts) > 1 else ()))
    return tokens


def tokens(text):
    """The words of a text that search uses: Latin words first, then Korean, each in order."""
    text = normalize(text)
    return _latin_tokens(text) + (_morpheme_tokens(text) if HANGUL.search(text) else [])


def pieces(text):
    """Every two-syllable piece of the Korean phrases of a text, spaces ignored (the fallback)."""
    found = set()
    for phrase in HANGUL_PHRASE.findall(normalize(text)):
        joined = "".join(phrase.split())
        found |= {joined[i : i + 2] for i in range(len(joined) - 1)}
    return found


def marked(piece):
    return PIECE_MARK + piece


def document_terms(text, *, with_pieces=True):
    """Every term under which a text can be found."""
    terms = set()
    for token in tokens(text):
        terms.add(token.term)
        terms.update(part for part in token.parts if len(part) > 1)
    if with_pieces:
        terms.update(marked(piece) for piece in pieces(text))
    return terms


# Queries


@dataclass(frozen=True)
class Group:
    """One thing a query asks for: any of its alternatives, each a set of terms that must all be present."""

    words: str
    alternatives: frozenset
    fallback: frozenset = frozenset()  # marked pieces that must all be present, for a word the dictionary lacks
    weight: int = NOUN_WEIGHT

    def found_in(self, terms, *, whole_words_only=False):
        if any(alternative <= terms for alternative in self.alternatives):
            return True
        return bool(self.fallback) and not whole_words_only and self.fallback <= terms


@dataclass(frozen=True)
class QueryPlan:
    text: str
    groups: tuple
    dropped: tuple = field(default=())  # groups the results need not hold (a relaxed plan)

    def __bool__(self):
        return bool(self.groups)

    @property
    def has_fallback(self):
        return any(group.fallback for group in self.groups)

    def matches(self, terms, *, whole_words_only=False):
        """Whether a record with these terms is a match (for small tables searched in Python)."""
        return bool(self.groups) and all(g.found_in(terms, whole_words_only=whole_words_only) for g in self.groups)

    def without(self, groups):
        """The same query without some of its groups (the words no record holds together)."""
        kept = tuple(group for group in self.groups if group not in groups)
        return QueryPlan(self.text, kept, self.dropped + tuple(groups))

    @property
    def words(self):
        return [group.words for group in self.groups]

    @property
    def looked_for(self):
        """The words as a reader would name them: the analysed words ("사무실이" is 사무실), except where a typed
        word the dictionary does not know fell apart into single syllables ("창엽" is not "창, 엽")."""
        shown = []
        for typed in normalize(self.text).split():
            inside = [group.words for group in self.groups if group.words in typed]
            if inside and all(len(words) == 1 for words in inside):
                shown.append(typed)
            else:
                shown.extend(inside)
        shown.extend(group.words for group in self.groups if group.words not in shown and " " in group.words)
        return list(dict.fromkeys(shown))

    @property
    def dropped_words(self):
        return [group.words for group in self.dropped]

    def highlight_terms(self):
        """The whole-word terms the results hold (stems, Korean words, equivalents), to mark them in titles."""
        return sorted({term for group in self.groups for alternative in group.alternatives for term in alternative})


def _token_alternatives(token):
    """A Korean compound is found as a whole or by its parts (인공지능 = 인공 지능); a joined Latin word only whole,
    the way it was typed."""
    alternatives = {frozenset([token.term])}
    korean_parts = HANGUL.search(token.term) and len(token.parts) > 1 and all(len(p) > 1 for p in token.parts)
    if korean_parts:
        alternatives.add(frozenset(token.parts))
    return alternatives


def _token_group(token):
    fallback = frozenset()
    if not token.known and len(token.term) > 2:
        fallback = frozenset(marked(piece) for piece in pieces(token.term))
    return Group(token.text, frozenset(_token_alternatives(token)), fallback, token.weight)


def equivalents_index(rows):
    """{sequence of terms: alternatives} from rows of equivalent terms, e.g. ["AI", "인공지능"]."""
    index = {}
    for row in rows:
        entries = [tuple(tokens(term)) for term in row if term.strip()]
        entries = [entry for entry in entries if entry]
        alternatives = set()
        for entry in entries:
            alternatives.add(frozenset(token.term for token in entry))
            if len(entry) == 1:
                alternatives |= _token_alternatives(entry[0])
        for entry in entries:
            key = tuple(token.term for token in entry)
            index[key] = frozenset(alternatives | index.get(key, frozenset()))
    return index


MAX_QUERY_GROUPS = 8
LONGEST_EQUIVALENT = 4


def plan_query(text, equivalents=None):
    """What a query asks for: one group per word (or per phrase an equivalent names), at most eight."""
    equivalents = equivalents or {}
    found = tokens(text)
    groups = []
    i = 0
    while i < len(found) and len(groups) < MAX_QUERY_GROUPS:
        for length in range(min(LONGEST_EQUIVALENT, len(found) - i), 0, -1):
            key = tuple(token.term for token in found[i : i + length])
            if key in equivalents:
                span = found[i : i + length]
                own = frozenset(_token_alternatives(span[0])) if length == 1 else frozenset()
                words = " ".join(token.text for token in span)
                groups.append(Group(words, equivalents[key] | own, frozenset(), max(t.weight for t in span)))
                i += length
                break
        else:
            groups.append(_token_group(found[i]))
            i += 1
    unique = tuple(dict.fromkeys(groups))  # the same word twice asks for it once
    return QueryPlan(text, unique)


# "Did you mean": trigram similarity over letters, Korean syllables taken apart into their jamo (창엽 ~ 창업).


@lru_cache(maxsize=30_000)  # the vocabulary's words, made again after each edit (core.search.vocabulary)
def trigrams(word):
    letters = unicodedata.normalize("NFD", word)
    padded = f"  {letters} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def closest_term(word, vocabulary, threshold=0.35):
    """The known word most like `word` by trigram similarity (as pg_trgm's), or None. `vocabulary` holds
    (word, trigrams(word)) pairs, made once."""
    wanted = trigrams(word)
    best, best_score = None, threshold
    for candidate, theirs in vocabulary:
        if candidate in word or abs(len(candidate) - len(word)) > 3:
            continue  # the word itself, a part of it the search already looked for, or far too long or short
        score = len(wanted & theirs) / len(wanted | theirs)
        if score > best_score:
            best, best_score = candidate, score
    return best


def matched_spans(text, terms):
    """(start, end) of the words of `text` a search for `terms` matched: Korean terms where they occur, Latin words
    whose stem is a term (Academy for academi, Start-up for startup)."""
    terms = set(terms)
    korean = sorted((term for term in terms if HANGUL.search(term)), key=len, reverse=True)
    latin = r"[A-Za-z0-9]+(?:[-&'.·][A-Za-z0-9]+)*"
    pattern = "|".join([*(re.escape(term) for term in korean), latin])
    spans = []
    for match in re.finditer(pattern, text):
        word = match.group()
        if HANGUL.search(word):
            spans.append(match.span())
            continue
        tokens_of_word = _latin_tokens(normalize(word))
        if any(token.term in terms or terms & set(token.parts) for token in tokens_of_word):
            spans.append(match.span())
    return spans
