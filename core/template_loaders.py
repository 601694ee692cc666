"""Plain-text templates (.txt: the text of emails) are written one tag per line, like the HTML ones. In plain text
every newline reaches the reader, so a line that holds only tags printing nothing (if, for, with and their else,
empty and end, load, autoescape, comment, a translation or address kept `as` a variable) is taken out whole, its
indentation and newline with it, as Jinja's trim_blocks and lstrip_blocks do: the email reads as the template's
lines of text."""

import re

from django.template.loaders import app_directories, filesystem

SILENT = r"(?:end)?(?:if|for|with|autoescape|comment|block)|elif|else|empty|load|extends"
SILENT_TAG = rf"{{%-?\s*(?:(?:{SILENT})\b[^%]*|(?:translate|url)\b[^%]*\sas\s+\w+\s*)%}}"  # "as x" prints nothing
STRUCTURE_LINE = re.compile(rf"^[ \t]*(?:{SILENT_TAG}[ \t]*)+\n", re.MULTILINE)


def without_structure_lines(text):
    return STRUCTURE_LINE.sub(lambda line: line.group().strip(), text)


class PlainTextMixin:
    def get_contents(self, origin):
        contents = super().get_contents(origin)
        return without_structure_lines(contents) if origin.name.endswith(".txt") else contents


class FilesystemLoader(PlainTextMixin, filesystem.Loader):
    pass


class AppDirectoriesLoader(PlainTextMixin, app_directories.Loader):
    pass
