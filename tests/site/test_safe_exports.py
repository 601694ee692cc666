"""Every CSV and XLSX the portal writes neutralises formulas (OWASP), the import takes them back, and open data names
only public records in every column."""

import csv
import io
import json

import openpyxl
import pytest
import tablib

from core.publishing import Status
from core.spreadsheets import formula_guard_removed, formula_safe
from programs.models import Program
from programs.resources import ProgramResource
from tests.factories import AgreementFactory, EventFactory, PartnerFactory, ProgramFactory

pytestmark = pytest.mark.django_db

DANGEROUS = ['=HYPERLINK("http://evil.example","click")', "+1+2", "-3+4", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_formula_cells_get_an_apostrophe_that_the_import_removes(text):
    assert formula_safe(text) == "'" + text
    assert formula_guard_removed(formula_safe(text)) == text


@pytest.mark.parametrize("text", ["평범한 제목", "'quoted on purpose", "1-2", "", "it's"])
def test_ordinary_cells_are_left_alone(text):
    assert formula_safe(text) == text and formula_guard_removed(text) == text


def test_numbers_stay_numbers():
    assert formula_safe(-5) == -5


def open_data_csv(client, name):
    response = client.get(f"/open-data/{name}.csv")
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


@pytest.mark.parametrize("text", DANGEROUS)
def test_open_data_csv_neutralises_formulas_and_json_stays_exact(client, text):
    ProgramFactory(slug="evil", title_ko=text, summary_ko=text)
    row = open_data_csv(client, "programs")[0]
    assert row["title_ko"] == "'" + text and row["summary_ko"] == "'" + text
    data = json.loads(b"".join(client.get("/open-data/programs.json").streaming_content))
    assert data[0]["title_ko"] == text


def admin_export(client, file_format):
    fields = [f"programresource_{name}" for name in ProgramResource().get_export_order()]
    formats = {"csv": "0", "xlsx": "1"}
    return client.post(
        "/admin/programs/program/export/",
        {"format": formats[file_format], "resource": "0", **dict.fromkeys(fields, "on")},
    )


def test_admin_csv_export_neutralises_formulas(client, city_editor):
    ProgramFactory(slug="evil", title_ko="=1+1")
    client.force_login(city_editor)
    rows = list(csv.DictReader(io.StringIO(admin_export(client, "csv").content.decode("utf-8-sig"))))
    assert rows[0]["title_ko"] == "'=1+1"


def test_admin_xlsx_export_has_no_live_formula(client, city_editor):
    ProgramFactory(slug="evil", title_ko="=1+1")
    client.force_login(city_editor)
    response = admin_export(client, "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("title_ko") + 1)
    assert cell.data_type == "s" and cell.value == "'=1+1"


def test_an_exported_file_imports_back_unchanged(client, city_editor):
    program = ProgramFactory(slug="evil", title_ko="=1+1", status=Status.DRAFT, published_at=None)
    client.force_login(city_editor)
    exported = admin_export(client, "csv").content.decode("utf-8-sig")
    result = ProgramResource(user=city_editor).import_data(tablib.Dataset().load(exported, format="csv"))
    assert not result.has_errors() and not result.has_validation_errors()
    assert Program.objects.get(pk=program.pk).title_ko == "=1+1"


def test_open_data_names_only_public_records_in_relation_columns(client):
    hidden_partner = PartnerFactory(slug="secret-partner", status=Status.DRAFT, published_at=None)
    public_partner = PartnerFactory(slug="public-partner")
    ProgramFactory(slug="shown", co_organizers=[hidden_partner, public_partner])
    hidden_program = ProgramFactory(slug="secret-program", status=Status.DRAFT, published_at=None)
    event = EventFactory(slug="event", program=hidden_program)
    event.co_hosts.set([hidden_partner, public_partner])
    AgreementFactory(slug="agreement", parties=[hidden_partner, public_partner])
    everything = "".join(
        b"".join(client.get(f"/open-data/{name}.{ext}").streaming_content).decode()
        for name in ("programs", "events", "partners", "agreements")
        for ext in ("csv", "json")
    )
    assert "secret-partner" not in everything and "secret-program" not in everything
    assert open_data_csv(client, "programs")[0]["co_organizers"] == "public-partner"
    event_row = open_data_csv(client, "events")[0]
    assert event_row["co_hosts"] == "public-partner" and event_row["program__slug"] == ""
