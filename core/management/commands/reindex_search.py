from django.core.management.base import BaseCommand

from core.search import search_documents_fill


class Command(BaseCommand):
    help = "Compute every record's search document again (after the search analysis changed)."

    def handle(self, *args, **options):
        written = search_documents_fill(everything=True)
        self.stdout.write(f"{written} search documents written.")
