import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.dateparse import parse_datetime

from alerts.sending import alerts_send


class Command(BaseCommand):
    help = (
        "Queue every alert email that is due (digests of new programs, followers' reminders and changes) for the "
        "background worker to send. Safe to run at any time and as often as wanted: nothing is queued twice. The "
        "scheduler runs it every 5 minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", help="run as if it were this time (ISO 8601 with its offset), to rehearse or to measure a run"
        )

    def handle(self, *args, now, **options):
        moment = parse_datetime(now) if now else None
        if now and (moment is None or moment.tzinfo is None):
            raise CommandError("--now takes a date and time with its offset, e.g. 2026-12-01T08:00+09:00.")
        queries = []
        started = time.monotonic()
        with connection.execute_wrapper(lambda execute, *args: queries.append(1) or execute(*args)):
            queued = alerts_send(now=moment)
        self.stdout.write(f"{queued} emails queued in {time.monotonic() - started:.1f} s, {len(queries)} queries.")
