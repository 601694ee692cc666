"""Email through the shared background worker: queued once, sent at least once, never twice on purpose.

`queue_email` records one EmailDelivery per (recipient, key) and enqueues its sending in the same transaction, so a
message asked for twice is queued once. The worker marks the row "sending" before the SMTP hand-off and "sent" after
(shared/DECISIONS.md): a worker killed in between leaves a "sending" row that `deliveries_resume` sends again after a
lease, with the same Message-ID; nothing is skipped. Temporary failures (4xx, no connection) are retried with
backoff; permanent ones (5xx) end as "failed" and count against the address (EmailDelivery.objects.bouncing).
"""

import base64
import smtplib
from datetime import datetime, time, timedelta
from email.headerregistry import Address
from email.utils import parseaddr
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext
from django_tasks import task

from .korean import resolve_particles
from .models import EmailDelivery
from .text import one_line

Status = EmailDelivery.Status

# After the n-th failed attempt the next one waits RETRY_DELAYS[n - 1]; after the last, the delivery has failed.
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))


def sending_lease():
    """A row "sending" for longer than this belongs to a worker that died (settings.EMAIL_SENDING_LEASE_SECONDS,
    10 minutes by default: far above EMAIL_TIMEOUT)."""
    return timedelta(seconds=settings.EMAIL_SENDING_LEASE_SECONDS)


KOREA = ZoneInfo("Asia/Seoul")
# Alerts and reminders keep quiet hours, 21:00 to 08:00 Korea time; what a person triggered or waits for does not.
SENDING_FROM, SENDING_UNTIL = time(8), time(21)


def quiet(moment):
    return not SENDING_FROM <= moment.astimezone(KOREA).time() < SENDING_UNTIL


def after_quiet_hours(moment):
    """`moment`, or the end of the quiet hours it falls in."""
    if not quiet(moment):
        return moment
    local = moment.astimezone(KOREA)
    morning = datetime.combine(local.date(), SENDING_FROM, tzinfo=KOREA)
    return morning if local < morning else morning + timedelta(days=1)


def stalled_after():
    """A queued row still waiting this long after it was due lost its task (a wiped queue, or a worker killed after
    taking the task and before claiming the row): it is enqueued again (settings.EMAIL_STALLED_AFTER_SECONDS, 15
    minutes by default: a long backlog is not mistaken for lost tasks)."""
    return timedelta(seconds=settings.EMAIL_STALLED_AFTER_SECONDS)


def message_id(recipient, key):
    """The same (recipient, key) always gets the same Message-ID, which outsiders cannot guess."""
    digest = salted_hmac("core.mail.message_id", f"{recipient}\n{key}", algorithm="sha256").hexdigest()[:40]
    return f"<{digest}@{urlsplit(settings.SITE_URL).hostname or 'localhost'}>"


def attachment(filename, mimetype, content):
    """A file to send with a message (queue_email's `attachments`), kept with the row until it is sent."""
    return {"filename": filename, "mimetype": mimetype, "content": base64.b64encode(content).decode()}


def sender():
    """The From address with the site's one name in the active language (the recipient's, as callers override it):
    "광주 AI·창업 포털 <noreply@…>" or "Gwangju AI & Start-up Portal <noreply@…>"."""
    return str(
        Address(
            display_name=gettext("Gwangju AI & Start-up Portal"), addr_spec=parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
        )
    )


def _delivery(recipient, key, subject, text, html, headers, not_before, attachments=(), *, owner):
    subject, text, html = (resolve_particles(part) for part in (subject, text, html))  # core.korean
    headers = {"From": sender(), **(headers or {})}
    values = {
        "owner": owner,
        "message_id": message_id(recipient, key),
        "subject": one_line(subject)[:250],  # a line break in a title cannot split the header
        "body_text": text,
        "body_html": html,
        "headers": headers,
        "attachments": list(attachments),
        "not_before": max(not_before or timezone.now(), timezone.now()),
    }
    return recipient, key, values


def queue_email(
    recipient, key, subject, text, html="", headers=None, not_before=None, enqueue=True, attachments=(), *, owner
):
    """Queue one message (sent from `not_before` on) for the app `owner` (core.holders); returns (delivery,
    created). The same recipient and key a second time queues nothing. With enqueue=False the caller sends it in a
    batch (MessageBatch)."""
    recipient, key, values = _delivery(
        recipient, key, subject, text, html, headers, not_before, attachments, owner=owner
    )
    with transaction.atomic():
        delivery, created = EmailDelivery.objects.get_or_create(recipient=recipient, key=key, defaults=values)
        if created and enqueue:
            deliver.using(run_after=delivery.not_before).enqueue(delivery.pk)
    return delivery, created


class MessageBatch:
    """Many messages queued at once (digests, a program's followers): their sending is enqueued BATCH_SIZE at a time,
    each batch one task over one SMTP connection. A batch whose task was never enqueued (the process died first) is
    picked up by `deliveries_resume` after `stalled_after()`; nothing is lost.

    With fresh=True every key must be new (the caller made sure, e.g. with a compare-and-set): the row is inserted
    without looking first, and a duplicate raises IntegrityError in the caller's transaction."""

    BATCH_SIZE = 100

    def __init__(self, *, owner, fresh=False):
        self.ids, self.owner, self.fresh = [], owner, fresh

    def queue(self, recipient, key, subject, text, html="", headers=None):
        if self.fresh:
            recipient, key, values = _delivery(recipient, key, subject, text, html, headers, None, owner=self.owner)
            delivery, created = EmailDelivery.objects.create(recipient=recipient, key=key, **values), True
        else:
            delivery, created = queue_email(
                recipient, key, subject, text, html, headers, enqueue=False, owner=self.owner
            )
        if created:
            self.ids.append(delivery.pk)
            if len(self.ids) >= self.BATCH_SIZE:
                self.flush()
        return delivery, created

    def discard(self):
        """Forget the messages of a transaction that was rolled back."""
        self.ids = []

    def flush(self):
        if self.ids:
            deliver_many.enqueue(self.ids)
            self.ids = []


def _sendable(now):
    waiting = Q(status__in=[Status.QUEUED, Status.RETRYING], not_before__lte=now)
    abandoned = Q(status=Status.SENDING, updated_at__lte=now - sending_lease())
    return waiting | abandoned


def _permanent(error):
    """A 5xx answer (for the recipient or the whole message) is permanent; anything else may pass later."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return getattr(error, "smtp_code", 0) >= 500


class Unbuildable(Exception):
    """The stored message cannot be made into an email (a header Django refuses, an attachment that is not base64):
    sending it again would fail again."""


def _message(delivery, connection):
    try:
        return _build(delivery, connection)
    except (ValueError, TypeError, LookupError, UnicodeError) as error:  # BadHeaderError is a ValueError
        raise Unbuildable(f"{type(error).__name__}: {error}") from error


def _build(delivery, connection):
    message = EmailMultiAlternatives(
        delivery.subject,
        delivery.body_text,
        to=[delivery.recipient],
        headers={**delivery.headers, "Message-ID": delivery.message_id},
        connection=connection,
    )
    if delivery.body_html:
        message.attach_alternative(delivery.body_html, "text/html")
    for file in delivery.attachments:
        message.attach(file["filename"], base64.b64decode(file["content"]), file["mimetype"])
    message.message()  # built in full now: whatever cannot be encoded fails here, before any SMTP hand-off
    return message


def _send(delivery, connection):
    message = _message(delivery, connection)
    connection.open()  # kept open for the next message of a batch (a no-op when already open)
    message.send()


def _deliver(delivery_id, connection):
    """Send one queued message over `connection`; returns its status, or None when it was not for this worker."""
    now = timezone.now()
    claimed = (
        EmailDelivery.objects.filter(_sendable(now), pk=delivery_id)
        .update(status=Status.SENDING, attempts=F("attempts") + 1, updated_at=now)
    )  # fmt: skip
    if not claimed:  # sent, failed, not due yet, or another worker has it
        return None
    delivery = EmailDelivery.objects.get(pk=delivery_id)
    try:
        _send(delivery, connection)
    except Unbuildable as error:  # marked failed with its reason; the queue moves on
        delivery.status, delivery.last_error = Status.FAILED, f"Could not be built: {error}"[:300]
        delivery.save(update_fields=["status", "last_error", "updated_at"])
        return delivery.status
    except (smtplib.SMTPException, OSError) as error:
        connection.close()  # the next message opens a fresh one
        delivery.last_error = f"{type(error).__name__}: {error}"[:300]
        if _permanent(error) or delivery.attempts > len(RETRY_DELAYS):
            delivery.status = Status.FAILED
        else:
            delivery.status = Status.RETRYING
            delivery.not_before = timezone.now() + RETRY_DELAYS[delivery.attempts - 1]
        delivery.save(update_fields=["status", "last_error", "not_before", "updated_at"])
        if delivery.status == Status.RETRYING:
            deliver.using(run_after=delivery.not_before).enqueue(delivery.pk)
        return delivery.status
    delivery.status, delivery.sent_at = Status.SENT, timezone.now()
    delivery.body_text = delivery.body_html = ""  # sent: only the log line is kept
    delivery.attachments = []
    delivery.save(update_fields=["status", "sent_at", "body_text", "body_html", "attachments", "updated_at"])
    return delivery.status


@task()
def deliver(delivery_id):
    """Send one queued message; returns its status."""
    connection = get_connection()
    try:
        return _deliver(delivery_id, connection)
    finally:
        connection.close()


@task()
def deliver_many(delivery_ids):
    """Send queued messages one after the other over one SMTP connection; returns how many were sent."""
    connection = get_connection()
    try:
        return sum(_deliver(delivery_id, connection) == Status.SENT for delivery_id in delivery_ids)
    finally:
        connection.close()


def deliveries_resume(now=None):
    """Enqueue again what a killed worker left "sending" and what lost its task; returns how many."""
    now = now or timezone.now()
    waiting_long = now - stalled_after()
    stalled = EmailDelivery.objects.filter(
        Q(status=Status.SENDING, updated_at__lte=now - sending_lease())
        | Q(status__in=[Status.QUEUED, Status.RETRYING], not_before__lte=waiting_long, updated_at__lte=waiting_long)
    )
    ids = list(stalled.values_list("pk", flat=True))
    for delivery_id in ids:
        with transaction.atomic():
            # touching updated_at keeps the next pass from enqueueing it again while it waits for the worker;
            # a "sending" row stays claimable for the task (its lease has run out)
            EmailDelivery.objects.filter(pk=delivery_id).exclude(status=Status.SENDING).update(updated_at=now)
            deliver.enqueue(delivery_id)
    return len(ids)
