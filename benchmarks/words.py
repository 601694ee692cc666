"""The words a visitor would search for, taken from the sample titles (shared by the benchmarks)."""

import re

STOPWORDS = {"and", "of", "for", "the", "to", "in"}


def title_words(titles):
    """The distinct words of `titles` (rows of a title in each language), in order: no numbers (a cohort's "3기" is
    not what people type), one form per lowercase spelling ("Start-up" and "start-up" are one question)."""
    words = {}
    for row in titles:
        for word in " ".join(title or "" for title in row).split():
            word = word.strip(",.;")
            if len(word) > 1 and word.lower() not in STOPWORDS and not re.search(r"[\d\[\]():]", word):
                words.setdefault(word.lower(), word)
    return sorted(words.values())
