"""The short note a suggestion's sender gets when an editor accepts or declines it, through the shared worker
(core.mail). The sender's language is not kept, so the note is in Korean, then English."""

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from core.mail import queue_email

# This app's name on its rows of the outbox (core.holders): it erases only those.
OWNER = "programs"


def suggestion_note_queue(suggestion):
    parts, subjects = [], []
    for language in ("ko", "en"):
        with translation.override(language):
            parts.append(render_to_string("programs/email/suggestion_note.txt", {"suggestion": suggestion}))
            subjects.append(render_to_string("programs/email/suggestion_note_subject.txt", {"suggestion": suggestion}))
    subject = " / ".join(subject.strip() for subject in subjects)
    transaction.on_commit(
        lambda: queue_email(
            suggestion.contact_email,
            f"suggestion:{suggestion.pk}:{suggestion.state}",
            subject,
            "\n\n".join(parts),
            owner=OWNER,
        )
    )
