"""The scheduler of periodic jobs (core.schedule) and the delivery log's admin."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core import schedule
from core.models import EmailDelivery, ScheduledJob
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def enqueued():
    return sorted(DBTaskResult.objects.values_list("task_path", flat=True))


def test_each_job_is_enqueued_once_per_interval():
    now = timezone.now()
    names = [job.name for job in schedule.jobs()]
    assert "core.tasks.links_check_due" in names and "core.tasks.email_deliveries_resume" in names
    assert sorted(schedule.enqueue_due(now)) == names
    every_five_minutes = [job.name for job in schedule.jobs() if job.every == timedelta(minutes=5)]
    assert "core.tasks.email_deliveries_resume" in every_five_minutes
    assert schedule.enqueue_due(now + timedelta(minutes=1)) == []
    assert schedule.enqueue_due(now + timedelta(minutes=6)) == every_five_minutes
    assert enqueued().count("core.tasks.email_deliveries_resume") == 2
    assert enqueued().count("core.tasks.links_check_due") == 1
    assert "core.tasks.links_check_due" in schedule.enqueue_due(now + timedelta(hours=1))


def test_a_scheduler_that_read_before_another_claimed_enqueues_nothing(monkeypatch):
    now = timezone.now()
    stale = {job.name: ScheduledJob.objects.get_or_create(name=job.name)[0] for job in schedule.jobs()}
    assert schedule.enqueue_due(now)  # the other scheduler
    count = DBTaskResult.objects.count()
    monkeypatch.setattr(ScheduledJob.objects, "get_or_create", lambda name: (stale[name], False))
    assert schedule.enqueue_due(now + timedelta(seconds=1)) == []
    assert DBTaskResult.objects.count() == count


def test_run_schedule_command_enqueues_what_is_due(capsys):
    from django.core.management import call_command

    call_command("run_schedule")
    assert "enqueued core.tasks.links_check_due" in capsys.readouterr().out
    call_command("run_schedule")
    assert capsys.readouterr().out == ""


@pytest.fixture
def delivery():
    return EmailDelivery.objects.create(
        recipient="founder@example.com", key="test:1", message_id="<x@testserver>", subject="안내", status="failed",
        last_error="SMTPRecipientsRefused: 550",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("persona", "list_status", "change_status"),
    [("city_editor", 200, 200), ("partner_editor", 403, 403), ("anonymous", 302, 302)],
)
def test_only_city_editors_read_the_delivery_log(client, request, delivery, persona, list_status, change_status):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    assert client.get("/admin/core/emaildelivery/").status_code == list_status
    assert client.get(f"/admin/core/emaildelivery/{delivery.pk}/change/").status_code == change_status


def test_nobody_edits_or_deletes_the_log(client, city_editor, delivery):
    client.force_login(city_editor)
    page = client.get(f"/admin/core/emaildelivery/{delivery.pk}/change/")
    assert b"founder@example.com" in page.content and b'name="_save"' not in page.content
    assert client.post(f"/admin/core/emaildelivery/{delivery.pk}/delete/").status_code == 403
    assert client.get("/admin/core/emaildelivery/add/").status_code == 403
    superuser = StaffFactory(username="root", is_superuser=True)
    client.force_login(superuser)
    assert client.post(f"/admin/core/emaildelivery/{delivery.pk}/change/", {"subject": "x"}).status_code == 403
    delivery.refresh_from_db()
    assert delivery.subject == "안내"


def test_the_log_lists_addresses_that_keep_bouncing(client, city_editor):
    for number in range(3):
        EmailDelivery.objects.create(
            recipient="gone@example.com", key=f"k:{number}", message_id=f"<g{number}@x>", subject="x", status="failed"
        )
    EmailDelivery.objects.create(
        recipient="once@example.com", key="k:9", message_id="<o@x>", subject="x", status="failed"
    )
    client.force_login(city_editor)
    listed = client.get("/admin/core/emaildelivery/?address=bouncing").context["cl"].result_list
    assert {delivery.recipient for delivery in listed} == {"gone@example.com"}
