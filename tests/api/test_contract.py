"""The description is the truth: requests drawn from the published OpenAPI description itself (schemathesis), those
it allows and those it forbids, across every operation. No answer is a 500; each status, content type, header and
body is one the description gives; a request the description allows is never refused, and one it forbids is never
accepted. The example counts are fixed (shared/DECISIONS.md: CI keeps its time).
Budget: 60 s a pass (measured 28 s on SQLite, 2 cores)."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode

from gwangju_portal.wsgi import application
from tests.factories import AgreementFactory, AudienceFactory, EventFactory, PartnerFactory, ProgramFactory

EXAMPLES = 200  # drawn across the eight operations, in each mode


@pytest.fixture
def catalogue(db):
    partner = PartnerFactory(slug="gjtp")
    program = ProgramFactory(slug="academy", organizer=partner, audiences=[AudienceFactory()], min_age=19, max_age=39)
    ProgramFactory(slug="rolling-desk", rolling=True, application_opens_at=None, application_closes_at=None)
    EventFactory(slug="demo-day", program=program, organizer=partner)
    AgreementFactory(slug="ai-agreement", parties=[partner])


@pytest.fixture
def description(catalogue, settings):
    settings.API_REQUESTS_PER_MINUTE = 1_000_000  # the limit's own answer (429) is tested in test_http.py
    # The real WSGI handler closes the database connection after each request; inside the test's transaction it
    # must stay open, as Django's own test client keeps it (django.test.client.ClientHandler).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_answer_is_one_the_description_gives(description, mode):
    @given(case=description.as_strategy(generation_mode=mode))
    @hypothesis_settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def answered_as_described(case):
        case.call_and_validate()

    answered_as_described()
