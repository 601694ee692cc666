"""A client generated from the published description (openapi-python-client, a well-kept generator) works: it lists
open programs with two filters, pages through them, and reads one program and one event, finding the same records
as the HTML catalogue.
Budget: 30 s a pass (measured 13 s)."""

import importlib
import subprocess
import sys
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import CategoryFactory, EventFactory, ProgramFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def catalogue():
    education = CategoryFactory(slug="education", name_ko="교육", name_en="Education")
    now = timezone.now()
    for number in range(5):
        ProgramFactory(
            slug=f"academy-{number}",
            category=education,
            application_opens_at=now - timedelta(days=3),
            application_closes_at=now + timedelta(days=10 + number),
        )
    ProgramFactory(slug="closed-academy", category=education, application_closes_at=now - timedelta(days=1))
    ProgramFactory(slug="other-field", category=CategoryFactory(slug="investment"))  # open, in another field
    EventFactory(slug="demo-day")


@pytest.fixture
def portal_client(live_server, catalogue, client, tmp_path, settings):
    settings.API_REQUESTS_PER_MINUTE = 10_000
    description = tmp_path / "openapi.json"
    description.write_bytes(client.get("/api/v1/schema/?format=json").content)
    config = tmp_path / "config.yml"
    config.write_text("package_name_override: portal_client\npost_hooks: []\n")
    generated = subprocess.run(
        [sys.executable, "-m", "openapi_python_client", "generate", "--path", str(description), "--meta", "none",
         "--config", str(config), "--output-path", str(tmp_path / "portal_client"), "--fail-on-warning"],
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert generated.returncode == 0, generated.stdout + generated.stderr
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module("portal_client"), live_server.url
    finally:
        sys.path.remove(str(tmp_path))
        for name in [name for name in sys.modules if name == "portal_client" or name.startswith("portal_client.")]:
            del sys.modules[name]


def test_a_generated_client_lists_pages_and_reads_the_same_records_as_the_catalogue(portal_client, client):
    package, base_url = portal_client
    programs_list = importlib.import_module("portal_client.api.programs.programs_list")
    programs_retrieve = importlib.import_module("portal_client.api.programs.programs_retrieve")
    events_retrieve = importlib.import_module("portal_client.api.events.events_retrieve")
    models = importlib.import_module("portal_client.models")
    api = package.Client(base_url=base_url)

    found, page = [], 1
    while page:
        answer = programs_list.sync(
            client=api,
            state=models.ProgramsListState.OPEN,
            category=[models.ProgramsListCategoryItem.EDUCATION],
            page=page,
            page_size=2,
        )
        assert isinstance(answer, models.PaginatedProgramList), answer
        found += [program.slug for program in answer.results]
        page = page + 1 if answer.next_ else None

    catalogue = client.get("/programs/?state=open&category=education")
    assert found == [program.slug for program in catalogue.context["programs"]]
    assert len(found) == 5

    program = programs_retrieve.sync(client=api, slug=found[0])
    assert program.slug == found[0] and program.category.code == "education"
    event = events_retrieve.sync(client=api, slug="demo-day")
    assert event.slug == "demo-day"
    missing = programs_retrieve.sync(client=api, slug="no-such-program")
    assert isinstance(missing, models.Problem) and missing.status == 404
