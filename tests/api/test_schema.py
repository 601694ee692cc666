"""The OpenAPI description is valid and complete; the documentation pages explain every filter in both languages
and work under the portal's CSP."""

import json

import pytest
import yaml
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_the_openapi_description_is_valid_in_yaml_and_json(client):
    as_yaml = client.get("/api/v1/schema/")
    assert as_yaml.status_code == 200 and as_yaml["Content-Type"].startswith("application/vnd.oai.openapi")
    spec = yaml.safe_load(as_yaml.content)
    validate(spec)
    assert spec["openapi"].startswith("3.1")
    as_json = json.loads(client.get("/api/v1/schema/?format=json").content)
    assert as_json == spec
    paths = spec["paths"]
    for endpoint in ["programs", "events", "partners", "agreements"]:
        assert f"/api/v1/{endpoint}/" in paths and f"/api/v1/{endpoint}/{{slug}}/" in paths
    program_parameters = {parameter["name"] for parameter in paths["/api/v1/programs/"]["get"]["parameters"]}
    assert {"q", "state", "category", "audience", "organizer", "age", "years", "sort", "updated_since"} <= (
        program_parameters
    )
    assert {"page", "page_size"} <= program_parameters


@pytest.mark.parametrize(
    "prefix, words", [("", ["개발자를 위한 API", "버전"]), ("/en", ["API for developers", "Versions"])]
)
def test_the_documentation_explains_filters_limits_versions_and_field_names(client, prefix, words):
    page = client.get(f"{prefix}/api/").content.decode()
    for expected in [*words, "<code>updated_since</code>", "<code>page_size</code>", "biz_pbanc_nm", "pblancNm",
                     "/api/v1/schema/", "RateLimit-Remaining", "application/problem+json"]:  # fmt: skip
        assert expected in page, expected


def test_the_interactive_reference_runs_no_inline_script(client):
    page = client.get("/api/v1/reference/")
    html = page.content.decode()
    assert page.status_code == 200 and "<script>" not in html and "<style>" not in html
    script = client.get("/api/v1/reference/?script=")
    assert script.status_code == 200 and "javascript" in script["Content-Type"]
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
