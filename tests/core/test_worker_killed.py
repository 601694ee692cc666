"""A real background worker (manage.py db_worker, a separate process) killed with SIGKILL in the middle of a batch of
emails, then restarted: every message arrives, none is lost, and the one being handed over when it died arrives at
most twice, under the same Message-ID (shared/DECISIONS.md: at-least-once, stable Message-ID).

The kill may land anywhere: during an SMTP hand-off (the row is left "sending" and comes back after the sending
lease) or after the worker took a task and before it claimed the row (the task is lost in "running" and the row,
still queued, comes back after the stalled window). Both windows are shortened here so that the test need not wait."""

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest

from tests.servers import ROOT, manage, production_env, wait_until
from tests.smtp import SmtpServer

MESSAGES = 40

QUEUE = f"""
from core.mail import queue_email
for number in range({MESSAGES}):
    queue_email(f"person{{number}}@example.com", f"test:{{number}}", "안내", "본문", owner="tests")
"""
RESUME = """
from core.mail import deliveries_resume
print(deliveries_resume())
"""
LEASE_SECONDS = 2  # instead of 10 minutes
STALLED_SECONDS = 2  # instead of 15 minutes
UNSENT = """
from core.models import EmailDelivery
print(EmailDelivery.objects.exclude(status="sent").count())
"""
STATUSES = """
from core.models import EmailDelivery
print(sorted(set(EmailDelivery.objects.values_list("status", flat=True))))
"""


class SlowServer(SmtpServer):
    """Takes 0.1 s a message, so that the worker is surely killed half-way through."""

    def __init__(self):
        super().__init__()
        handle = self.sink.handle_DATA

        async def slow(*args):
            await asyncio.sleep(0.1)
            return await handle(*args)

        self.sink.handle_DATA = slow


def worker(env, *extra):
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2", *extra],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def shell(env, code):
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


@pytest.mark.servers
@pytest.mark.database_independent
def test_a_worker_killed_mid_batch_then_restarted_delivers_every_message(tmp_path):
    with SlowServer() as server:
        env = production_env(
            f"sqlite:///{tmp_path / 'portal.sqlite3'}",
            DJANGO_SINGLE_PROCESS="1",
            DJANGO_EMAIL_HOST="127.0.0.1",
            DJANGO_EMAIL_PORT=str(server.port),
            DJANGO_EMAIL_SENDING_LEASE_SECONDS=str(LEASE_SECONDS),
            DJANGO_EMAIL_STALLED_AFTER_SECONDS=str(STALLED_SECONDS),
        )
        manage(env, "createcachetable")  # first, as `make run` does: saves during migrations use the cache
        manage(env, "migrate", "--no-input")
        shell(env, QUEUE)
        first = worker(env)
        wait_until(lambda: len(server.sink.messages) >= 10, 60, "the worker sent nothing")
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        received_before = len(server.sink.messages)
        assert received_before < MESSAGES, "the worker finished before it could be killed"

        time.sleep(max(LEASE_SECONDS, STALLED_SECONDS) + 0.5)
        unsent = int(shell(env, UNSENT))
        assert 0 < unsent <= MESSAGES - received_before + 1  # the one being handed over may have arrived
        # the 5-minute job: every row not sent, whether it was being handed over or lost its task with the worker
        assert int(shell(env, RESUME)) == unsent
        second = worker(env, "--batch")
        assert second.wait(timeout=90) == 0
        ids = Counter(message["Message-ID"] for message in server.sink.messages)
        assert len(ids) == MESSAGES  # nothing lost
        assert sum(ids.values()) - MESSAGES <= 1  # at most the one being handed over, and under its own id
        assert shell(env, STATUSES) == "['sent']"
