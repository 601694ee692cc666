import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections

from core.schedule import enqueue_due


class Command(BaseCommand):
    help = (
        "Put the periodic jobs that are due (link checks, email retries, clean-ups) on the background worker's queue. "
        "Safe to run at any time and from several machines: each job is enqueued once per interval. With --loop it "
        "repeats, as `make run` and the systemd unit in docs/deploy.md use it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", type=float, metavar="SECONDS", help="repeat every SECONDS instead of once")

    def handle(self, *args, loop, **options):
        while True:
            try:
                for name in enqueue_due():
                    self.stdout.write(f"enqueued {name}")
            except DatabaseError as error:
                if not loop:
                    raise
                self.stderr.write(f"database unavailable, trying again in {loop:g} s: {error}")
            if not loop:
                return
            close_old_connections()  # a database restarted meanwhile is reconnected to
            time.sleep(loop)
