"""The one-way layers hold: import-linter's contracts (pyproject.toml) pass, and the core names no app by label."""

import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

CORE = Path(settings.BASE_DIR) / "core"
APP_LABEL = re.compile(r"""["'](?:partners|programs)(?:\.[A-Z]\w*)?["']""")


def test_the_import_contracts_are_kept():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout


def test_no_core_module_names_an_app_by_label():
    offenders = [
        f"{path.relative_to(CORE)}:{number}"
        for path in CORE.rglob("*.py")
        if "migrations" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if APP_LABEL.search(line)
    ]
    assert offenders == []


def test_the_label_check_would_catch_a_model_named_by_label():
    assert APP_LABEL.search('apps.get_model("programs", "Attachment")')
    assert APP_LABEL.search('"programs.Program"')
    assert not APP_LABEL.search("user.edited_partners.values_list")
