from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0002_reminders_per_start"),
    ]

    operations = [
        migrations.RemoveField(model_name="registration", name="week_reminder_sent"),
        migrations.RemoveField(model_name="registration", name="day_reminder_sent"),
    ]
