"""Each registration remembers the event's time and place it was last told, so that a change is announced; those
registered before count as told the event's present time and place."""

import hashlib
from datetime import datetime

from django.db import migrations, models

# registrations.models.told_details as it is at this migration (a migration never imports project code).
TOLD_FIELDS = (
    "starts_at", "ends_at", "venue_name_ko", "venue_name_en", "venue_address_ko", "venue_address_en", "online_url"
)  # fmt: skip


def told_details(event):
    values = [getattr(event, name) for name in TOLD_FIELDS]
    text = "\n".join(str(value.timestamp()) if isinstance(value, datetime) else value or "" for value in values)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def told_the_present_details(apps, schema_editor):
    alias = schema_editor.connection.alias
    registrations = apps.get_model("registrations", "Registration").objects.using(alias)
    events = apps.get_model("programs", "Event").objects.using(alias)
    for event in events.filter(pk__in=registrations.values("event_id")):
        registrations.filter(event_id=event.pk).update(details_told=told_details(event))


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0003_remove_reminder_flags"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="details_told",
            field=models.CharField(blank=True, editable=False, max_length=32, verbose_name="time and place last told"),
        ),
        migrations.RunPython(told_the_present_details, migrations.RunPython.noop),
    ]
