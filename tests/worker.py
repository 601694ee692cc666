"""The background worker, run in the test's process."""

from unittest import mock

from django.core.management import call_command


def run_worker():
    """Run every task that is due (django-tasks-db's db_worker in batch mode), then return. The worker's own
    reconnecting between tasks is left out: here it shares the test's connection, which a live server may share too."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0, verbosity=0)
