from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.links import addresses_to_check, links_check


class Command(BaseCommand):
    help = (
        "Check the addresses records link to (application links, sources, websites) that were not checked this "
        "week, all at once; the editor's desk lists the broken ones. The scheduler does the same hourly in batches "
        "(docs/deploy.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=10)
        parser.add_argument("--pause", type=float, default=1.0, help="seconds between two requests to one host")

    def handle(self, *args, timeout, pause, **options):
        if not settings.LINK_CHECKS_ENABLED:
            raise CommandError("Link checks are off here (LINK_CHECKS_ENABLED): they would reach other sites.")
        urls = addresses_to_check(timezone.now())
        links_check(urls, timeout=timeout, pause=pause)
        self.stdout.write(f"{len(urls)} addresses checked.")
