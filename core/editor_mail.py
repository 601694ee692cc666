"""Email between editors, through the outbox (core.mail), in each editor's language, keeping quiet hours (shared/
DECISIONS.md: the staff loop's notices are not transactional).

- A partner editor hears when their draft or proposed changes are returned (with the reason), approved, or their
  draft is published: one message per event, keyed on it, so a retry sends nothing twice.
- City editors get a summary of what was submitted (drafts and proposed changes to live records), at most one an hour
  (`review_summaries_send`, a periodic job), each covering what came in since their last one.

Each editor turns these off, or chooses the language, on their own settings page (EditorSettings).
"""

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .mail import after_quiet_hours, queue_email
from .models import EditorSettings, Revision
from .publishing import Publishable, Status
from .roles import CITY_EDITORS
from .site import absolute_url

OWNER = "core"


def editor_email(user, key, template, context, chosen=None):
    """Queue `template` (core/email/<template>.txt and _subject.txt) for one editor, unless they turned these off.
    `chosen`: their EditorSettings, when already read."""
    if user is None or not user.is_active or not user.email:
        return None
    chosen = chosen or EditorSettings.of(user)
    if not chosen.emails:
        return None
    with translation.override(chosen.language):
        settings_link = absolute_url(reverse("admin:editor_settings"))
        context = {**context, "editor": user, "site_url": settings.SITE_URL, "settings_link": settings_link}
        subject = render_to_string(f"core/email/{template}_subject.txt", context).strip()
        text = render_to_string(f"core/email/{template}.txt", context)
        # Queued in the editor's language too: the sender's name is written in it (core.mail.sender).
        return queue_email(user.email, key, subject, text, not_before=after_quiet_hours(timezone.now()), owner=OWNER)[0]


def submitter_of(record):
    """Who sent a draft for review: the author of the save that took it into review the last time (its history),
    not whoever saved it while it waited there (a city editor returning it saves the form first)."""
    entries = record.history.order_by("-history_date", "-history_id").values_list("status", "history_user_id")
    submitter_id, in_review = None, False
    for status, user_id in entries[:200]:
        if status == Status.REVIEW:
            in_review, submitter_id = True, user_id
        elif in_review:
            break
    return get_user_model().objects.filter(pk=submitter_id).first() if submitter_id else None


def record_link(record):
    opts = record._meta
    return absolute_url(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk]))


def draft_returned(record, revision):
    """A draft went back to its editor with the reviewer's reason (core.services.record_request_changes)."""
    context = {"record": record, "reason": revision.reason, "link": record_link(record), "kind": "draft"}
    return editor_email(submitter_of(record), f"editor:returned:{revision.pk}", "returned", context)


def changes_returned(revision):
    record = revision.record
    context = {"record": record, "reason": revision.reason, "link": record_link(record), "kind": "changes"}
    return editor_email(revision.author, f"editor:returned:{revision.pk}", "returned", context)


def changes_approved(revision):
    record = revision.record
    context = {"record": record, "link": absolute_url(record.get_absolute_url()), "kind": "changes"}
    return editor_email(revision.author, f"editor:approved:{revision.pk}", "approved", context)


def draft_published(record):
    """A submitted draft was published by a city editor: its editor hears it went live."""
    context = {"record": record, "link": absolute_url(record.get_absolute_url()), "kind": "draft"}
    key = f"editor:published:{record._meta.label_lower}:{record.pk}:{record.published_at:%Y%m%d%H%M%S}"
    return editor_email(submitter_of(record), key, "approved", context)


def submitted_since(since, until):
    """(drafts in review, pending proposals) that arrived in (since, until]."""
    window = {"updated_at__lte": until} | ({"updated_at__gt": since} if since else {})
    publishable = [model for model in apps.get_models() if issubclass(model, Publishable) and not model._meta.proxy]
    drafts = [record for model in publishable for record in model.objects.filter(status=Status.REVIEW, **window)]
    proposals = list(Revision.objects.pending().filter(**window).select_related("author", "content_type"))
    return drafts, proposals


def review_summaries_send(now=None):
    """One summary per city editor who wants it, of what was submitted since their last; nothing when nothing came."""
    now = now or timezone.now()
    editors = get_user_model().objects.filter(is_active=True, groups__name=CITY_EDITORS).exclude(email="")
    sent = 0
    for editor in editors.distinct():
        chosen = EditorSettings.of(editor)
        drafts, proposals = submitted_since(chosen.summary_sent_until, now)
        if chosen.emails and (drafts or proposals):
            context = {
                "drafts": [(record, record_link(record)) for record in drafts],
                "proposals": [(revision, absolute_url(revision.record_admin_url)) for revision in proposals],
                "review_link": absolute_url(reverse("admin:needs_review")),
                "count": len(drafts) + len(proposals),
            }
            if editor_email(editor, f"editor:summary:{editor.pk}:{now:%Y%m%d%H%M}", "summary", context, chosen):
                sent += 1
        EditorSettings.objects.filter(pk=chosen.pk).update(summary_sent_until=now)
    return sent
