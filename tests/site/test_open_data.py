"""Open data: CSV and JSON downloads, the description page and the DCAT-AP catalogue."""

import csv
import io
import json

import pytest

from core.publishing import Status
from tests.factories import (
    AgreementFactory,
    AudienceFactory,
    CategoryFactory,
    EventFactory,
    PartnerFactory,
    ProgramFactory,
)

pytestmark = pytest.mark.django_db


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def csv_rows(client, url):
    body = download(client, url)
    assert body.startswith(b"\xef\xbb\xbf"), "Excel needs the byte order mark to read UTF-8"
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_programs_csv_has_both_languages_lists_and_only_published_records(client):
    partner = PartnerFactory(slug="gjtp")
    program = ProgramFactory(
        slug="academy",
        title_ko="청년 창업아카데미",
        title_en="Youth Start-up Academy",
        organizer=partner,
        audiences=[AudienceFactory(slug="youth"), AudienceFactory(slug="student", name_ko="대학생")],
    )
    ProgramFactory(slug="draft", status=Status.DRAFT, published_at=None)
    rows = csv_rows(client, "/open-data/programs.csv")
    assert [row["slug"] for row in rows] == ["academy"]
    row = rows[0]
    assert row["id"] == str(program.pk)
    assert (row["title_ko"], row["title_en"]) == ("청년 창업아카데미", "Youth Start-up Academy")
    assert row["organizer__slug"] == "gjtp"
    assert row["audiences"] == "student,youth"
    assert row["url"] == "http://testserver/programs/academy/"
    assert row["application_closes_at"].endswith("+09:00")


def test_program_json_honours_the_catalogue_filters(client):
    ProgramFactory(slug="class", category=CategoryFactory(slug="education"))
    ProgramFactory(slug="fund", category=CategoryFactory(slug="investment", name_ko="투자"))
    records = json.loads(download(client, "/open-data/programs.json?category=investment"))
    assert [record["slug"] for record in records] == ["fund"]
    assert records[0]["audiences"] == []


def test_events_partners_and_agreements(client):
    host = PartnerFactory(slug="keti", name_ko="한국전자기술연구원")
    EventFactory(slug="forum", organizer=host)
    AgreementFactory(slug="ai", parties=[host, PartnerFactory(slug="iitp")], areas_ko="공동 연구\n인력 파견")
    assert [row["slug"] for row in csv_rows(client, "/open-data/events.csv")] == ["forum"]
    partners = json.loads(download(client, "/open-data/partners.json"))
    assert "keti" in [partner["slug"] for partner in partners]
    agreement = json.loads(download(client, "/open-data/agreements.json"))[0]
    assert agreement["parties"] == ["iitp", "keti"]
    assert agreement["areas_ko"] == "공동 연구\n인력 파견"
    assert csv_rows(client, "/open-data/agreements.csv")[0]["areas_ko"] == "공동 연구\n인력 파견"


@pytest.mark.parametrize("url", ["/open-data/nothing.csv", "/open-data/programs.xml", "/open-data/programs.csv.gz"])
def test_unknown_sets_and_formats_are_not_found(client, url):
    assert client.get(url).status_code == 404


def test_an_export_of_10000_rows_takes_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    from django.utils import timezone

    from programs.models import Program

    partner, category = PartnerFactory(), CategoryFactory()
    students = AudienceFactory()
    now = timezone.now()
    programs = Program.objects.bulk_create(
        Program(slug=f"p{n}", title=f"사업 {n}", title_ko=f"사업 {n}", organizer=partner, category=category,
                status=Status.PUBLISHED, published_at=now)
        for n in range(10_000)
    )  # fmt: skip
    Program.audiences.through.objects.bulk_create(
        Program.audiences.through(program_id=program.pk, audience_id=students.pk) for program in programs
    )
    with django_assert_max_num_queries(3):
        body = download(client, "/open-data/programs.csv")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) == 10_000
    assert rows[-1]["audiences"] == "student"


def test_open_data_page_describes_every_set(client):
    ProgramFactory()
    page = client.get("/open-data/").content.decode()
    for key in ["programs", "events", "partners", "agreements"]:
        assert f'href="/open-data/{key}.csv"' in page and f'href="/open-data/{key}.json"' in page
    assert "title_ko" in page and "제목(한국어)" in page and "Title (Korean)" in page
    assert "CC BY 4.0" in page


def test_dcat_catalogue_describes_the_sets_and_their_files(client):
    ProgramFactory()
    response = client.get("/open-data/catalog.jsonld")
    assert response["Content-Type"] == "application/ld+json"
    catalog = response.json()
    assert catalog["@type"] == "dcat:Catalog"
    datasets = {dataset["dct:identifier"]: dataset for dataset in catalog["dcat:dataset"]}
    assert set(datasets) == {"programs", "events", "partners", "agreements"}
    programs = datasets["programs"]
    assert {title["@language"] for title in programs["dct:title"]} == {"ko", "en"}
    files = [d["dcat:downloadURL"]["@id"] for d in programs["dcat:distribution"] if "dcat:downloadURL" in d]
    assert files == ["http://testserver/open-data/programs.csv", "http://testserver/open-data/programs.json"]
    api = [d for d in programs["dcat:distribution"] if "dcat:downloadURL" not in d]
    assert api[0]["dcat:accessURL"]["@id"] == "http://testserver/api/v1/programs/"
    assert api[0]["dct:conformsTo"]["@id"] == "http://testserver/api/v1/schema/"
    assert client.get("/api/v1/programs/").status_code == 200
    assert "dct:modified" in programs and "dct:modified" not in datasets["agreements"]
