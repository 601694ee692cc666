"""The two curation roles as groups with their permissions (core/roles.py)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from core.roles import ROLE_PERMISSIONS, roles_create


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations; these groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    roles_create(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("partners", "0002_historicalagreement_historicalpartner"),
        ("programs", "0005_curation"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
