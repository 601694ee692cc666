from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from registrations.demo import sample_registration_create


class Command(BaseCommand):
    help = "Open registration on the portal for one sample event, with a few sample registrants. DEBUG only."

    def handle(self, *args, **options):
        if not (settings.DEBUG or settings.SINGLE_PROCESS):
            raise CommandError(
                "seed_registrations adds sample data: it runs only with DJANGO_DEBUG=1 or DJANGO_SINGLE_PROCESS=1."
            )
        event = sample_registration_create()
        if event is None:
            self.stdout.write(
                "A sample event already takes registrations (or none is far enough ahead); nothing added."
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Registration is open on the portal for the sample event {event.slug}.")
            )
