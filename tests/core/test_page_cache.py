"""Whole-page caching for anonymous visitors, invalidated by any change of content."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import timezone

from core.page_cache import page_key
from tests.factories import ProgramFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_an_anonymous_page_is_served_from_the_cache_the_second_time(client, django_assert_num_queries):
    ProgramFactory(title_ko="캐시된 사업")
    first = client.get("/programs/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/programs/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "Cookie" in second["Vary"]
    assert second["Cache-Control"] == "public, max-age=0, must-revalidate"
    # Kept with the headers of the middleware it is answered before.
    assert "default-src 'self'" in second["Content-Security-Policy"]
    assert second["Permissions-Policy"] == first["Permissions-Policy"] and "camera=()" in second["Permissions-Policy"]
    assert second["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_languages_and_query_strings_are_cached_apart(client):
    ProgramFactory(title_ko="한국어 제목", title_en="English title")
    client.get("/programs/")
    english = client.get("/en/programs/")
    assert english["X-Page-Cache"] == "miss" and "English title" in english.content.decode()
    assert client.get("/programs/?state=open")["X-Page-Cache"] == "miss"


def test_a_change_of_content_is_seen_on_the_next_request(client):
    program = ProgramFactory(title_ko="옛 제목")
    assert "옛 제목" in client.get("/programs/").content.decode()
    program.title_ko = "새 제목"
    program.save()
    page = client.get("/programs/")
    assert page["X-Page-Cache"] == "miss"
    assert "새 제목" in page.content.decode() and "옛 제목" not in page.content.decode()


def test_staff_with_a_session_never_get_or_fill_a_cached_page(client):
    ProgramFactory()
    client.force_login(StaffFactory(username="editor"))
    response = client.get("/programs/")
    assert "X-Page-Cache" not in response
    client.logout()
    assert client.get("/programs/")["X-Page-Cache"] == "miss"


@pytest.mark.parametrize("url", ["/healthz", "/open-data/programs.csv", "/no-such-page/", "/admin/login/"])
def test_health_exports_errors_and_admin_are_never_cached(client, url):
    client.get(url)
    assert client.get(url).get("X-Page-Cache") != "hit"


def test_a_minute_old_page_is_rendered_again_by_one_request_while_others_get_the_old_copy(client):
    start = timezone.now()
    # A change that comes with time alone (no save, so no new generation): the application closes in 30 s.
    ProgramFactory(application_opens_at=start - timedelta(days=3), application_closes_at=start + timedelta(seconds=30))
    with time_machine.travel(start, tick=False):
        assert client.get("/programs/")["X-Page-Cache"] == "miss"
    lock = page_key(RequestFactory().get("/programs/")) + ":refreshing"
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        cache.add(lock, 1, 10)  # another request is rendering the page again
        stale = client.get("/programs/")
        assert stale["X-Page-Cache"] == "stale" and "portal-state-closing" in stale.content.decode()
        cache.delete(lock)
        fresh = client.get("/programs/")
        assert fresh["X-Page-Cache"] == "miss" and "portal-state-closed" in fresh.content.decode()
        assert client.get("/programs/")["X-Page-Cache"] == "hit"
    with time_machine.travel(start + timedelta(seconds=200), tick=False):
        assert client.get("/programs/")["X-Page-Cache"] == "miss"  # never older than two minutes


def test_a_lost_database_cache_serves_pages_uncached_instead_of_failing(client, monkeypatch):
    from django.db import OperationalError

    ProgramFactory(title_ko="캐시 없이")

    class LostCache:
        def __getattr__(self, name):
            raise OperationalError("the database cache went with the database")

    monkeypatch.setattr("core.page_cache.cache", LostCache())
    response = client.get("/programs/")
    assert response.status_code == 200 and "캐시 없이" in response.content.decode()
    assert "X-Page-Cache" not in response


def test_what_no_view_reads_shares_the_page_of_the_address_without_it(client):
    ProgramFactory(title_ko="공유되는 사업")
    client.get("/programs/?state=open")  # asked once: only marked
    stored = client.get("/programs/?state=open")  # asked again: stored
    for address in (
        "/programs/?state=open&utm_source=newsletter&fbclid=abc",  # tracking parameters
        "/programs/?session_token=123&state=open",  # a key the catalogue does not read
        "/search/?q=공유&utm_medium=email",
    ):
        answer = client.get(address)
        if address.startswith("/programs/"):
            assert answer["X-Page-Cache"] == "hit" and answer.content == stored.content, address
        assert "utm_" not in answer.content.decode() and "session_token" not in answer.content.decode()


def test_a_query_string_asked_once_writes_only_a_mark_and_its_page_on_the_second_ask(client, monkeypatch):
    ProgramFactory(title_ko="한 번 찾은 사업")
    written = []
    original = cache.set
    monkeypatch.setattr(
        cache, "set", lambda key, *args, **kwargs: written.append(key) or original(key, *args, **kwargs)
    )
    assert client.get("/programs/?q=한번만")["X-Page-Cache"] == "miss"
    assert not [key for key in written if key.startswith("page:")]  # no page stored for a one-off address
    assert client.get("/programs/?q=한번만")["X-Page-Cache"] == "miss"
    assert client.get("/programs/?q=한번만")["X-Page-Cache"] == "hit"
    assert client.get("/programs/")["X-Page-Cache"] == "miss" and client.get("/programs/")["X-Page-Cache"] == "hit"
    # A view that does not name what it reads keeps its parameters: only tracking ones are left out.
    assert client.get("/programs/compare/?p=x&utm_medium=y").status_code == 200


def test_static_files_pass_the_page_cache_untouched(client):
    for _ in range(2):
        response = client.get("/static/css/portal.css")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response and "Cookie" not in response.get("Vary", "")
