"""Bulk import and export in the open-data columns: dry run first, all rows or none, partner editors scoped."""

import csv
import io

import pytest
import tablib
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from core.publishing import Status
from core.roles import CITY_EDITORS, PARTNER_EDITORS
from programs.models import Event, Program
from programs.resources import EventResource, ProgramResource
from tests.factories import CategoryFactory, PartnerFactory, ProgramFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def institutes():
    CategoryFactory(slug="education")
    return PartnerFactory(slug="gwangju-techno-park"), PartnerFactory(slug="other-institute")


def editor(role, *partners):
    user = StaffFactory()
    user.groups.set([Group.objects.get(name=role)])
    for partner in partners:
        partner.editors.add(user)
    return user


def programs_csv(*rows):
    header = ["slug", "title_ko", "title_en", "category__slug", "organizer__slug", "application_closes_at"]
    lines = [header, *rows]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(lines)
    return buffer.getvalue()


GOOD = ["ai-camp", "AI 캠프", "AI camp", "education", "gwangju-techno-park", "2026-12-31 18:00"]
ALSO_GOOD = ["data-camp", "데이터 캠프", "Data camp", "education", "gwangju-techno-park", ""]
BAD_CATEGORY = ["bad-camp", "잘못된 캠프", "Bad camp", "no-such-field", "gwangju-techno-park", ""]


def run_import(resource, text, dry_run=False):
    return resource.import_data(tablib.Dataset().load(text, format="csv"), dry_run=dry_run)


def test_a_valid_file_imports_drafts(institutes):
    result = run_import(ProgramResource(user=editor(CITY_EDITORS)), programs_csv(GOOD, ALSO_GOOD))
    assert not result.has_errors() and not result.has_validation_errors()
    assert sorted(Program.objects.values_list("slug", "status")) == [
        ("ai-camp", Status.DRAFT),
        ("data-camp", Status.DRAFT),
    ]


def test_one_invalid_row_writes_nothing(institutes):
    result = run_import(ProgramResource(user=editor(CITY_EDITORS)), programs_csv(GOOD, BAD_CATEGORY, ALSO_GOOD))
    assert result.has_validation_errors()
    assert [row.number for row in result.invalid_rows] == [2]
    assert "no-such-field" in str(result.invalid_rows[0].error)
    assert not Program.objects.exists()


def test_a_partner_editor_imports_only_for_their_institute(institutes):
    own, other = institutes
    partner_editor = editor(PARTNER_EDITORS, own)
    theirs = ["their-camp", "남의 캠프", "", "education", "other-institute", ""]
    result = run_import(ProgramResource(user=partner_editor), programs_csv(GOOD, theirs))
    assert result.has_validation_errors() and not Program.objects.exists()
    # nor may they overwrite another institute's record by naming its slug
    ProgramFactory(slug="taken", organizer=other)
    result = run_import(
        ProgramResource(user=partner_editor),
        programs_csv(["taken", "가로채기", "", "education", "gwangju-techno-park", ""]),
    )
    assert result.has_validation_errors()
    assert Program.objects.get(slug="taken").organizer == other


def test_the_admin_dry_run_shows_each_rows_errors_and_writes_nothing(client, institutes):
    client.force_login(editor(CITY_EDITORS))
    upload = SimpleUploadedFile("programs.csv", programs_csv(GOOD, BAD_CATEGORY).encode("utf-8-sig"))
    form_page = client.get("/admin/programs/program/import/").content.decode()
    assert 'value="0"' in form_page  # the first format, CSV
    response = client.post(
        "/admin/programs/program/import/",
        {"import_file": upload, "format": "0", "resource": "0"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-such-field" in html or "errorlist" in html or "validation-error" in html
    assert 'name="import_file_name"' not in html  # no confirm step while a row is invalid
    assert not Program.objects.exists()


def test_export_uses_the_open_data_columns(client, institutes):
    ProgramFactory(slug="exported", organizer=institutes[0])
    client.force_login(editor(CITY_EDITORS))
    fields = [f"programresource_{name}" for name in ProgramResource().get_export_order()]
    response = client.post(
        "/admin/programs/program/export/", {"format": "0", "resource": "0", **dict.fromkeys(fields, "on")}
    )
    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        pytest.fail(response.content.decode()[:2000])
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:6] == ["slug", "title_ko", "title_en", "summary_ko", "summary_en", "category__slug"]
    assert "organizer__slug" in rows[0] and rows[1][0] == "exported"


def test_events_import_in_the_same_way(institutes):
    header = "slug,title_ko,starts_at,ends_at,organizer__slug\n"
    good = "meetup,밋업,2026-12-05 14:00,2026-12-05 16:00,gwangju-techno-park\n"
    backwards = "late,늦은 밋업,2026-12-05 14:00,2026-12-04 16:00,gwangju-techno-park\n"
    result = run_import(EventResource(user=editor(CITY_EDITORS)), header + good + backwards)
    assert result.has_validation_errors() and not Event.objects.exists()
    result = run_import(EventResource(user=editor(CITY_EDITORS)), header + good)
    assert not result.has_validation_errors() and Event.objects.get().status == Status.DRAFT


def test_an_xlsx_file_imports_like_a_csv(institutes):
    sheet = tablib.Dataset().load(programs_csv(GOOD, ALSO_GOOD), format="csv")
    workbook = tablib.Dataset().load(sheet.export("xlsx"), format="xlsx")
    result = ProgramResource(user=editor(CITY_EDITORS)).import_data(workbook, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert Program.objects.get(slug="ai-camp").application_closes_at is not None
