"""The nightly import on the shared worker (core.schedule)."""

from datetime import timedelta

from django_tasks import task

from core.schedule import periodic

from .services import ADAPTERS, notices_import


@periodic(every=timedelta(days=1))
@task()
def notices_import_nightly():
    """Every source, one after the other: a failing source fails its own run only."""
    return {source: notices_import(source=source).outcome for source in sorted(ADAPTERS)}
