"""Feeds, sitemap, robots.txt and the metadata search engines and sharing read."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from core.publishing import Status
from tests.factories import AgreementFactory, CategoryFactory, EventFactory, PartnerFactory, ProgramFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def xml(response):
    assert response.status_code == 200
    return ET.fromstring(response.content)


def test_rss_of_new_programs_honours_catalogue_filters(client):
    ProgramFactory(title_ko="교육 과정", category=CategoryFactory(slug="education"))
    ProgramFactory(title_ko="투자 설명회", category=CategoryFactory(slug="investment", name_ko="투자"))
    ProgramFactory(title_ko="초안", status=Status.DRAFT, published_at=None)
    every = [item.findtext("title") for item in xml(client.get("/feeds/programs/")).iter("item")]
    assert sorted(every) == ["교육 과정", "투자 설명회"]
    filtered = xml(client.get("/feeds/programs/?category=education"))
    assert [item.findtext("title") for item in filtered.iter("item")] == ["교육 과정"]
    assert filtered.find("channel/link").text.endswith("/programs/?category=education")


def test_atom_of_upcoming_events_in_english(client):
    EventFactory(title_ko="데모데이", title_en="Demo day")
    EventFactory(
        title_ko="지난 행사", starts_at=timezone.now() - timedelta(days=3), ends_at=timezone.now() - timedelta(days=2)
    )
    feed = xml(client.get("/en/feeds/events/atom/"))
    assert [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")] == ["Demo day"]


def test_sitemap_lists_published_pages_in_both_languages_with_alternates(client):
    program = ProgramFactory(slug="academy")
    ProgramFactory(slug="hidden", status=Status.DRAFT, published_at=None)
    AgreementFactory(slug="ai-agreement")
    index = xml(client.get("/sitemap.xml"))
    sections = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert any(url.endswith("/sitemap-programs.xml") for url in sections)
    programs = xml(client.get("/sitemap-programs.xml"))
    locations = [loc.text for loc in programs.iter(f"{SITEMAP}loc")]
    assert "http://testserver/programs/academy/" in locations
    assert "http://testserver/en/programs/academy/" in locations
    assert not any("hidden" in url for url in locations)
    alternates = {link.get("hreflang"): link.get("href") for link in programs.iter(f"{XHTML}link")}
    assert alternates["ko"].endswith(program.get_absolute_url())
    assert alternates["en"] == "http://testserver/en/programs/academy/"


def test_robots_txt_keeps_crawlers_out_of_the_admin(client):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def jsonld(page):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(match.group(1))


def test_event_page_describes_the_event_for_search_engines(client):
    organizer = PartnerFactory(name_ko="광주테크노파크")
    event = EventFactory(
        title_ko="AI 데모데이",
        venue_name_ko="김대중컨벤션센터",
        online_url="https://example.org/live",
        organizer=organizer,
    )
    page = client.get(event.get_absolute_url()).content.decode()
    data = jsonld(page)
    assert data["@type"] == "Event" and data["name"] == "AI 데모데이"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["organizer"]["name"] == "광주테크노파크"
    assert {location["@type"] for location in data["location"]} == {"Place", "VirtualLocation"}
    assert data["startDate"].endswith("+09:00")
    assert '<meta property="og:title" content="AI 데모데이">' in page
    assert f'<link rel="canonical" href="http://testserver{event.get_absolute_url()}">' in page


def test_program_page_has_structured_data_and_tags_are_escaped(client):
    program = ProgramFactory(title_ko="</script><script>alert(1)</script>")
    page = client.get(program.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert jsonld(page)["name"] == "</script><script>alert(1)</script>"
    assert jsonld(page)["@type"] == "GovernmentService"


def test_pages_announce_their_feeds(client):
    page = client.get("/programs/?category=education").content.decode()
    assert 'type="application/rss+xml"' in page
    assert 'href="/feeds/programs/?category=education"' in page
