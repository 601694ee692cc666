"""Periodic jobs on the shared background worker (django-tasks with its database backend).

An app declares its periodic tasks in its `tasks.py` with `periodic(every)`; `manage.py run_schedule` enqueues the
ones that are due. A compare-and-set on ScheduledJob makes each due job enqueued once per interval, however many
schedulers run at once, and the enqueue commits in the same transaction, so a crash never loses or doubles one.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from .models import ScheduledJob

JOBS = {}


@dataclass(frozen=True)
class Job:
    name: str
    task: object  # a django-tasks Task
    every: timedelta


def periodic(every):
    """Decorator for a task: run it every `every` (at most once per interval, on whichever worker is free)."""

    def register(task):
        name = f"{task.func.__module__}.{task.func.__name__}"
        JOBS[name] = Job(name, task, every)
        return task

    return register


def jobs():
    autodiscover_modules("tasks")
    return sorted(JOBS.values(), key=lambda job: job.name)


def enqueue_due(now=None):
    """Enqueue every job whose interval has passed since it was last enqueued; returns their names."""
    now = now or timezone.now()
    enqueued = []
    for job in jobs():
        row = ScheduledJob.objects.get_or_create(name=job.name)[0]  # safe against a racing scheduler
        if row.last_enqueued_at and now - row.last_enqueued_at < job.every:
            continue
        with transaction.atomic():
            claimed = ScheduledJob.objects.filter(pk=row.pk, last_enqueued_at=row.last_enqueued_at).update(
                last_enqueued_at=now
            )
            if claimed:  # no other scheduler took it since we read the row
                job.task.enqueue()
                enqueued.append(job.name)
    return enqueued
