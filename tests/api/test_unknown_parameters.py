"""The API refuses what it does not know: a misspelt parameter is a 400 problem that names it and lists the
parameters the list takes, never a silently ignored filter (trust review, second round, finding 15)."""

from datetime import datetime

import jsonschema
import pytest
from django.utils import timezone

from tests.factories import EventFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path, parameter",
    [
        ("/api/v1/programs/?organiser=keti", "organiser"),
        ("/api/v1/programs/?category=education&catgory=x", "catgory"),
        ("/api/v1/events/?utm_source=newsletter", "utm_source"),
        ("/api/v1/partners/?knd=city", "knd"),
        ("/api/v1/agreements/?parties=gjtp", "parties"),
    ],
)
def test_an_unknown_parameter_is_a_400_problem_naming_it(client, path, parameter):
    ProgramFactory()
    EventFactory()
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert parameter in str(body) and "page_size" in str(body)


def test_known_parameters_and_paging_still_work(client):
    ProgramFactory(title_ko="인공지능 교육")
    response = client.get("/api/v1/programs/", {"page": "1", "page_size": "5", "q": "인공지능", "state": "open"})
    assert response.status_code == 200 and response.json()["count"] == 1


@pytest.mark.parametrize(
    "path, parameter, suggestion",
    [
        ("/api/v1/programs/?organiser=keti", "organiser", "organizer"),
        ("/api/v1/programs/?catgory=x", "catgory", "category"),
        ("/api/v1/partners/?knd=city", "knd", "kind"),
        ("/api/v1/events/?mod=online", "mod", "mode"),
    ],
)
def test_a_misspelt_parameter_is_answered_with_the_closest_known_one(client, path, parameter, suggestion):
    body = client.get(path, HTTP_ACCEPT_LANGUAGE="en").json()
    assert f"did you mean “{suggestion}”?" in body["errors"][parameter][0]


def test_a_record_address_takes_no_parameter(client):
    program = ProgramFactory(slug="academy")
    assert client.get(f"/api/v1/programs/{program.slug}/").status_code == 200
    body = client.get(f"/api/v1/programs/{program.slug}/?lang=en").json()
    assert body["status"] == 400 and "lang" in body["errors"]


def test_an_invalid_choice_lists_the_values_the_parameter_takes(client):
    body = client.get("/api/v1/programs/?state=opened&category=educaton", HTTP_ACCEPT_LANGUAGE="en").json()
    assert "closing" in body["errors"]["state"][-1] and "forecast" in body["errors"]["state"][-1]
    assert "Valid values:" in body["errors"]["category"][-1] and "education" in body["errors"]["category"][-1]


def test_problems_match_the_schema_the_description_documents(client):
    """The 400 and 404 answers, as any client validating against the published description would read them."""
    ProgramFactory(slug="academy")
    description = client.get("/api/v1/schema/?format=json").json()
    problem = description["components"]["schemas"]["Problem"]
    for path, status, accept in [
        ("/api/v1/programs/?state=nope", 400, "*/*"),
        ("/api/v1/programs/?organiser=x", 400, "*/*"),
        ("/api/v1/programs/?page=99", 404, "*/*"),
        ("/api/v1/programs/no-such-program/", 404, "*/*"),
        ("/api/v1/events/?mode=", 400, "*/*"),
        ("/api/v1/programs/", 406, "text/html"),
    ]:
        response = client.get(path, HTTP_ACCEPT=accept)
        operation = description["paths"]["/api/v1/programs/{slug}/" if "no-such" in path else path.split("?")[0]]
        assert response.status_code == status
        documented = operation["get"]["responses"][str(status)]
        assert response["Content-Type"] in documented["content"]
        jsonschema.validate(response.json(), problem)


def test_each_parameter_stands_on_its_own_an_end_before_the_start_finds_programs_open_on_both_days(client):
    day = lambda month, number: timezone.make_aware(datetime(2026, month, number))  # noqa: E731
    ProgramFactory(slug="both", application_opens_at=day(3, 1), application_closes_at=day(6, 1))
    ProgramFactory(slug="april-only", application_opens_at=day(4, 1), application_closes_at=day(4, 20))
    body = client.get("/api/v1/programs/?start=2026-05-01&end=2026-04-01").json()
    assert [program["slug"] for program in body["results"]] == ["both"]
