from django.conf import settings
from django.core.management.base import BaseCommand

from registrations.services import personal_data_erase


class Command(BaseCommand):
    help = (
        "Erase registrants' personal data REGISTRATION_RETENTION_DAYS after their event ended (or after they "
        "cancelled), keeping the counts. The scheduler runs it daily."
    )

    def handle(self, *args, **options):
        erased = personal_data_erase()
        days = settings.REGISTRATION_RETENTION_DAYS
        self.stdout.write(f"Erased the personal data of {erased} registrations (events ended over {days} days ago).")
