"""A forged Host never reaches another visitor: absolute URLs come from DJANGO_SITE_URL and the page cache is keyed on
scheme and host."""

import pytest

from tests.factories import EventFactory, ProgramFactory

pytestmark = pytest.mark.django_db

FORGED = "localhost:6666"  # an allowed host name with another port, as an attacker would send it

PAGES = [
    "/",
    "/programs/",
    "/sitemap.xml",
    "/sitemap-programs.xml",
    "/feeds/programs/",
    "/feeds/events/atom/",
    "/events/calendar.ics",
    "/programs/deadlines.ics",
    "/robots.txt",
    "/open-data/catalog.jsonld",
]


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("url", PAGES)
def test_a_forged_host_appears_in_no_page_and_poisons_no_cache(client, url, settings):
    settings.SITE_URL = "https://portal.example.kr"
    ProgramFactory(slug="academy")
    EventFactory(slug="demo-day")
    forged = client.get(url, HTTP_HOST=FORGED)
    assert forged.status_code == 200
    assert FORGED.encode() not in body(forged)
    later = client.get(url)  # an ordinary visitor afterwards
    assert later.get("X-Page-Cache") != "hit" or later.content == forged.content
    assert FORGED.encode() not in body(later)


def test_absolute_urls_use_the_configured_site_url(client, settings):
    settings.SITE_URL = "https://portal.example.kr"
    ProgramFactory(slug="academy")
    page = client.get("/programs/academy/").content.decode()
    assert '<link rel="canonical" href="https://portal.example.kr/programs/academy/">' in page
    feed = client.get("/feeds/programs/").content.decode()
    assert "https://portal.example.kr/programs/academy/" in feed
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "<loc>https://portal.example.kr/sitemap-programs.xml</loc>" in sitemap


def test_pages_of_two_hosts_are_cached_apart(client):
    ProgramFactory(slug="academy")
    assert client.get("/programs/", HTTP_HOST=FORGED)["X-Page-Cache"] == "miss"
    assert client.get("/programs/")["X-Page-Cache"] == "miss"
    assert client.get("/programs/")["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("value", ["portal.example.kr", "ftp://portal.example.kr", "https://x.kr/path", "https://"])
def test_a_malformed_site_url_stops_the_start(monkeypatch, value):
    from django.core.exceptions import ImproperlyConfigured

    from gwangju_portal.settings import env_site_url

    monkeypatch.setenv("DJANGO_SITE_URL", value)
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SITE_URL"):
        env_site_url("DJANGO_SITE_URL", "http://127.0.0.1:8000")
