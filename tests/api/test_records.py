"""The API lists exactly what the HTML pages list, in the same order, with records a developer can use as they are;
nothing unpublished ever shows, in a list, a detail or a nested record."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.publishing import Status
from programs.models import Attachment
from tests.factories import AgreementFactory, AudienceFactory, EventFactory, PartnerFactory, ProgramFactory
from tests.programs.test_catalogue import catalogue, listed  # noqa: F401 - the catalogue's own fixture and table

pytestmark = pytest.mark.django_db


def api(client, path, **params):
    response = client.get(f"/api/v1/{path}", params)
    assert response.status_code == 200, response.content
    return response.json()


def slugs(client, path, query=""):
    response = client.get(f"/api/v1/{path}?page_size=100&{query}")
    assert response.status_code == 200, (query, response.json())
    return [record["slug"] for record in response.json()["results"]]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "category=education",
        "category=education&category=investment",
        "audience=youth&audience=pre-founder",
        "organizer=gjtp",
        "state=open",
        "state=upcoming",
        "state=closed",
        "age=25",
        "years=0",
        "years=5",
        "start=2026-04-05&end=2026-04-30",
        "q=창업",
        "q=investment",
        "category=education&state=open&age=30",
        "sort=newest",
        "sort=opening",
        "sort=title",
    ],
)
def test_the_api_lists_what_the_catalogue_lists_in_the_same_order(client, catalogue, query):  # noqa: F811
    assert slugs(client, "programs/", query) == listed(client, query)


def test_a_program_as_a_developer_gets_it(client, frozen):
    AudienceFactory(slug="youth", name_ko="청년", name_en="Youth")  # the name of what the age rule makes it for
    organizer = PartnerFactory(slug="gjtp", name_ko="광주테크노파크", name_en="Gwangju Techno Park")
    program = ProgramFactory(
        slug="academy",
        title_ko="청년 창업아카데미",
        title_en="Youth Start-up Academy",
        min_age=19,
        max_age=39,  # youth follows from the rules (programs/rules.py)
        organizer=organizer,
        application_closes_at=timezone.now() + timedelta(days=10),
    )
    Attachment.objects.create(program=program, title="공고문", file=SimpleUploadedFile("notice.pdf", b"%PDF-1.4"))
    record = api(client, "programs/academy/")
    assert record["id"] == program.pk and record["slug"] == "academy"
    assert (record["title_ko"], record["title_en"]) == ("청년 창업아카데미", "Youth Start-up Academy")
    assert record["application_closes_at"].endswith("+09:00")
    assert record["application_state"] == {"code": "open", "label_ko": "접수 중", "label_en": "Open"}
    assert record["days_left"] == 10
    assert record["organizer"]["id"] == organizer.pk and record["organizer"]["name_en"] == "Gwangju Techno Park"
    assert record["audiences"] == [{"code": "youth", "label_ko": "청년", "label_en": "Youth"}]
    assert record["url"] == "http://testserver/programs/academy/"
    assert record["organizer"]["url"] == "http://testserver/partners/gjtp/"
    assert record["attachments"][0]["url"].startswith("http://testserver/programs/academy/")
    assert client.get(record["attachments"][0]["url"].removeprefix("http://testserver")).status_code == 200


NOT_PUBLIC = [
    {"status": Status.DRAFT},
    {"status": Status.REVIEW},
    {"status": Status.ARCHIVED},
    {"status": Status.PUBLISHED, "published_at": timezone.now() + timedelta(days=3)},  # scheduled
]


@pytest.mark.parametrize("hidden", NOT_PUBLIC, ids=["draft", "review", "archived", "scheduled"])
def test_records_that_are_not_public_never_appear(client, hidden):
    hidden_partner = PartnerFactory(slug="hidden-partner", **hidden)
    public_partner = PartnerFactory(slug="public-partner")
    ProgramFactory(slug="hidden-program", **hidden)
    shown = ProgramFactory(slug="shown", co_organizers=[hidden_partner, public_partner])
    EventFactory(slug="hidden-event", **hidden)
    hidden_round = ProgramFactory(slug="hidden-round", **hidden)
    EventFactory(slug="shown-event", program=hidden_round).co_hosts.set([hidden_partner])
    AgreementFactory(slug="hidden-agreement", **hidden)
    AgreementFactory(slug="shown-agreement", parties=[hidden_partner, public_partner])

    assert slugs(client, "programs/") == ["shown"]
    assert [p["slug"] for p in api(client, f"programs/{shown.slug}/")["co_organizers"]] == ["public-partner"]
    assert slugs(client, "events/") == ["shown-event"]
    event = api(client, "events/shown-event/")
    assert event["co_hosts"] == [] and event["program"] is None
    assert "hidden-partner" not in slugs(client, "partners/")
    assert slugs(client, "agreements/") == ["shown-agreement"]
    assert [p["slug"] for p in api(client, "agreements/shown-agreement/")["parties"]] == ["public-partner"]
    for path in ["programs/hidden-program/", "events/hidden-event/", "partners/hidden-partner/",
                 "agreements/hidden-agreement/"]:  # fmt: skip
        response = client.get(f"/api/v1/{path}")
        assert response.status_code == 404 and response["Content-Type"] == "application/problem+json", path


def test_updated_since_gives_what_changed(client):
    old = ProgramFactory(slug="old")
    ProgramFactory(slug="new")
    type(old).objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=30))
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert slugs(client, "programs/", f"updated_since={since.replace('+', '%2B')}") == ["new"]
    assert sorted(slugs(client, "programs/")) == ["new", "old"]


def test_event_institute_and_agreement_filters(client):
    EventFactory(slug="online", venue_name_ko="", venue_address_ko="", online_url="https://example.org/live")
    EventFactory(slug="in-person")
    EventFactory(slug="over", starts_at=timezone.now() - timedelta(days=3), ends_at=timezone.now() - timedelta(days=2))
    assert slugs(client, "events/", "mode=online") == ["online"]
    assert slugs(client, "events/", "when=past") == ["over"]
    assert sorted(slugs(client, "events/", "when=upcoming")) == ["in-person", "online"]
    university = PartnerFactory(slug="uni", kind="university")
    assert slugs(client, "partners/", "kind=university") == ["uni"]
    AgreementFactory(slug="with-uni", parties=[university])
    AgreementFactory(slug="without")
    assert slugs(client, "agreements/", "party=uni") == ["with-uni"]
