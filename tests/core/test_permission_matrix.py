"""Every admin path that reaches a record, tried by every role against records of two institutes in every status, with
the expected outcome as a table (as pretix tests its permissions).

Outcomes: OK (the change is made), REVIEW (kept as a pending revision; the live record is unchanged), NO (refused:
403, 404 or the sign-in page, and nothing changes). A partner editor of institute A is "a", of institute B "b".
"""

import csv
import io
import json
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import Revision
from core.publishing import Status
from core.roles import CITY_EDITORS, PARTNER_EDITORS
from programs.models import Program
from tests.admin_forms import admin_form_data
from tests.factories import CategoryFactory, PartnerFactory, ProgramFactory, StaffFactory, staff_in

pytestmark = pytest.mark.django_db

OK, REVIEW, NO = "ok", "review", "no"
ROLES = ["anonymous", "a", "b", "city", "superuser"]
NEW_TITLE = "바뀐 제목"

# record       path              anonymous  a       b    city  superuser
TABLE = [
    ("a_draft", "change", NO, OK, NO, OK, OK),
    ("a_draft", "revert", NO, OK, NO, OK, OK),
    ("a_draft", "history", NO, OK, NO, OK, OK),
    ("a_draft", "publish", NO, NO, NO, OK, OK),
    ("a_draft", "delete", NO, NO, NO, OK, OK),
    ("a_draft", "view_on_site", NO, OK, NO, OK, OK),
    ("a_draft", "import", NO, OK, NO, OK, OK),
    ("a_draft", "export", NO, OK, NO, OK, OK),
    ("a_draft", "autocomplete", NO, OK, NO, OK, OK),
    ("a_draft", "link", NO, OK, NO, OK, OK),
    ("a_published", "change", NO, REVIEW, NO, OK, OK),
    ("a_published", "revert", NO, REVIEW, NO, OK, OK),
    ("a_published", "history", NO, OK, NO, OK, OK),
    ("a_published", "archive", NO, NO, NO, OK, OK),
    ("a_published", "delete", NO, NO, NO, OK, OK),
    ("a_published", "view_on_site", NO, OK, NO, OK, OK),
    ("a_published", "import", NO, REVIEW, NO, OK, OK),
    ("a_published", "export", NO, OK, NO, OK, OK),
    ("a_published", "autocomplete", NO, OK, NO, OK, OK),
    ("a_published", "link", NO, OK, NO, OK, OK),
    ("a_archived", "change", NO, OK, NO, OK, OK),
    ("a_archived", "revert", NO, OK, NO, OK, OK),
    ("a_archived", "publish", NO, NO, NO, OK, OK),
    ("a_archived", "import", NO, OK, NO, OK, OK),
    ("b_draft", "change", NO, NO, OK, OK, OK),
    ("b_draft", "revert", NO, NO, OK, OK, OK),
    ("b_draft", "history", NO, NO, OK, OK, OK),
    ("b_draft", "view_on_site", NO, NO, OK, OK, OK),
    ("b_draft", "import", NO, NO, OK, OK, OK),
    ("b_draft", "export", NO, NO, OK, OK, OK),
    ("b_draft", "autocomplete", NO, NO, OK, OK, OK),
    ("b_draft", "link", NO, NO, OK, OK, OK),
    ("b_published", "change", NO, NO, REVIEW, OK, OK),
    ("b_published", "revert", NO, NO, REVIEW, OK, OK),
    ("b_published", "archive", NO, NO, NO, OK, OK),
    ("b_published", "import", NO, NO, REVIEW, OK, OK),
    ("b_published", "link", NO, NO, OK, OK, OK),
]
CASES = [
    pytest.param(record, path, role, expected, id=f"{record}-{path}-{role}")
    for record, path, *answers in TABLE
    for role, expected in zip(ROLES, answers, strict=True)
]


@pytest.fixture
def world():
    CategoryFactory()
    institute_a, institute_b = PartnerFactory(slug="institute-a"), PartnerFactory(slug="institute-b")
    draft = {"status": Status.DRAFT, "published_at": None}
    records = {
        "a_draft": ProgramFactory(slug="a-draft", organizer=institute_a, **draft),
        "a_published": ProgramFactory(slug="a-published", organizer=institute_a),
        "a_archived": ProgramFactory(slug="a-archived", organizer=institute_a, status=Status.ARCHIVED),
        "b_draft": ProgramFactory(slug="b-draft", organizer=institute_b, **draft),
        "b_published": ProgramFactory(slug="b-published", organizer=institute_b),
    }
    users = {
        "anonymous": None,
        "a": staff_in(PARTNER_EDITORS, institute_a, username="editor-a"),
        "b": staff_in(PARTNER_EDITORS, institute_b, username="editor-b"),
        "city": staff_in(CITY_EDITORS, username="city"),
        "superuser": StaffFactory(username="root", is_superuser=True),
    }
    # A draft of each role's own to link from ("link": set the record as its previous round).
    own_draft = {
        "anonymous": records["a_draft"],
        "a": ProgramFactory(slug="a-next", organizer=institute_a, **draft),
        "b": ProgramFactory(slug="b-next", organizer=institute_b, **draft),
        "city": ProgramFactory(slug="city-next", organizer=institute_a, **draft),
        "superuser": ProgramFactory(slug="root-next", organizer=institute_a, **draft),
    }
    return {"records": records, "users": users, "own_draft": own_draft}


def outcome(record, before, response_ok=True):
    """What happened to the record: changed, proposed for review, or nothing."""
    current = Program.objects.filter(pk=record.pk).first()
    if Revision.objects.pending().of(record).exists():
        assert current.title_ko == before, "a proposed change must not reach the live record"
        return REVIEW
    if current is None or current.title_ko != before or current.status != record.status:
        return OK
    return NO


def change(client, user, record):
    data = admin_form_data(user or StaffFactory(username="nobody"), record, title_ko=NEW_TITLE)
    client.post(f"/admin/programs/program/{record.pk}/change/", data)
    return outcome(record, record.title_ko)


def revert(client, user, record):
    first = record.history.order_by("history_date").first()
    Program.objects.filter(pk=record.pk).update(title_ko="중간 제목")
    record.refresh_from_db()
    data = admin_form_data(user or StaffFactory(username="nobody"), record, title_ko=first.title_ko)
    client.post(f"/admin/programs/program/{record.pk}/history/{first.history_id}/", data)
    return outcome(record, "중간 제목")


def history(client, user, record):
    response = client.get(f"/admin/programs/program/{record.pk}/history/")
    return OK if response.status_code == 200 else NO


def action(name):
    def run(client, user, record):
        client.post("/admin/programs/program/", {"action": name, "_selected_action": [record.pk]})
        return OK if Program.objects.get(pk=record.pk).status != record.status else NO

    return run


def delete(client, user, record):
    client.post(f"/admin/programs/program/{record.pk}/delete/", {"post": "yes"})
    current = Program.objects.filter(pk=record.pk).first()
    return OK if current is None or current.status != record.status else NO


def view_on_site(client, user, record):
    content_type = ContentType.objects.get_for_model(Program).pk
    response = client.get(f"/admin/r/{content_type}/{record.pk}/")
    return OK if response.status_code == 302 and response["Location"] == record.get_absolute_url() else NO


def import_row(client, user, record):
    rows = [["slug", "title_ko", "category__slug", "organizer__slug"]]
    rows.append([record.slug, NEW_TITLE, record.category.slug, record.organizer.slug])
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    upload = SimpleUploadedFile("programs.csv", buffer.getvalue().encode("utf-8-sig"))
    first = client.post("/admin/programs/program/import/", {"import_file": upload, "format": "0", "resource": "0"})
    page = first.content.decode() if first.status_code == 200 else ""
    confirm = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))
    if "import_file_name" in confirm:
        client.post("/admin/programs/program/process_import/", confirm)
    return outcome(record, record.title_ko)


def export(client, user, record):
    from programs.resources import ProgramResource

    fields = {f"programresource_{name}": "on" for name in ProgramResource().get_export_order()}
    response = client.post("/admin/programs/program/export/", {"format": "0", "resource": "0", **fields})
    if response.status_code != 200 or not response["Content-Type"].startswith("text/csv"):
        return NO
    slugs = [row["slug"] for row in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))]
    return OK if record.slug in slugs else NO


def autocomplete(client, user, record):
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "programs", "model_name": "program", "field_name": "previous_round", "term": record.title_ko},
    )
    if response.status_code != 200:
        return NO
    return OK if str(record.pk) in [row["id"] for row in json.loads(response.content)["results"]] else NO


def link(own_draft):
    def run(client, user, record):
        data = admin_form_data(user or StaffFactory(username="nobody"), own_draft, previous_round=str(record.pk))
        client.post(f"/admin/programs/program/{own_draft.pk}/change/", data)
        return OK if Program.objects.get(pk=own_draft.pk).previous_round_id == record.pk else NO

    return run


PATHS = {
    "change": change,
    "revert": revert,
    "history": history,
    "publish": action("publish"),
    "archive": action("archive"),
    "delete": delete,
    "view_on_site": view_on_site,
    "import": import_row,
    "export": export,
    "autocomplete": autocomplete,
}


@pytest.mark.parametrize("record, path, role, expected", CASES)
def test_permission_matrix(client, world, record, path, role, expected):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    attempt = link(world["own_draft"][role]) if path == "link" else PATHS[path]
    assert attempt(client, user, world["records"][record]) == expected
