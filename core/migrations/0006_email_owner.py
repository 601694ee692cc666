from django.db import migrations, models

# Which app wrote a row, read from its key as each app spells them (a literal copy: migrations import no app).
OWNERS = [("registration:", "registrations"), ("suggestion:", "programs")]
ALERTS = "alerts"  # digests, confirmations, follows' reminders and changes


def owners_fill(apps, schema_editor):
    EmailDelivery = apps.get_model("core", "EmailDelivery")
    rows = EmailDelivery.objects.using(schema_editor.connection.alias)
    for prefix, owner in OWNERS:
        rows.filter(owner="", key__startswith=prefix).update(owner=owner)
    rows.filter(owner="").update(owner=ALERTS)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_email_attachments"),
    ]

    operations = [
        migrations.AddField(
            model_name="emaildelivery",
            name="owner",
            field=models.CharField(db_index=True, default="", max_length=40, verbose_name="written by"),
            preserve_default=False,
        ),
        migrations.RunPython(owners_fill, migrations.RunPython.noop),
    ]
