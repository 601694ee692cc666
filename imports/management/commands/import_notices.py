"""`manage.py import_notices [--source kstartup|bizinfo]`: one run of each source (or one), as the nightly schedule
does; prints each run's counts. A source without its key is skipped with a line in the log."""

from django.core.management.base import BaseCommand

from imports.services import ADAPTERS, notices_import


class Command(BaseCommand):
    help = "Import the national notices for Gwangju (K-Startup, 기업마당) and keep them in step."

    def add_arguments(self, parser):
        parser.add_argument("--source", choices=sorted(ADAPTERS), action="append", help="only this source")

    def handle(self, *args, source=None, **options):
        for name in source or sorted(ADAPTERS):
            run = notices_import(source=name)
            self.stdout.write(
                f"{name}: {run.get_outcome_display()} · new {run.created}, updated {run.updated}, "
                f"unchanged {run.unchanged}, failed {run.failed}, withdrawn {run.archived}, calls {run.calls}"
            )
