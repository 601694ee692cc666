from django.core.management.base import BaseCommand

from programs.services import GWANGJU_DATA, gwangju_records_load


class Command(BaseCommand):
    help = "Load the real Gwangju records (partners, the 2019 agreement, programs and events). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(GWANGJU_DATA), help="The data file to load.")

    def handle(self, *args, **options):
        counts = gwangju_records_load(path=options["file"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Gwangju records: {counts['created']} created, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged."
            )
        )
