"""Once the two curation groups with their permissions; they are now brought in line after every migrate by
core.roles.roles_sync (post_migrate), so this step does nothing any more and imports no project code."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("partners", "0002_historicalagreement_historicalpartner"),
        ("programs", "0005_curation"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
