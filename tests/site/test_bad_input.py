"""Random and malformed query strings, paths and form posts on every public URL: never a 500, never input reflected
unescaped."""

import os
import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import AgreementFactory, EventFactory, PartnerFactory, ProgramFactory

pytestmark = pytest.mark.django_db

# FUZZ_EXAMPLES changes how many examples run; the counts are fixed so that CI's time stays put. An example of the
# query-string test sends one request to every URL below, so it runs a third as many: 100 x 17 URLs.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))
PAGE_EXAMPLES = EXAMPLES // 3
PUBLIC_URLS = [
    "/",
    "/programs/",
    "/programs/eligibility/",
    "/programs/deadlines.ics",
    "/programs/fuzz-program/",
    "/events/",
    "/events/past/",
    "/events/calendar/",
    "/events/2026/5/",
    "/events/calendar.ics",
    "/partners/",
    "/search/",
    "/feeds/programs/",
    "/feeds/events/atom/",
    "/open-data/programs.csv",
    "/open-data/events.json",
    "/en/programs/",
]
PARAMETERS = ["q", "category", "audience", "organizer", "state", "age", "years", "start", "end", "sort", "page", "kind"]
MARKER = "<zq>"  # reflected unescaped, it would stand in the HTML as a tag

values = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "-1", "0", "1e9", "9" * 30, "2026-02-30", "NaN", "education", MARKER, "' OR 1=1 --", "%00"]),
    # Dates at the calendar's edges, and very long values.
    st.sampled_from(["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01", "1970-01-01", "가" * 3000, "x" * 9000]),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
)
pairs_strategy = st.tuples(st.sampled_from(PARAMETERS), values)
# A few parameters, or one repeated up to 300 times.
query_strings = st.one_of(
    st.lists(pairs_strategy, max_size=6),
    st.tuples(pairs_strategy, st.integers(min_value=2, max_value=300)).map(lambda repeat: [repeat[0]] * repeat[1]),
)


@pytest.fixture
def records():
    program = ProgramFactory(slug="fuzz-program")
    EventFactory(program=program)
    EventFactory(slug="fuzz-event", registration_mode="portal", capacity=3)
    AgreementFactory(parties=[PartnerFactory()])


def encode(pairs):
    return "&".join(f"{quote(name)}={quote(value, safe='')}" for name, value in pairs)


@settings(max_examples=PAGE_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pairs=query_strings)
def test_random_query_strings_never_break_a_page(client, records, pairs):
    query = encode(pairs)
    for url in PUBLIC_URLS:
        response = client.get(f"{url}?{query}")
        assert response.status_code in (200, 302, 404), (url, query, response.status_code)
        if response.get("Content-Type", "").startswith("text/html"):
            assert MARKER not in response.content.decode(), (url, query)


segments = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=30)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prefix=st.sampled_from(["/programs/", "/events/", "/partners/", "/agreements/", "/open-data/", "/en/", "/"]),
       segment=segments)  # fmt: skip
def test_random_paths_are_found_or_not_found(client, records, prefix, segment):
    response = client.get(prefix + quote(segment, safe="/"))
    assert response.status_code in (200, 301, 302, 404), (prefix, segment, response.status_code)
    assert MARKER not in response.content.decode(errors="replace") or response.status_code != 200


def test_the_marker_would_be_caught_if_reflected(client, records):
    """The check above can fail: the marker comes back escaped, never as a tag."""
    page = client.get(f"/search/?q={quote(MARKER)}").content.decode()
    assert "&lt;zq&gt;" in page
    assert re.search(re.escape(MARKER), page) is None


FORM_FIELDS = ["kind", "title", "organizer", "starts_on", "ends_on", "link", "contact_email", "description", "homepage"]
form_posts = st.dictionaries(st.sampled_from(FORM_FIELDS), values, max_size=len(FORM_FIELDS))


@settings(max_examples=EXAMPLES // 3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fields=form_posts, url=st.sampled_from(["/suggest/", "/en/suggest/", "/programs/", "/search/", "/"]))
def test_random_form_posts_get_an_answer_never_a_500(client, records, fields, url):
    response = client.post(url, fields)
    assert response.status_code in (200, 302, 400, 405, 429), (url, fields, response.status_code)
    assert MARKER not in response.content.decode(errors="replace"), (url, fields)


API_URLS = ["/api/v1/programs/", "/api/v1/events/", "/api/v1/partners/", "/api/v1/agreements/"]
API_PARAMETERS = [*PARAMETERS, "page_size", "updated_since", "when", "mode", "party"]
api_query_strings = st.lists(st.tuples(st.sampled_from(API_PARAMETERS), values), max_size=6)


@settings(max_examples=EXAMPLES // 3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pairs=api_query_strings)
def test_random_api_queries_get_json_or_a_problem_never_a_500(client, records, settings, pairs):
    settings.API_REQUESTS_PER_MINUTE = 10**9
    query = encode(pairs)
    for url in API_URLS:
        response = client.get(f"{url}?{query}")
        assert response.status_code in (200, 400, 404), (url, query, response.status_code)
        body = response.json()
        assert ("results" in body) if response.status_code == 200 else (body["status"] == response.status_code)


ALERT_FIELDS = ["email", "frequency", "consent", "alert", "action"]
alert_posts = st.dictionaries(st.sampled_from(ALERT_FIELDS), values, max_size=len(ALERT_FIELDS))


@settings(max_examples=EXAMPLES // 6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pairs=query_strings, fields=alert_posts, token=segments)
def test_random_alert_requests_and_links_never_break(client, records, pairs, fields, token):
    """The alerts' form with random filters and fields, and their signed links with random tokens: a page, a form
    error (400), a bad link (400), too many requests (429) or not found, never a 500. An empty post shows the empty
    form again (200)."""
    query = encode(pairs)
    assert client.get(f"/alerts/new/?{query}").status_code in (200, 400)
    response = client.post(f"/alerts/new/?{query}", fields)
    assert response.status_code in (200, 302, 400, 429), (query, fields, response.status_code)
    assert MARKER not in response.content.decode(errors="replace")
    response = client.post("/alerts/follow/program/fuzz-program/", fields)
    assert response.status_code in (200, 302, 400, 429), (fields, response.status_code)
    for page in ("confirm", "manage", "unsubscribe"):
        response = client.post(f"/alerts/{page}/{quote(token, safe='')}/", fields)
        assert response.status_code in (400, 404), (page, token, response.status_code)


REGISTRATION_FIELDS = ["name", "email", "phone", "organisation", "business_years", "interest", "consent"]
registration_posts = st.dictionaries(st.sampled_from(REGISTRATION_FIELDS), values, max_size=len(REGISTRATION_FIELDS))


@settings(max_examples=EXAMPLES // 6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fields=registration_posts, token=segments)
def test_random_registrations_and_ticket_links_never_break(client, records, fields, token):
    """The registration form with random fields, and the tickets' signed links with random tokens: a page, a form
    error (400), a bad link (400), a conflict (409: full, closed, already registered) or too many (429)."""
    response = client.post("/events/fuzz-event/register/", fields)
    assert response.status_code in (302, 400, 409, 429), (fields, response.status_code)
    assert MARKER not in response.content.decode(errors="replace")
    for path in ("", "cancel/", "claim/", "calendar.ics"):
        response = client.post(f"/tickets/{quote(token, safe='')}/{path}", fields)
        assert response.status_code in (400, 404), (path, token, response.status_code)
    assert client.get(f"/check-in/{quote(token, safe='')}/").status_code in (400, 404)
