"""Templates as Django writes them: every block that spans lines names itself at its end ({% endblock name %}), so
that a reader of a long template knows what closes (ownership issue; the rest of its template rules, one tag per line
and lines of at most 120 characters, are not enforced yet)."""

import re
from pathlib import Path

from django.conf import settings

TAG = re.compile(r"{%-?\s*(block|endblock)\b\s*([\w-]*)\s*-?%}")


def unnamed_endblocks(text):
    """[(line, block name)] of the blocks that span lines and end without their name."""
    open_blocks, found = [], []
    for match in TAG.finditer(text):
        kind, name = match.groups()
        line = text.count("\n", 0, match.start()) + 1
        if kind == "block":
            open_blocks.append((name, line))
            continue
        opened, start = open_blocks.pop()
        if line != start and name != opened:
            found.append((line, opened))
    return found


def test_every_block_that_spans_lines_names_itself_at_its_end():
    templates = Path(settings.BASE_DIR) / "templates"
    offenders = [
        f"{path.relative_to(templates)}:{line}: {name}"
        for path in sorted(templates.rglob("*"))
        if path.suffix in (".html", ".txt")
        for line, name in unnamed_endblocks(path.read_text())
    ]
    assert offenders == []


def test_the_check_finds_an_unnamed_end_and_accepts_a_one_line_block():
    assert unnamed_endblocks("{% block content %}\n<p>x</p>\n{% endblock %}") == [(3, "content")]
    assert unnamed_endblocks("{% block title %}x{% endblock %}") == []
    assert unnamed_endblocks("{% block content %}\nx\n{% endblock content %}") == []
