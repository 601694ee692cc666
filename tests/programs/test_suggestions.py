"""/suggest/: anyone may suggest; it waits in the admin's queue; bots and floods are turned away; nothing is lost."""

import pytest
from django.contrib.auth.models import Group

from core.roles import CITY_EDITORS
from programs.models import Suggestion
from tests.factories import ProgramFactory, StaffFactory

pytestmark = pytest.mark.django_db

VALID = {
    "kind": "program",
    "title": "청년 AI 창업 캠프",
    "organizer": "광주 어느 기관",
    "starts_on": "2026-12-01",
    "ends_on": "2026-12-20",
    "link": "https://example.kr/camp",
    "contact_email": "founder@example.kr",
    "description": "AI 창업 캠프를 엽니다.",
}
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_a_valid_suggestion_lands_in_the_queue_and_not_on_the_site(client):
    assert client.get("/suggest/").status_code == 200
    response = client.post("/suggest/", VALID)
    assert response.status_code == 302 and response["Location"] == "/suggest/thanks/"
    assert "감사합니다" in client.get("/suggest/thanks/").content.decode()
    suggestion = Suggestion.objects.get()
    assert (suggestion.title, suggestion.state) == (VALID["title"], Suggestion.State.NEW)
    assert VALID["title"] not in client.get("/programs/").content.decode()
    assert VALID["title"] not in client.get("/search/", {"q": "캠프"}).content.decode()


def test_invalid_input_is_shown_again_with_what_was_typed_and_clear_errors(client):
    response = client.post("/suggest/", {**VALID, "contact_email": "not-an-email", "ends_on": "2026-11-01"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="청년 AI 창업 캠프"' in html and "AI 창업 캠프를 엽니다." in html
    assert "invalid-feedback" in html
    assert not Suggestion.objects.exists()


def test_length_limits_are_enforced(client):
    response = client.post("/suggest/", {**VALID, "title": "가" * 201, "description": "나" * 5001})
    assert response.status_code == 400 and not Suggestion.objects.exists()


def test_the_honeypot_turns_bots_away_quietly(client):
    response = client.post("/suggest/", {**VALID, "homepage": "http://spam.example"})
    assert response.status_code == 302
    assert not Suggestion.objects.exists()


def test_five_an_hour_from_one_address_then_429_with_the_input_kept(client, settings):
    for _ in range(settings.SUGGESTIONS_PER_HOUR):
        assert client.post("/suggest/", VALID).status_code == 302
    response = client.post("/suggest/", VALID)
    assert response.status_code == 429
    assert 'value="청년 AI 창업 캠프"' in response.content.decode()
    assert Suggestion.objects.count() == settings.SUGGESTIONS_PER_HOUR
    assert client.post("/suggest/", VALID, REMOTE_ADDR="10.0.0.9").status_code == 302  # another address


def test_a_stored_script_is_rendered_escaped_in_the_admin_and_sanitized_on_the_site(client):
    client.post("/suggest/", {**VALID, "title": XSS[:200], "description": XSS})
    suggestion = Suggestion.objects.get()
    assert suggestion.description == XSS  # kept as typed
    editor = StaffFactory()
    editor.groups.set([Group.objects.get(name=CITY_EDITORS)])
    client.force_login(editor)
    for url in ["/admin/programs/suggestion/", f"/admin/programs/suggestion/{suggestion.pk}/change/"]:
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;" in html

    client.logout()
    program = ProgramFactory(
        description=f"<p>좋은 <strong>사업</strong></p>{XSS}<a href='javascript:alert(1)'>링크</a>"
    )
    html = client.get(program.get_absolute_url()).content.decode()
    assert "<strong>사업</strong>" in html
    assert "<script>alert" not in html and "onerror" not in html and "javascript:" not in html


def test_a_suggestion_leaves_cached_pages_in_place(client):
    from core.generation import content_generation

    before = content_generation()
    assert client.get("/programs/")["X-Page-Cache"] == "miss"
    client.post("/suggest/", VALID)
    assert Suggestion.objects.count() == 1
    assert content_generation() == before
    assert client.get("/programs/")["X-Page-Cache"] == "hit"
