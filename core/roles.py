"""Who may curate what: the city's editors see everything; a partner editor only their own institutes' records.

The groups and their permissions are made by the migration partners/0003_roles; the row-level rules are here and
in the admin (gwangju_portal/admin.py).
"""

CITY_EDITORS = "City editors"
PARTNER_EDITORS = "Partner editors"

# (app label, model, actions) for each group. Publishing is a permission of its own.
ROLE_PERMISSIONS = {
    CITY_EDITORS: [
        ("partners", "partner", ["view", "add", "change", "delete"]),
        ("partners", "agreement", ["view", "add", "change", "delete"]),
        ("programs", "program", ["view", "add", "change", "delete", "publish"]),
        ("programs", "event", ["view", "add", "change", "delete", "publish"]),
        ("programs", "attachment", ["view", "add", "change", "delete"]),
        ("programs", "suggestion", ["view", "change", "delete"]),
        ("programs", "category", ["view", "add", "change"]),
        ("programs", "audience", ["view", "add", "change"]),
        ("auth", "user", ["view", "add", "change"]),
    ],
    # Partner editors do not delete: deleting archives published records, and archiving is the city's.
    PARTNER_EDITORS: [
        ("partners", "partner", ["view", "change"]),
        ("programs", "program", ["view", "add", "change"]),
        ("programs", "event", ["view", "add", "change"]),
        ("programs", "attachment", ["view", "add", "change", "delete"]),
        ("programs", "category", ["view"]),
        ("programs", "audience", ["view"]),
    ],
}


def roles_create(group_model, permission_model):
    """Make (or refresh) both groups with their permissions; the migration passes its historical models."""
    for name, grants in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=name)
        group.permissions.set(
            [
                permission_model.objects.get(content_type__app_label=app, codename=f"{action}_{model}")
                for app, model, actions in grants
                for action in actions
            ]
        )


def is_city_editor(user):
    """Superusers and the city's editors curate every record."""
    if not hasattr(user, "_is_city_editor"):
        user._is_city_editor = user.is_active and (user.is_superuser or user.groups.filter(name=CITY_EDITORS).exists())
    return user._is_city_editor


def partner_ids(user):
    """The institutes a partner editor edits for."""
    if not hasattr(user, "_partner_ids"):
        user._partner_ids = set(user.edited_partners.values_list("id", flat=True))
    return user._partner_ids


def can_publish(user, opts):
    """Publishing is the city's: its editors, or whoever holds the model's publish permission."""
    return is_city_editor(user) or user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")
