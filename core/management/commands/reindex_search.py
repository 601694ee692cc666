from django.core.management.base import BaseCommand
from tqdm import tqdm

from core.search import search_documents_fill


class Command(BaseCommand):
    help = (
        "Compute every record's search document again, in batches (after the search analysis changed). Safe on a "
        "live site: each batch locks only its own rows while writing them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--stale-only", action="store_true", help="only documents an older analysis made")

    def handle(self, *args, batch_size, stale_only, **options):
        bars = {}

        def progress(model, done, total):
            if model not in bars:
                bars[model] = tqdm(total=total, desc=model._meta.label, unit="records", file=self.stderr._out)
            bars[model].update(done - bars[model].n)

        written = search_documents_fill(everything=not stale_only, batch_size=batch_size, progress=progress)
        for bar in bars.values():
            bar.close()
        self.stdout.write(f"{written} search documents written.")
