"""Writes that span several models, as keyword-only functions named <entity>_<action>."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Revision
from .revisions import RELATED, apply_changes


@transaction.atomic
def revision_approve(*, revision, reviewer):
    """Make the proposed changes live as the reviewer's save (history records them), then close the revision."""
    record = revision.record
    relations = apply_changes(record, revision.changes)
    record._history_user = reviewer
    record._change_reason = _("Approved changes proposed by %(author)s") % {"author": revision.author}
    record.save()
    for name, ids in relations.items():
        getattr(record, name).set(ids)
    record.apply_related_changes(revision.changes.get(RELATED, {}))
    revision.state, revision.reviewer, revision.reviewed_at = Revision.State.APPROVED, reviewer, timezone.now()
    revision.save()
    return record
