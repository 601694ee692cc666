"""The background worker, run in the test's process."""

from django.core.management import call_command


def run_worker():
    """Run every task that is due (django-tasks-db's db_worker in batch mode), then return."""
    call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0, verbosity=0)
