"""Email through the background worker against a real SMTP server (aiosmtpd): sent once with a stable Message-ID,
temporary refusals retried with backoff, permanent ones recorded, a killed worker's message resumed, and `make run`'s
folder of .eml files."""

import email
import email.policy
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core import mail
from core.mail import deliveries_resume, queue_email
from core.models import EmailDelivery
from tests.worker import run_worker

pytestmark = pytest.mark.django_db(transaction=True)  # the worker commits as in production

Status = EmailDelivery.Status


def queue(key="test:1", recipient="founder@example.com", **extra):
    return queue_email(recipient, key, "마감 안내", "본문입니다.", html="<p>본문입니다.</p>", owner="tests", **extra)[0]


def test_sent_once_with_a_stable_message_id(smtp):
    delivery = queue()
    again, created = queue_email("founder@example.com", "test:1", "다른 제목", "다른 본문", owner="tests")
    assert (again.pk, created) == (delivery.pk, False)
    run_worker()
    run_worker()
    [message] = smtp.messages
    assert message["Message-ID"] == delivery.message_id == mail.message_id("founder@example.com", "test:1")
    assert message["Subject"] == "마감 안내"
    assert message.get_body(("plain",)).get_content().strip() == "본문입니다."
    assert message.get_body(("html",)).get_content().strip() == "<p>본문입니다.</p>"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.body_text, delivery.body_html) == (Status.SENT, 1, "", "")
    assert delivery.sent_at is not None


def test_extra_headers_reach_the_message(smtp):
    queue(headers={"List-Unsubscribe": "<https://portal.example.kr/u/1>"})
    run_worker()
    assert smtp.messages[0]["List-Unsubscribe"] == "<https://portal.example.kr/u/1>"


def test_a_message_for_later_waits(smtp):
    delivery = queue(not_before=timezone.now() + timedelta(hours=2))
    run_worker()
    assert smtp.messages == []
    with time_machine.travel(timezone.now() + timedelta(hours=2, minutes=1)):
        run_worker()
    assert [m["Message-ID"] for m in smtp.messages] == [delivery.message_id]


def test_a_temporary_refusal_is_retried_with_backoff(smtp):
    smtp.refusals = ["451 4.3.0 Try again later", "421 4.7.0 Too busy"]
    delivery = queue()
    run_worker()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.RETRYING, 1)
    assert "451" in delivery.last_error
    assert timedelta(seconds=50) < delivery.not_before - timezone.now() <= mail.RETRY_DELAYS[0]
    run_worker()  # not due yet: nothing happens
    assert delivery.attempts == EmailDelivery.objects.get().attempts
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        run_worker()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.RETRYING, 2)
    with time_machine.travel(timezone.now() + timedelta(minutes=8)):
        run_worker()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.SENT, 3)
    assert len(smtp.messages) == 1


def test_an_unreachable_server_is_retried(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    delivery = queue()
    run_worker()
    delivery.refresh_from_db()
    assert delivery.status == Status.RETRYING and delivery.last_error


def test_a_permanent_refusal_fails_and_counts_against_the_address(smtp):
    smtp.refusals = ["550 5.1.1 No such user"]
    delivery = queue()
    run_worker()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.FAILED, 1)
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        run_worker()
    assert smtp.messages == []
    smtp.refusals = ["550 5.1.1 No such user"]
    queue(key="test:2")
    run_worker()
    bouncing = list(EmailDelivery.objects.bouncing(since=timezone.now() - timedelta(days=30)))
    assert bouncing == [{"recipient": "founder@example.com", "failures": 2}]


def test_attempts_end_after_the_last_backoff(smtp):
    smtp.refusals = ["451 4.3.0 Try again later"] * 10
    delivery = queue()
    moment = timezone.now()
    for delay in (timedelta(0), *mail.RETRY_DELAYS):
        moment += delay + timedelta(seconds=1)
        with time_machine.travel(moment):
            run_worker()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.FAILED, len(mail.RETRY_DELAYS) + 1)
    assert smtp.messages == []


class Killed(BaseException):
    """What a worker killed by a signal leaves: the task stops mid-way, nothing after runs."""


def test_a_worker_killed_before_the_hand_off_sends_it_later_once(smtp):
    delivery = queue()
    with mock.patch.object(mail, "_send", side_effect=Killed):
        run_worker()
    delivery.refresh_from_db()
    assert delivery.status == Status.SENDING and smtp.messages == []
    assert deliveries_resume() == 0  # within the lease: the worker may still be busy with it
    with time_machine.travel(timezone.now() + mail.sending_lease() + timedelta(seconds=1)):
        assert deliveries_resume() == 1
        run_worker()
    assert [m["Message-ID"] for m in smtp.messages] == [delivery.message_id]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.SENT, 2)


def test_a_worker_killed_after_the_hand_off_sends_at_most_one_duplicate_with_the_same_id(smtp):
    delivery = queue()
    real_send = mail._send

    def send_then_die(*args):
        real_send(*args)
        raise Killed

    with mock.patch.object(mail, "_send", side_effect=send_then_die):
        run_worker()
    with time_machine.travel(timezone.now() + mail.sending_lease() + timedelta(seconds=1)):
        deliveries_resume()
        run_worker()
        deliveries_resume()
        run_worker()
    assert [m["Message-ID"] for m in smtp.messages] == [delivery.message_id] * 2
    assert EmailDelivery.objects.get().status == Status.SENT


def test_a_delivery_whose_task_was_lost_is_enqueued_again(smtp):
    delivery = queue()
    DBTaskResult.objects.all().delete()  # a wiped queue
    run_worker()
    assert smtp.messages == []
    with time_machine.travel(timezone.now() + mail.stalled_after() + timedelta(seconds=1)):
        assert deliveries_resume() == 1
        assert deliveries_resume() == 0  # enqueued once, not at every pass
        run_worker()
    assert [m["Message-ID"] for m in smtp.messages] == [delivery.message_id]


def test_a_task_taken_by_a_worker_that_died_before_claiming_its_row_is_enqueued_again(smtp):
    delivery = queue()
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING)  # taken, then SIGKILL: the task stays "running"
    run_worker()
    assert smtp.messages == []
    assert deliveries_resume() == 0  # not yet: a long backlog also leaves rows queued for a while
    with time_machine.travel(timezone.now() + mail.stalled_after() + timedelta(seconds=1)):
        assert deliveries_resume() == 1
        run_worker()
    assert [m["Message-ID"] for m in smtp.messages] == [delivery.message_id]
    assert EmailDelivery.objects.get().status == Status.SENT


def test_a_batch_goes_over_one_connection_and_a_refusal_does_not_stop_it(smtp):
    from core.mail import MessageBatch

    smtp.refusals = [None, "550 5.1.1 No such user"]
    batch = MessageBatch(owner="tests")
    for number in range(3):
        batch.queue(f"person{number}@example.com", f"batch:{number}", "안내", "본문")
    batch.queue("person0@example.com", "batch:0", "안내", "본문")  # asked twice: queued once
    batch.flush()
    assert DBTaskResult.objects.count() == 1
    run_worker()
    statuses = dict(EmailDelivery.objects.values_list("recipient", "status"))
    assert statuses == {
        "person0@example.com": Status.SENT, "person1@example.com": Status.FAILED, "person2@example.com": Status.SENT
    }  # fmt: skip
    assert sorted(message["To"] for message in smtp.messages) == ["person0@example.com", "person2@example.com"]


def test_without_a_host_make_run_writes_eml_files(settings, tmp_path):
    settings.EMAIL_BACKEND = "core.email_folder.EmailFolderBackend"
    settings.EMAIL_FOLDER = tmp_path / "sent-email"
    delivery = queue()
    run_worker()
    [path] = (tmp_path / "sent-email").glob("*.eml")
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert message["Message-ID"] == delivery.message_id
    assert message["To"] == "founder@example.com"
    assert message.get_body(("plain",)).get_content().strip() == "본문입니다."
