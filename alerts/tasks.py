"""The alerts' periodic jobs on the shared worker (core.schedule)."""

from datetime import timedelta

from django_tasks import task

from core.schedule import periodic

from .sending import alerts_send
from .services import alerts_clean_up


@periodic(every=timedelta(minutes=5))
@task()
def alerts_send_due():
    """Digests due now: "as soon as published" within 5 minutes, daily and weekly at 08:00 Korea time."""
    return alerts_send()


@periodic(every=timedelta(hours=6))
@task()
def alerts_clean_up_due():
    return alerts_clean_up()
