"""Templates as Django writes them, checked by `manage.py check_templates` (run by `make lint`):

- a block that spans lines names itself at its end (`{% endblock content %}`), so a reader knows what closes;
- one tag per line: a line opens, continues (else, elif, empty, plural) or closes at most one tag that spans lines,
  so each line of a template's structure stands on its own (a tag opened and closed on the same line, such as
  `{% if x %}, {% endif %}`, is a phrase of that line and does not count);
- no line is longer than 120 characters.
"""

import re
from dataclasses import dataclass
from pathlib import Path

MAX_LINE = 120
TAG = re.compile(r"{%-?\s*(\w+)\b\s*([\w-]*)[^%]*?-?%}")
# Tags that Django ends with end<name>; the rest (translate, url, include, csrf_token...) stand alone.
BLOCK_TAGS = {
    "autoescape", "block", "blocktrans", "blocktranslate", "cache", "comment", "filter", "for", "if", "ifchanged",
    "language", "localize", "localtime", "spaceless", "timezone", "verbatim", "with",
}  # fmt: skip
CONTINUATIONS = {"else", "elif", "empty", "plural"}


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self):
        return f"{self.path}:{self.line}: {self.message}"


def unnamed_endblocks(text):
    """[(line, block name)] of the blocks that span lines and end without their name."""
    open_blocks, found = [], []
    for match in TAG.finditer(text):
        kind, name = match.groups()
        if kind not in ("block", "endblock"):
            continue
        line = text.count("\n", 0, match.start()) + 1
        if kind == "block":
            open_blocks.append((name, line))
            continue
        opened, start = open_blocks.pop()
        if line != start and name != opened:
            found.append((line, opened))
    return found


def crowded_lines(text):
    """[(line, tags)] of the lines holding more than one tag that spans lines (opened, continued or closed there)."""
    stack, per_line = [], {}  # stack: (tag, line opened)
    for match in TAG.finditer(text):
        kind = match.group(1)
        line = text.count("\n", 0, match.start()) + 1
        if kind in BLOCK_TAGS:
            stack.append((kind, line))
        elif kind in CONTINUATIONS and stack:
            if stack[-1][1] != line:
                per_line.setdefault(line, []).append(kind)
        elif kind.startswith("end") and kind[3:] in BLOCK_TAGS and stack:
            opened, start = stack.pop()
            if start != line:
                per_line.setdefault(line, []).append(kind)
                per_line.setdefault(start, []).append(opened)
    return sorted((line, tags) for line, tags in per_line.items() if len(tags) > 1)


def problems(path, text):
    found = [
        Problem(path, line, f"{{% endblock %}} without its name ({name})") for line, name in unnamed_endblocks(text)
    ]
    found += [
        Problem(path, line, f"more than one tag that spans lines ({', '.join(tags)})")
        for line, tags in crowded_lines(text)
    ]
    found += [
        Problem(path, number, f"{len(line)} characters (at most {MAX_LINE})")
        for number, line in enumerate(text.splitlines(), 1)
        if len(line) > MAX_LINE
    ]
    return sorted(found, key=lambda problem: problem.line)


def template_problems(directory):
    """Every problem of the templates under `directory`, as Problem rows with paths relative to it."""
    directory = Path(directory)
    return [
        problem
        for path in sorted(directory.rglob("*"))
        if path.suffix in (".html", ".txt", ".xml", ".ics")
        for problem in problems(str(path.relative_to(directory)), path.read_text())
    ]
