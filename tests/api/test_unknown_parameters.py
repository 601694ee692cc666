"""The API refuses what it does not know: a misspelt parameter is a 400 problem that names it and lists the
parameters the list takes, never a silently ignored filter (trust review, second round, finding 15)."""

import pytest

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
