import os
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from programs.demo import demo_accounts_create, demo_records_create, demo_records_exist


class Command(BaseCommand):
    help = "Add generated sample programs and events (labelled as samples) and two demo staff accounts. DEBUG only."

    def add_arguments(self, parser):
        parser.add_argument("--programs", type=int, default=60, help="How many sample programs to add.")
        parser.add_argument("--events", type=int, default=30, help="How many sample events to add.")
        parser.add_argument("--seed", type=int, default=None, help="Random seed, for repeatable data.")
        parser.add_argument("--if-empty", action="store_true", help="Add sample records only when there are none yet.")

    def handle(self, *args, **options):
        if not (settings.DEBUG or settings.SINGLE_PROCESS):
            raise CommandError(
                "seed_demo adds sample data and demo accounts: it runs only with DJANGO_DEBUG=1 or, as under "
                "`make run`, DJANGO_SINGLE_PROCESS=1."
            )
        if options["programs"] < 0 or options["events"] < 0:
            raise CommandError("--programs and --events must be zero or more.")
        started = time.monotonic()
        if options["if_empty"] and demo_records_exist():
            self.stdout.write("Sample records are already there; none added.")
            counts = {"programs": 0, "rounds": 0, "events": 0}
        else:
            counts = demo_records_create(programs=options["programs"], events=options["events"], seed=options["seed"])
        password = os.environ.get("DEMO_PASSWORD") or "gwangju-demo"
        accounts = demo_accounts_create(password=password)
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {counts['programs']} sample programs (and {counts['rounds']} earlier or announced rounds of "
                f"some of them) and {counts['events']} sample events in {elapsed:.1f} s."
            )
        )
        for account in accounts:
            self.stdout.write(f"Demo account: {account.username} / password: {password}")
