"""Error pages in both languages that render without the database, and 503 when the database is gone."""

import pytest
from django.db import OperationalError
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import bad_request, permission_denied, server_error

from core.errors import DatabaseUnavailableMiddleware


@pytest.mark.parametrize(
    "view, status, korean, english",
    [
        (bad_request, 400, "잘못된 요청", "Bad request"),
        (permission_denied, 403, "접근 권한이 없습니다", "Access denied"),
        (server_error, 500, "서버 오류", "Server error"),
    ],
)
def test_error_pages_in_both_languages_without_a_database(view, status, korean, english):
    # No django_db mark: pytest-django makes any database access here an error.
    request = RequestFactory().get("/")
    for language, title in (("ko", korean), ("en", english)):
        with translation.override(language):
            response = view(request, Exception()) if view is not server_error else view(request)
        assert response.status_code == status
        assert title in response.content.decode()
        assert f'<html lang="{language}">' in response.content.decode()


@pytest.mark.django_db
def test_not_found_page_in_english(client):
    response = client.get("/en/programs/no-such-program/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_lost_database_gives_503_with_retry_after():
    def failing_view(request):
        raise OperationalError("connection refused")

    middleware = DatabaseUnavailableMiddleware(failing_view)
    request = RequestFactory().get("/programs/")
    response = middleware.process_exception(request, OperationalError("connection refused"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert "잠시" in response.content.decode()
    assert middleware.process_exception(request, ValueError("not a database problem")) is None


@pytest.mark.parametrize("prefix, search", [("", "/search/"), ("/en", "/en/search/")])
def test_the_404_page_offers_the_menu_a_search_box_and_the_catalogue(client, prefix, search):
    page = client.get(f"{prefix}/no-such-page/").content.decode()
    assert f'action="{search}"' in page and 'name="q"' in page
    assert f'href="{prefix}/programs/?state=open"' in page and 'class="portal-nav"' in page
