"""The TypeScript types that openapi-typescript (npm) makes from the published description compile, with a client's
use of them: a list query with its enumerations, a program's fields, a problem (in the browser test pass, which has
the npm packages).
Budget: 30 s, SQLite pass only (measured 12 s)."""

import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import ProgramFactory

pytestmark = [pytest.mark.browser, pytest.mark.database_independent, pytest.mark.django_db]

BIN = Path(settings.BASE_DIR) / "node_modules" / ".bin"
USE = """
import type { components, operations } from "./portal-api";

type Program = components["schemas"]["Program"];
type Query = NonNullable<operations["programs_list"]["parameters"]["query"]>;

export const query: Query = { state: "open", category: ["education"], page: 1, page_size: 2 };
export const problem: components["schemas"]["Problem"] = { type: "about:blank", title: "Not found", status: 404,
  detail: "There is no such record or page." };
export function titles(programs: Program[]): string[] {
  return programs.map((program) => program.title_ko ?? program.slug);
}
"""
MISUSE = 'import type { operations } from "./portal-api";\n' + (
    'export const query: NonNullable<operations["programs_list"]["parameters"]["query"]> = { state: "opened" };\n'
)


def compile_with(tmp_path, source):
    (tmp_path / "use.ts").write_text(source)
    return subprocess.run(
        [BIN / "tsc", "--noEmit", "--strict", str(tmp_path / "use.ts")], capture_output=True, text=True, timeout=120
    )


def test_the_typescript_types_of_the_description_compile_and_catch_a_wrong_value(client, tmp_path):
    assert (BIN / "openapi-typescript").exists(), "run npm ci: openapi-typescript comes from the npm registry"
    ProgramFactory(slug="academy")
    (tmp_path / "openapi.json").write_bytes(client.get("/api/v1/schema/?format=json").content)
    made = subprocess.run(
        [BIN / "openapi-typescript", tmp_path / "openapi.json", "-o", tmp_path / "portal-api.d.ts"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    compiled = compile_with(tmp_path, USE)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    refused = compile_with(tmp_path, MISUSE)  # a state outside the enumeration does not compile
    assert refused.returncode != 0 and '"opened"' in refused.stdout
