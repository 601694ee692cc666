from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.roles import CITY_EDITORS, PARTNER_EDITORS


class ApplicationsConfig(AppConfig):
    """Applying on the portal: a program round's own form, drafts resumed by a signed link, checked private uploads,
    receipts with a hash, each institute's inbox, and the evaluation that follows."""

    name = "applications"
    verbose_name = _("Applications")

    # Both roles build the forms and rubrics, read the applications and keep the reviewers of their institutes'
    # programs (institute_path).
    role_permissions = {
        CITY_EDITORS: [
            ("applications", "applicationform", ["view", "add", "change"]),
            ("applications", "question", ["view", "add", "change", "delete"]),
            ("applications", "application", ["view", "change"]),
            ("applications", "applicationfile", ["view", "change"]),
            ("applications", "rubric", ["view", "add", "change"]),
            ("applications", "criterion", ["view", "add", "change", "delete"]),
            ("applications", "reviewer", ["view", "add", "change"]),
            ("applications", "appeal", ["view", "change"]),
            ("applications", "assignment", ["view", "add", "change", "delete"]),
        ],
        PARTNER_EDITORS: [
            ("applications", "applicationform", ["view", "add", "change"]),
            ("applications", "question", ["view", "add", "change", "delete"]),
            ("applications", "application", ["view", "change"]),
            ("applications", "applicationfile", ["view", "change"]),
            ("applications", "rubric", ["view", "add", "change"]),
            ("applications", "criterion", ["view", "add", "change", "delete"]),
            ("applications", "reviewer", ["view", "add", "change"]),
            ("applications", "appeal", ["view", "change"]),
            ("applications", "assignment", ["view", "add", "change", "delete"]),
        ],
    }

    def ready(self):
        from core.extensions import PageAction, page_action_register
        from core.holders import holder_register

        from .holders import HOLDER
        from .pages import apply_label, apply_link

        holder_register(HOLDER)
        page_action_register("program", PageAction(apply_label, apply_link, primary=True))
