"""Writes that span several models, as keyword-only functions named <entity>_<action>."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import editor_mail
from .models import Revision
from .publishing import Status
from .revisions import RELATED, apply_changes, proposals_discard, proposed_files


@transaction.atomic
def revision_approve(*, revision, reviewer):
    """Make the proposed changes live as the reviewer's save (history records them), then close the revision."""
    record = revision.record
    relations = apply_changes(record, revision.changes)
    # The proposed values pass the fields' own checks again (a revision kept from before a check was added).
    record.clean_fields(exclude=[field.name for field in record._meta.fields if field.name not in revision.changes])
    record._history_user = reviewer
    record._change_reason = _("Approved changes proposed by %(author)s") % {"author": revision.author}
    if record.status == Status.PUBLISHED and (problems := record.publishing_problems()):
        raise ValidationError(problems)  # approving must not take a live record below the publishing contract
    record.save()
    for name, ids in relations.items():
        getattr(record, name).set(ids)
    record.apply_related_changes(revision.changes.get(RELATED, {}))
    revision.state, revision.reviewer, revision.reviewed_at = Revision.State.APPROVED, reviewer, timezone.now()
    revision.save()
    editor_mail.changes_approved(revision)  # queued in this transaction: no email for a rolled-back approval
    return record


@transaction.atomic
def record_request_changes(*, record, reviewer, reason):
    """A submitted record goes back to its editor as a draft, with the reviewer's reason (kept as a returned
    revision, which the editor sees above the record's form). Returns whether it was in review."""
    if record.status != Status.REVIEW:
        return False
    record.unpublish()  # back to a draft
    returned = Revision.objects.create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        title=str(record)[:300],
        changes={},
        state=Revision.State.REJECTED,
        reason=reason,
        reviewer=reviewer,
        reviewed_at=timezone.now(),
    )
    editor_mail.draft_returned(record, returned)
    return True


def revision_return(*, revision, reviewer, reason):
    """Return proposed changes to their editor with a reason; the files they proposed are deleted."""
    files = proposed_files(revision.changes)
    revision.reject(reviewer=reviewer, reason=reason)
    transaction.on_commit(lambda: proposals_discard(files))
    editor_mail.changes_returned(revision)
