"""Anonymous requests cost a bounded amount of work: repeated or excessive parameters, extreme dates, big bundles."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.querystrings import MAX_LENGTH, MAX_VALUES, bounded
from programs import attachments as attachment_rules
from programs.models import Attachment
from tests.factories import AudienceFactory, CategoryFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def test_bounded_drops_duplicates_caps_values_and_keeps_one_value_where_one_is_meant():
    from django.http import QueryDict

    params = QueryDict("&".join(["category=education"] * 200 + [f"audience=a{n}" for n in range(50)] + ["q=x", "q=y"]))
    result = bounded(params, single=["q"])
    assert result.getlist("category") == ["education"]
    assert len(result.getlist("audience")) == MAX_VALUES
    assert result.getlist("q") == ["x"]
    assert len(bounded(QueryDict(f"q={'가' * 5000}"))["q"]) == MAX_LENGTH


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.parametrize("parameter", ["category=education", "audience=youth", "state=open", "q=창업", "organizer=x"])
def test_repeating_a_parameter_adds_no_query_and_no_chip(client, parameter):
    CategoryFactory()
    AudienceFactory()
    ProgramFactory()
    queries(client, "/en/programs/?warm=1")  # cached fragments (the filter panel) are made once per filter state
    queries(client, "/en/programs/?q=warm")  # and the search vocabulary and equivalents, once per generation
    queries(client, f"/en/programs/?{parameter}&warm=2")
    once, single = queries(client, f"/en/programs/?{parameter}")
    many, repeated = queries(client, "/en/programs/?" + "&".join([parameter] * 200) + "&nocache=1")
    assert many == once
    chips = repeated.content.decode().count("(remove this filter)")
    assert chips == single.content.decode().count("(remove this filter)") and chips <= 1


def test_the_filter_panel_is_made_once_for_every_query_string_asking_the_same(client):
    CategoryFactory()
    ProgramFactory()
    first, _ = queries(client, "/en/programs/?category=education&page=1")
    again, _ = queries(client, "/en/programs/?category=education&category=education&page=1&utm_source=x")
    assert again < first  # the panel's choices were not read again
    other, page = queries(client, "/en/programs/?state=open")
    assert other > again and 'value="open" selected' in page.content.decode()  # another state: its own panel


def checked(page, name):
    """The values of the `name` checkboxes the page shows ticked."""
    return re.findall(rf'<input type="checkbox"[^>]*name="{name}" value="([^"]+)"[^>]*checked>', page)


def test_a_new_age_draws_only_the_who_you_are_fields_and_each_part_shows_its_own_values(client):
    ProgramFactory()
    first, _ = queries(client, "/en/programs/?category=education&age=30&confirm=student")
    again, page = queries(client, "/en/programs/?category=education&age=41&confirm=student")
    assert again < first  # the field choices came from the kept panel: only the answers were drawn again
    assert re.findall(r'name="age" value="(\d+)"', page.content.decode()) == ["41"]
    assert checked(page.content.decode(), "category") == ["education"]
    assert checked(page.content.decode(), "confirm") == ["student"]
    _, other = queries(client, "/en/programs/?category=investment&age=41&confirm=student")
    assert checked(other.content.decode(), "category") == ["investment"]  # its own panel beside the same answers
    assert re.findall(r'name="age" value="(\d+)"', other.content.decode()) == ["41"]
    assert checked(other.content.decode(), "confirm") == ["student"]


URLS_WITH_DATES = [
    "/programs/",
    "/en/programs/",
    "/feeds/programs/",
    "/programs/deadlines.ics",
    "/open-data/programs.csv",
]


@pytest.mark.parametrize("url", URLS_WITH_DATES)
@pytest.mark.parametrize("dates", ["end=9999-12-31", "start=0001-01-01", "start=0001-01-01&end=9999-12-31"])
def test_dates_at_the_calendars_edges_give_a_clear_answer_not_a_500(client, url, dates):
    ProgramFactory(slug="still-listed")
    response = client.get(f"{url}?{dates}")
    assert response.status_code in (200, 400)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if url.endswith(".csv"):
        assert b"still-listed" in body  # the impossible date is ignored, not an empty file


def test_the_catalogue_says_what_is_wrong_with_an_impossible_date(client):
    page = client.get("/en/programs/?end=9999-12-31").content.decode()
    assert "2100-12-31" in page


def pdf(name):
    return SimpleUploadedFile(name, b"%PDF-1.7 sample", content_type="application/pdf")


def test_the_attachments_bundle_is_built_once_and_again_only_after_a_change(client, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    program = ProgramFactory(slug="bundle")
    for title in ("공고문", "신청서"):
        Attachment.objects.create(program=program, title=title, file=pdf(f"{title}.pdf"))
    built = []
    real_zipfile = zipfile.ZipFile

    def counting_zipfile(*args, **kwargs):
        if len(args) > 1 and args[1] == "w":
            built.append(1)
        return real_zipfile(*args, **kwargs)

    monkeypatch.setattr(attachment_rules.zipfile, "ZipFile", counting_zipfile)
    for _ in range(3):
        response = client.get("/programs/bundle/attachments.zip")
        assert response.status_code == 200
        names = real_zipfile(io.BytesIO(b"".join(response.streaming_content))).namelist()
    assert built == [1] and names == ["01-공고문.pdf", "02-신청서.pdf"]
    Attachment.objects.create(program=program, title="추가", file=pdf("추가.pdf"))
    response = client.get("/programs/bundle/attachments.zip")
    assert len(real_zipfile(io.BytesIO(b"".join(response.streaming_content))).namelist()) == 3
    assert built == [1, 1]
    assert len(list((tmp_path / "attachment-bundles").iterdir())) == 1  # the old bundle is gone


def test_no_bundle_beyond_the_size_bound(client, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr("programs.views.catalogue.MAX_BUNDLE_BYTES", 10)
    program = ProgramFactory(slug="big")
    for title in ("a", "b"):
        Attachment.objects.create(program=program, title=title, file=pdf(f"{title}.pdf"))
    assert client.get("/programs/big/attachments.zip").status_code == 404
    assert "attachments.zip" not in client.get("/programs/big/").content.decode()
