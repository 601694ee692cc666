"""The portal's languages, read from settings.LANGUAGES everywhere (Korean first, then English): the translated
columns (title_ko, title_en), texts given in every language, messages written in each."""

from django.conf import settings
from django.utils import translation


def language_codes():
    return tuple(code for code, _name in settings.LANGUAGES)


def in_each_language(text):
    """{language code: `text` (a lazy translation, a template's output) as read in that language}."""
    said = {}
    for code in language_codes():
        with translation.override(code):
            said[code] = str(text() if callable(text) else text)
    return said
