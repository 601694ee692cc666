"""The OpenAPI description is valid and complete; the documentation pages explain every filter in both languages
and work under the portal's CSP."""

import json
import re

import pytest
import yaml
from openapi_spec_validator import validate

from api.filters import DATE_TIME_PATTERN
from programs.filters import DATE_PATTERN, EARLIEST, LATEST
from tests.factories import CategoryFactory, PartnerFactory

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


def test_every_operation_documents_every_status_it_answers_with_its_problem_and_headers(client):
    spec = client.get("/api/v1/schema/?format=json").json()
    problem = {"$ref": "#/components/schemas/Problem"}
    for path, operations in spec["paths"].items():
        responses = operations["get"]["responses"]
        assert {"200", "304", "400", "404", "406", "429"} <= set(responses), path
        for status in ("400", "404", "406", "429"):
            assert responses[status]["content"]["application/problem+json"]["schema"] == problem
        assert {"ETag", "Last-Modified", "Cache-Control", "RateLimit-Remaining"} <= set(responses["200"]["headers"])
        assert "ETag" in responses["304"]["headers"] and "Retry-After" in responses["429"]["headers"]
    assert set(spec["components"]["schemas"]["Problem"]["required"]) == {"type", "title", "status", "detail"}


def test_every_parameter_states_the_rule_the_server_applies(client):
    PartnerFactory(slug="gjtp")
    spec = client.get("/api/v1/schema/?format=json").json()

    def rules(path):
        return {parameter["name"]: parameter["schema"] for parameter in spec["paths"][path]["get"]["parameters"]}

    programs = rules("/api/v1/programs/")
    assert programs["page"]["minimum"] == 1 and programs["page"]["type"] == "integer"
    assert (programs["page_size"]["minimum"], programs["page_size"]["maximum"]) == (1, 100)
    assert programs["age"] == {"type": "integer", "minimum": 0, "maximum": 120}
    assert programs["years"] == {"type": "integer", "minimum": 0, "maximum": 100}
    assert programs["q"]["maxLength"] == 100 and programs["q"]["minLength"] == 1
    assert "education" in programs["category"]["items"]["enum"] and programs["category"]["maxItems"] == 20
    assert "pre-founder" in programs["audience"]["items"]["enum"]
    assert "gjtp" in programs["organizer"]["enum"]
    assert set(programs["state"]["enum"]) == {"open", "closing", "upcoming", "rolling", "forecast", "closed"}
    assert set(programs["source"]["enum"]) == {"kstartup", "bizinfo", "local"}
    assert set(programs["region"]["enum"]) == {"gwangju", "nationwide"}
    notice = spec["components"]["schemas"]["ProgramSource"]["properties"]
    assert notice["source"]["properties"]["code"]["enum"] == ["kstartup", "bizinfo"]
    assert {"source_id", "source_url", "checked_at"} <= set(notice)
    assert programs["start"]["format"] == "date" and programs["updated_since"]["format"] == "date-time"
    assert rules("/api/v1/events/")["mode"]["enum"] == ["online", "in_person"]  # never "" (an empty value)
    assert "" not in rules("/api/v1/partners/")["kind"]["enum"]
    assert "gjtp" in rules("/api/v1/agreements/")["party"]["enum"]


def test_the_date_patterns_take_exactly_the_years_the_filters_take():
    for year in range(1990, 2111):
        inside = EARLIEST.year <= year <= LATEST.year
        assert bool(re.match(DATE_PATTERN, f"{year}-06-30")) == inside, year
        assert bool(re.match(DATE_TIME_PATTERN, f"{year}-06-30T12:00:00+09:00")) == inside, year
    assert not re.match(DATE_PATTERN, "2026-13-01") and not re.match(DATE_TIME_PATTERN, "2026-06-30 12:00:00+09:00")


def test_the_description_follows_the_published_institutes(client):
    before = client.get("/api/v1/schema/?format=json").json()
    PartnerFactory(slug="new-institute")  # a saved change moves the content generation
    after = client.get("/api/v1/schema/?format=json").json()
    parameters = after["paths"]["/api/v1/programs/"]["get"]["parameters"]
    organizer = next(parameter for parameter in parameters if parameter["name"] == "organizer")
    assert "new-institute" in organizer["schema"]["enum"] and before != after


@pytest.mark.parametrize("prefix, names", [("", ["교육", "Education"]), ("/en", ["교육", "Education"])])
def test_the_documentation_lists_each_parameters_values_in_both_languages(client, prefix, names):
    CategoryFactory(slug="education", name_ko="교육", name_en="Education")
    page = client.get(f"{prefix}/api/").content.decode()
    assert "<code>education</code>" in page and all(name in page for name in names)
    assert "<code>open</code>" in page and "Deprecation" in page and "urllib.request" in page
    assert f"/api/v1/reference/?lang={'en' if prefix else 'ko'}" in page
