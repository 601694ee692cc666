"""Applying's periodic jobs on the shared worker (core.schedule)."""

from datetime import timedelta

from django_tasks import task

from core.schedule import periodic

from .services import expired_applications_erase


@periodic(every=timedelta(days=1))
@task()
def expired_applications_erase_due():
    """Personal data are kept only as long as each round says (its retention after the result)."""
    return expired_applications_erase()
