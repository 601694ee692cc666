"""Data kept across the registrations app's migrations: reminders sent (0002) and the time and place told (0004)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from registrations.models import Registration, told_details
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("registrations", "0001_initial")]


def migrate(targets=None):
    """To `targets`, or to the newest migrations (as the test began)."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_reminders_already_sent_count_as_sent_for_the_events_present_start(institute):
    event = EventFactory(organizer=institute, registration_mode="portal", capacity=10)
    old = migrate(BEFORE).get_model("registrations", "Registration")
    for email, week, day in [("both@example.com", True, True), ("week@example.com", True, False)]:
        old.objects.create(
            event_id=event.pk, name="홍길동", email=email, status="confirmed", week_reminder_sent=week,
            day_reminder_sent=day,
        )  # fmt: skip
    old.objects.create(event_id=event.pk, name="김민지", email="none@example.com", status="confirmed")
    migrate()
    reminded = {r.email: (r.week_reminder_for, r.day_reminder_for) for r in Registration.objects.all()}
    assert reminded == {
        "both@example.com": (event.starts_at, event.starts_at),
        "week@example.com": (event.starts_at, None),
        "none@example.com": (None, None),
    }
    # and those registered before count as told the event's present time and place: no change notice for them
    assert set(Registration.objects.values_list("details_told", flat=True)) == {told_details(event)}
