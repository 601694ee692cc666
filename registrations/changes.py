"""Registrants hear when their event's time or place changes: one message to everyone with a place, once per change,
whichever path saved the event (the admin's form, a revert from its history, an import). It waits ANNOUNCE_AFTER, so
that an editor's quick second correction goes out in the same message, and keeps quiet hours as reminders do."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from core.mail import after_quiet_hours
from programs.models import Event

from .messages import notify
from .models import Registration, told_details

ANNOUNCE_AFTER = timedelta(minutes=10)


def _untold(event):
    """Registrations with a place that were last told another time or place than the event's."""
    return event.registrations.active().exclude(details_told=told_details(event))


def changes_schedule(event):
    """After an event's save: the notice is scheduled when someone with a place was told other details."""
    if event.ends_at > timezone.now() and _untold(event).exists():
        changes_announce.using(run_after=timezone.now() + ANNOUNCE_AFTER).enqueue(event.pk)


@task()
def changes_announce(event_id):
    """Tell each registrant with a place the event's time and place as they are now; returns how many were told."""
    now = timezone.now()
    event = Event.objects.select_related("organizer").filter(pk=event_id).first()
    if event is None or event.ends_at < now:
        return 0
    details, told = told_details(event), 0
    for registration in _untold(event):
        registration.event = event
        with transaction.atomic():
            if (
                Registration.objects.filter(pk=registration.pk)
                .exclude(details_told=details)
                .update(details_told=details)
            ):
                # a change back to earlier details is news again: the key holds the moment, not only the details
                key_suffix = f"{details}:{int(now.timestamp())}"
                notify(registration, "changed", key_suffix, not_before=after_quiet_hours(now))
                told += 1
    return told
