"""Registration's periodic jobs on the shared worker (core.schedule)."""

from datetime import timedelta

from django_tasks import task

from core.schedule import periodic

from .services import offers_expire, personal_data_erase, reminders_send


@periodic(every=timedelta(minutes=5))
@task()
def offers_expire_due():
    """Offers not claimed in time pass to the next person waiting."""
    return offers_expire()


@periodic(every=timedelta(hours=1))
@task()
def reminders_send_due():
    return reminders_send()


@periodic(every=timedelta(days=1))
@task()
def personal_data_erase_due():
    return personal_data_erase()
