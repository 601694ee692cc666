"""Reminders remember the event's start they were sent for (instead of a yes/no), so that a moved event is reminded
again; a reminder already sent counts as sent for the event's present start. The old fields go in 0003: PostgreSQL
cannot alter a table in the transaction that updated its rows (pending foreign-key trigger events)."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def sent_flags_to_starts(apps, schema_editor):
    alias = schema_editor.connection.alias
    registrations = apps.get_model("registrations", "Registration").objects.using(alias)
    events = apps.get_model("programs", "Event").objects.using(alias)
    starts_at = Subquery(events.filter(pk=OuterRef("event_id")).values("starts_at")[:1])
    registrations.filter(week_reminder_sent=True).update(week_reminder_for=starts_at)
    registrations.filter(day_reminder_sent=True).update(day_reminder_for=starts_at)


def starts_to_sent_flags(apps, schema_editor):
    registrations = apps.get_model("registrations", "Registration").objects.using(schema_editor.connection.alias)
    registrations.filter(week_reminder_for__isnull=False).update(week_reminder_sent=True)
    registrations.filter(day_reminder_for__isnull=False).update(day_reminder_sent=True)


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="week_reminder_for",
            field=models.DateTimeField(blank=True, null=True, verbose_name="7-day reminder sent for the start at"),
        ),
        migrations.AddField(
            model_name="registration",
            name="day_reminder_for",
            field=models.DateTimeField(blank=True, null=True, verbose_name="1-day reminder sent for the start at"),
        ),
        migrations.RunPython(sent_flags_to_starts, starts_to_sent_flags),
    ]
