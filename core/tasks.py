"""The core's background jobs; `manage.py run_schedule` enqueues the periodic ones (core.schedule)."""

from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task

from . import editor_mail
from .holders import addresses_forget
from .links import addresses_to_check, links_check
from .mail import deliveries_resume
from .schedule import periodic

# Each run checks at most this many addresses, so the shared worker is never held up for long; every address is
# still checked about once a week (core.links.RECHECK_AFTER).
LINK_CHECKS_PER_RUN = 200


@periodic(every=timedelta(hours=1))
@task()
def links_check_due():
    """Check the addresses records link to that were not checked this week (off unless settings allow it)."""
    if not settings.LINK_CHECKS_ENABLED:
        return 0
    return links_check(addresses_to_check(timezone.now())[:LINK_CHECKS_PER_RUN])


@periodic(every=timedelta(hours=1))
@task()
def review_summaries_send():
    """City editors' summary of what was submitted for review: at most one an hour (core.editor_mail)."""
    return editor_mail.review_summaries_send()


@periodic(every=timedelta(minutes=5))
@task()
def email_deliveries_resume():
    return deliveries_resume()


@periodic(every=timedelta(days=1))
@task()
def outbox_addresses_forget():
    """The delivery log's lines of addresses that no app has held for 30 days (core.holders)."""
    return addresses_forget()


@periodic(every=timedelta(days=1))
@task()
def task_results_prune():
    """Finished background tasks are kept 14 days for the record, then removed."""
    call_command("prune_db_task_results", min_age_days=14, failed_min_age_days=30, verbosity=0)
