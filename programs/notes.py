"""The short note a suggestion's sender gets when an editor accepts or declines it, through the shared worker
(core.mail). The sender's language is not kept, so the note is in Korean, then English."""

from django.db import transaction
from django.template.loader import render_to_string

from core.languages import in_each_language
from core.mail import queue_email

# This app's name on its rows of the outbox (core.holders): it erases only those.
OWNER = "programs"


def suggestion_note_queue(suggestion):
    context = {"suggestion": suggestion}
    parts = in_each_language(lambda: render_to_string("programs/email/suggestion_note.txt", context)).values()
    subjects = in_each_language(lambda: render_to_string("programs/email/suggestion_note_subject.txt", context))
    subject = " / ".join(subject.strip() for subject in subjects.values())
    transaction.on_commit(
        lambda: queue_email(
            suggestion.contact_email,
            f"suggestion:{suggestion.pk}:{suggestion.state}",
            subject,
            "\n\n".join(parts),
            owner=OWNER,
        )
    )
