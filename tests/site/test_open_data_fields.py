"""The open data's programs carry what the API carries (how to apply, contact, description, the application state),
so a spreadsheet user is not sent to the API for them (#36, m17). Budget: 10 s a pass (measured 3 s)."""

import csv
import io
import json

import pytest

from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def test_programs_open_data_has_the_apis_fields_with_the_same_state(client):
    ProgramFactory(slug="open-one", how_to_apply_ko="온라인 접수", contact_ko="062-000-0000", description_ko="설명")
    response = client.get("/open-data/programs.json")
    (row,) = json.loads(b"".join(response.streaming_content))
    api = client.get("/api/v1/programs/").json()["results"][0]
    assert row["application_state"] == api["application_state"]["code"] == "open"
    assert (row["how_to_apply_ko"], row["contact_ko"], row["description_ko"]) == ("온라인 접수", "062-000-0000", "설명")
    text = b"".join(client.get("/open-data/programs.csv").streaming_content).decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    assert {"application_state", "how_to_apply_ko", "contact_en", "description_en", "gov24_conditions"} <= set(header)
