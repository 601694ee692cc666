"""Templates as Django writes them (core.template_style): named end blocks, one tag per line, lines of at most 120
characters; `manage.py check_templates` runs the check in `make lint`, and the plain-text templates' lines of tags
leave no trace in the email (core.template_loaders)."""

import pytest
from django.core.management import CommandError, call_command
from django.template import engines

from core.template_loaders import without_structure_lines
from core.template_style import crowded_lines, problems, unnamed_endblocks


def test_the_project_templates_have_no_problem(capsys):
    call_command("check_templates")
    assert "no problem" in capsys.readouterr().out


def test_the_command_fails_and_names_each_problem(tmp_path, settings, capsys):
    (tmp_path / "bad.html").write_text("{% block content %}\n<p>x</p>\n{% endblock %}\n" + "x" * 121 + "\n")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    with pytest.raises(CommandError, match="2 template problem"):
        call_command("check_templates")
    errors = capsys.readouterr().err
    assert "bad.html:3: {% endblock %} without its name (content)" in errors
    assert "bad.html:4: 121 characters" in errors


def test_unnamed_ends_are_found_and_one_line_blocks_accepted():
    assert unnamed_endblocks("{% block content %}\n<p>x</p>\n{% endblock %}") == [(3, "content")]
    assert unnamed_endblocks("{% block title %}x{% endblock %}") == []
    assert unnamed_endblocks("{% block content %}\nx\n{% endblock content %}") == []


def test_a_line_may_open_or_close_one_tag_that_spans_lines():
    assert crowded_lines("{% for a in b %}{% if a %}\nx\n{% endif %}{% endfor %}") == [
        (1, ["if", "for"]),
        (3, ["endif", "endfor"]),
    ]
    assert crowded_lines("{% if a %}\n<p>{% if b %}x{% else %}y{% endif %}</p>\n{% endif %}") == []
    assert crowded_lines("{% if a %}\nx\n{% else %}y{% endif %}") == [(3, ["else", "endif"])]


def test_a_line_of_120_characters_passes_and_121_does_not():
    assert problems("t.html", "x" * 120) == []
    assert [str(problem) for problem in problems("t.html", "x" * 121)] == ["t.html:1: 121 characters (at most 120)"]


def test_lines_of_silent_tags_leave_no_line_in_plain_text():
    source = (
        "{% load i18n %}\n{% if a %}\n  {% for x in xs %}\n- {{ x }}\n  {% endfor %}\n"
        "{% else %}\nnone\n{% endif %}\nend\n"
    )
    render = engines["django"].from_string(without_structure_lines(source)).render
    assert render({"a": True, "xs": [1, 2]}) == "- 1\n- 2\nend\n"
    assert render({"a": False}) == "none\nend\n"
    assert without_structure_lines("{% translate 'x' as y %}\n{{ y }}: {% translate 'z' %}\n") == (
        "{% translate 'x' as y %}{{ y }}: {% translate 'z' %}\n"
    )
