"""The API as HTTP: problem details for bad input, CORS for any origin, ETag and 304, a per-address limit with 429,
and a constant number of queries per endpoint."""

import pytest
import time_machine
from django.utils import timezone

from tests.factories import AgreementFactory, EventFactory, PartnerFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"] and body["type"]
    return body


@pytest.mark.parametrize(
    "query, field",
    [
        ("state=nope", "state"),
        ("category=no-such-field", "category"),
        ("age=abc", "age"),
        ("age=500", "age"),
        ("start=2026-02-30", "start"),
        ("start=2026-13-01", "start"),
        ("start=2026-5-1", "start"),  # ISO dates only, as the description says
        ("updated_since=2026-11-01 00:00", "updated_since"),  # RFC 3339: a T and an offset
        ("age=5.0", "age"),
        ("state=", "state"),  # an empty value is not "any state"
        ("state=open&state=closed", "state"),  # a single value, given once
        ("q=%20%20", "q"),
        ("q=" + "가" * 101, "q"),
        ("organiser=gjtp", "organiser"),
        ("updated_since=yesterday", "updated_since"),
        ("sort=random", "sort"),
        ("page_size=0", "page_size"),
        ("page_size=101", "page_size"),
        ("page_size=ten", "page_size"),
        ("page=abc", "page"),
    ],
)
def test_a_bad_parameter_is_a_400_that_names_it(client, query, field):
    ProgramFactory()
    body = problem(client.get(f"/api/v1/programs/?{query}"), 400)
    assert list(body["errors"]) == [field] and body["errors"][field]


def test_page_sizes_from_1_to_100_and_pages_past_the_end(client):
    ProgramFactory.create_batch(3)
    assert len(client.get("/api/v1/programs/?page_size=1").json()["results"]) == 1
    page = client.get("/api/v1/programs/?page_size=2&page=2").json()
    assert page["count"] == 3 and len(page["results"]) == 1 and page["next"] is None
    assert page["previous"].startswith("http://testserver/api/v1/programs/?")
    assert client.get("/api/v1/programs/?page_size=100").status_code == 200
    problem(client.get("/api/v1/programs/?page=9"), 404)


def test_unknown_addresses_and_records_are_problem_404s(client):
    problem(client.get("/api/v1/nothing-here/"), 404)
    problem(client.get("/api/v1/programs/no-such-program/"), 404)


def test_errors_follow_the_clients_language(client):
    korean = client.get("/api/v1/programs/?state=nope").json()
    english = client.get("/api/v1/programs/?state=nope", HTTP_ACCEPT_LANGUAGE="en").json()
    assert korean["title"] == "잘못된 요청" and english["title"] == "Bad request"


def test_any_origin_may_read_without_credentials(client):
    ProgramFactory()
    response = client.get("/api/v1/programs/", HTTP_ORIGIN="https://apps.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    preflight = client.options(
        "/api/v1/programs/", HTTP_ORIGIN="https://apps.example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight.status_code == 200 and "GET" in preflight["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Origin" not in client.get("/programs/", HTTP_ORIGIN="https://apps.example.org")


def test_etag_and_last_modified_answer_304_until_something_changes(client):
    program = ProgramFactory(slug="p")
    with time_machine.travel(timezone.now(), tick=False):
        for url in ["/api/v1/programs/", "/api/v1/programs/p/"]:
            first = client.get(url)
            assert first["Cache-Control"] == "public, max-age=60"
            etag, modified = first["ETag"], first["Last-Modified"]
            again = client.get(url, HTTP_IF_NONE_MATCH=etag)
            assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
            assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
        program.title_ko = "바뀐 제목"
        program.save()
        changed = client.get("/api/v1/programs/p/", HTTP_IF_NONE_MATCH=etag)
        assert changed.status_code == 200 and changed.json()["title_ko"] == "바뀐 제목"


def test_over_the_limit_a_client_is_told_to_wait(client, settings):
    settings.API_REQUESTS_PER_MINUTE = 3
    answers = [client.get("/api/v1/partners/") for _ in range(4)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert [answer["RateLimit-Remaining"] for answer in answers[:3]] == ["2", "1", "0"]
    assert answers[0]["RateLimit-Limit"] == "3"
    refused = answers[3]
    body = problem(refused, 429)
    assert 1 <= int(refused["Retry-After"]) <= 60 and body["retry_after"] == int(refused["Retry-After"])
    other = client.get("/api/v1/partners/", REMOTE_ADDR="192.0.2.9")  # another address has its own count
    assert other.status_code == 200


def make_programs(count):
    for _ in range(count):
        ProgramFactory(co_organizers=[PartnerFactory()])


def make_events(count):
    for _ in range(count):
        EventFactory().co_hosts.set([PartnerFactory()])


def make_agreements(count):
    AgreementFactory.create_batch(count, parties=[PartnerFactory(), PartnerFactory()])


ENDPOINTS = [
    # count, the page's ids, its rows, audiences, technologies, co-organizers, attachments, sources, the named stages
    # (once a generation)
    ("programs", make_programs, 9),
    ("events", make_events, 3),
    ("partners", PartnerFactory.create_batch, 2),
    ("agreements", make_agreements, 3),
]


@pytest.mark.parametrize("endpoint, fill, queries", ENDPOINTS, ids=[endpoint[0] for endpoint in ENDPOINTS])
@pytest.mark.parametrize("rows", [1, 3])
def test_queries_per_list_do_not_grow_with_records(client, django_assert_num_queries, endpoint, fill, queries, rows):
    fill(rows)
    with django_assert_num_queries(queries):
        response = client.get(f"/api/v1/{endpoint}/")
    assert response.status_code == 200 and response.json()["count"] >= rows


def test_a_change_shows_at_once_although_pages_and_records_are_kept(client, settings):
    settings.REDIS_URL = "redis://kept-records"  # the records are kept in the shared cache, as in production
    program = ProgramFactory(slug="p", title_ko="처음 제목")
    gone = ProgramFactory(slug="gone")
    assert client.get("/api/v1/programs/?page_size=5").json()["count"] == 2
    program.title_ko = "바뀐 제목"
    program.save()
    gone.archive()
    listed = client.get("/api/v1/programs/?page_size=5&page=1").json()
    assert listed["count"] == 1 and [record["title_ko"] for record in listed["results"]] == ["바뀐 제목"]


@pytest.mark.parametrize("offset", ["%2B23:59", "-23:59", "Z", "%2B09:00"])
def test_any_rfc_3339_offset_is_taken(client, offset):
    """RFC 3339 allows offsets up to 23:59; PostgreSQL refuses those beyond about 15 hours: the time is read in UTC."""
    ProgramFactory()
    response = client.get(f"/api/v1/programs/?updated_since=2026-11-01T00:00:00{offset}")
    assert response.status_code == 200
