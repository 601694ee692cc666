"""Who may curate what: the city's editors see everything; a partner editor only their own institutes' records.

Each app says in its AppConfig what each group may do with its models (`role_permissions`); the groups are brought in
line after every migrate (`roles_sync`, on post_migrate, as django.contrib.auth creates permissions). The row-level
rule itself is on the querysets (core.publishing).
"""

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth.management import create_permissions

CITY_EDITORS = "City editors"
PARTNER_EDITORS = "Partner editors"
ROLES = (CITY_EDITORS, PARTNER_EDITORS)


def role_permissions():
    """{group: [(app label, model, actions)]}, gathered from every app's `role_permissions`."""
    grants = {role: [] for role in ROLES}
    for app_config in global_apps.get_app_configs():
        for role, entries in getattr(app_config, "role_permissions", {}).items():
            grants[role] += entries
    return grants


def roles_create(group_model, permission_model):
    """Make (or refresh) both groups with exactly the permissions the apps grant them."""
    for name, grants in role_permissions().items():
        group, _ = group_model.objects.get_or_create(name=name)
        group.permissions.set(
            [
                permission_model.objects.get(content_type__app_label=app, codename=f"{action}_{model}")
                for app, model, actions in grants
                for action in actions
            ]
        )


def roles_sync(sender, using="default", **kwargs):
    """post_migrate: once the last app has migrated, every permission exists and the groups can be brought in line."""
    if sender.name != list(global_apps.get_app_configs())[-1].name:
        return
    from django.contrib.auth.models import Group, Permission

    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    roles_create(Group, Permission)


def is_city_editor(user):
    """Superusers and the city's editors curate every record."""
    if not hasattr(user, "_is_city_editor"):
        user._is_city_editor = user.is_active and (user.is_superuser or user.groups.filter(name=CITY_EDITORS).exists())
    return user._is_city_editor


def partner_ids(user):
    """The institutes a partner editor edits for: those of settings.INSTITUTE_MODEL listing them among its editors."""
    if not hasattr(user, "_partner_ids"):
        institutes = global_apps.get_model(settings.INSTITUTE_MODEL)._default_manager.filter(editors=user.pk)
        user._partner_ids = set(institutes.values_list("pk", flat=True))
    return user._partner_ids


def can_publish(user, opts):
    """Publishing is the city's: its editors, or whoever holds the model's publish permission."""
    return is_city_editor(user) or user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")
