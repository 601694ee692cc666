"""Who holds an address is asked in one place (core.holders): each app erases only the outbox rows it wrote, and an
address's remaining rows go only when no app has held it for 30 days (ownership issue)."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from alerts.models import Subscriber
from alerts.services import alerts_clean_up, subscriber_erase
from core.holders import FORGET_AFTER, address_held, addresses_forget, holders
from core.mail import queue_email
from core.models import EmailDelivery
from programs.models import Suggestion
from registrations import services
from registrations.models import Registration
from tests.clock import NOW
from tests.factories import EventFactory
from tests.worker import run_worker

pytestmark = pytest.mark.django_db

Status = Registration.Status


@pytest.fixture
def clock():
    """10 March 2026, noon in Seoul: outside quiet hours."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def offered(clock, institute):
    """An event of one seat: the first person cancels, so the second, waiting, is offered the seat by email."""
    event = EventFactory(slug="demo-day", organizer=institute, registration_mode="portal", capacity=1)
    first = services.register(event, name="김첫째", email="first@example.com", language="ko")
    second = services.register(event, name="이둘째", email="offer@example.com", language="ko")
    services.register(event, name="박셋째", email="third@example.com", language="ko")
    services.cancel(first)
    run_worker()
    second.refresh_from_db()
    assert second.status == Status.OFFERED and services.offer_deadline(second) is not None
    return second


def test_erasing_an_idle_alerts_address_leaves_a_live_offer_able_to_lapse(offered, clock):
    idle = offered.created_at - timedelta(days=60)
    Subscriber.objects.create(email="offer@example.com", language="ko", confirmed_at=idle, active_at=idle)
    _, erased = alerts_clean_up()
    assert erased == 1 and not Subscriber.objects.exists()
    assert EmailDelivery.objects.filter(recipient="offer@example.com", owner="registrations").exists()
    deadline = services.offer_deadline(Registration.objects.get(pk=offered.pk))
    assert deadline is not None
    clock.shift(timedelta(hours=25))
    assert services.offers_expire() == 1
    assert Registration.objects.get(pk=offered.pk).status == Status.LAPSED
    assert Registration.objects.get(email="third@example.com").status == Status.OFFERED  # the line moves on


def test_unsubscribing_from_everything_erases_only_the_rows_alerts_wrote(offered):
    subscriber = Subscriber.objects.create(email="offer@example.com", language="ko")
    queue_email("offer@example.com", "confirm:1:x", "알림 확인", "본문", owner="alerts")
    subscriber_erase(subscriber)
    owners = set(EmailDelivery.objects.filter(recipient="offer@example.com").values_list("owner", flat=True))
    assert owners == {"registrations"}


def test_every_app_that_keeps_addresses_registers_a_holder():
    assert [holder.app for holder in holders()] == ["alerts", "applications", "programs", "registrations"]


def test_the_holders_answer_for_each_app(offered):
    assert address_held("offer@example.com")
    assert not address_held("nobody@example.com")
    Suggestion.objects.create(title="제안", organizer="기관", contact_email="suggests@example.com")
    Subscriber.objects.create(email="alerts@example.com", language="ko")
    assert address_held("suggests@example.com") and address_held("alerts@example.com")


def test_rows_of_an_address_no_app_holds_go_thirty_days_after_it_was_last_held(clock):
    suggestion = Suggestion.objects.create(title="제안", organizer="기관", contact_email="gone@example.com")
    queue_email("gone@example.com", "suggestion:1:accepted", "결정 안내", "본문", owner="programs")
    queue_email("kept@example.com", "confirm:1:y", "알림 확인", "본문", owner="alerts")
    Subscriber.objects.create(email="kept@example.com", language="ko")
    assert addresses_forget() == 0  # both held: their last holding is remembered
    Suggestion.objects.filter(pk=suggestion.pk).update(contact_email="")  # its sender's address was erased
    clock.shift(FORGET_AFTER - timedelta(days=1))
    assert addresses_forget() == 0  # not 30 days since it was last held
    clock.shift(timedelta(days=2))
    assert addresses_forget() == 1
    assert list(EmailDelivery.objects.values_list("recipient", flat=True)) == ["kept@example.com"]


def test_rows_from_before_the_job_count_from_their_newest_message(clock):
    queue_email("old@example.com", "suggestion:2:declined", "결정 안내", "본문", owner="programs")
    clock.shift(FORGET_AFTER + timedelta(days=1))
    queue_email("recent@example.com", "suggestion:3:declined", "결정 안내", "본문", owner="programs")
    assert addresses_forget() == 1
    assert list(EmailDelivery.objects.values_list("recipient", flat=True)) == ["recent@example.com"]


@pytest.mark.django_db(transaction=True)
def test_the_migration_names_the_owner_of_existing_rows():
    executor = MigrationExecutor(connection)
    executor.migrate([("core", "0005_email_attachments")])
    old_apps = executor.loader.project_state([("core", "0005_email_attachments")]).apps
    Old = old_apps.get_model("core", "EmailDelivery")
    for number, key in enumerate(
        ["registration:5:confirmed", "suggestion:2:accepted", "digest:3:20261201", "week:4:1"]
    ):
        Old.objects.create(recipient=f"p{number}@example.com", key=key, message_id=f"<{number}@x>", subject="s")
    executor = MigrationExecutor(connection)
    executor.migrate([("core", "0006_email_owner")])
    new_apps = executor.loader.project_state([("core", "0006_email_owner")]).apps
    owners = dict(new_apps.get_model("core", "EmailDelivery").objects.values_list("key", "owner"))
    assert owners == {
        "registration:5:confirmed": "registrations",
        "suggestion:2:accepted": "programs",
        "digest:3:20261201": "alerts",
        "week:4:1": "alerts",
    }
    call_command("migrate", verbosity=0)
