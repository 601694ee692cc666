"""`manage.py check_templates`: the project's templates as Django writes them (core.template_style); run by
`make lint`, it lists every problem and fails when there is one."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.template_style import template_problems


class Command(BaseCommand):
    help = "Check the project's templates: named end blocks, one tag per line, lines of at most 120 characters."

    def handle(self, *args, **options):
        directories = [Path(directory) for engine in settings.TEMPLATES for directory in engine.get("DIRS", [])]
        problems = [problem for directory in directories for problem in template_problems(directory)]
        for problem in problems:
            self.stderr.write(str(problem))
        if problems:
            raise CommandError(f"{len(problems)} template problem(s)")
        self.stdout.write(f"Templates checked in {', '.join(str(d) for d in directories)}: no problem.")
