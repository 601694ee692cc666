"""Changes to live records proposed through a form, shown as a field diff (old -> new) and applied on approval.

Values are kept as JSON: a foreign key as its id, a many-to-many relation as a sorted list of ids, a file as its
stored name, a time in UTC ISO 8601, anything else as its plain value.
"""

import hashlib
import json
import posixpath
import uuid
from datetime import UTC, date, datetime

from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import storages
from django.core.files.uploadedfile import UploadedFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.utils import formats, timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from .models import Revision

# Under this key, Revision.changes holds what the inlines would change: {relation name: {"add": [...], "change":
# [...], "delete": [...]}} (a program's attachments); the record's model applies them (apply_related_changes).
RELATED = "_related"


def to_json(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet | list | tuple | set):
        return sorted(to_json(item) for item in value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = value.astimezone(UTC)
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def live_initial(form, live):
    """What the form would show for the live record, the way Django computes a bound field's initial value."""
    initial = model_to_dict(live, fields=list(form.fields))
    for name, value in initial.items():
        if isinstance(value, datetime) and not form.fields[name].widget.supports_microseconds:
            initial[name] = value.replace(microsecond=0)
    return initial


def normal_text(value):
    """Text as a reader compares it: a browser sends a text area's line breaks as CRLF, and spaces at the end of a
    line or of the text do not show."""
    if not isinstance(value, str):
        return value
    return "\n".join(line.rstrip() for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n")).strip()


def same_value(old, new):
    return normal_text(old) == normal_text(new) or (old in (None, "") and new in (None, ""))


def form_changes(form, live):
    """{field name: proposed JSON value} for each model field of a valid form that differs from the live record
    (text compared as a reader would: identical old and new text is no change)."""
    initial = live_initial(form, live)
    changes = {}
    for name, field in form.fields.items():
        if name not in initial or field.disabled:
            continue
        if not field.has_changed(initial[name], form[name].data):
            continue
        value = form.cleaned_data.get(name)
        if isinstance(value, UploadedFile):
            value = proposal_store(value)
        elif value is False:  # a cleared file
            value = ""
        value = to_json(value)
        if same_value(to_json(initial[name]), value):
            continue
        changes[name] = value
    return changes


def record_changes(live, changed, import_fields):
    """{field name: proposed JSON value} for the imported model fields where `changed` differs from `live`."""
    changes = {}
    for field in import_fields:
        name = field.attribute.split("__")[0] if field.attribute else None
        if not name:
            continue
        model_field = live._meta.get_field(name)
        if model_field.many_to_many:
            continue  # read from the row with the relations
        old, new = model_field.value_from_object(live), model_field.value_from_object(changed)
        if isinstance(old, datetime) and isinstance(new, datetime) and new.microsecond == 0:
            old = old.replace(microsecond=0)  # files carry whole seconds
        if to_json(old) != to_json(new):
            changes[name] = to_json(new)
    return changes


# Proposed files ------------------------------------------------------------------------------------------------
# A file in a proposal waits in the private storage under a random folder, reachable by no address, until a city
# editor approves it: then it moves to its field's storage under the name it would have had. Returned or replaced, it
# is deleted. (Before, a proposed logo was public at once under the uploader's file name, and stayed if returned.)

PROPOSED = "proposed/"


def proposal_store(upload):
    """Keep an uploaded file of a proposal privately; returns the name the revision keeps."""
    name = get_valid_filename(posixpath.basename(upload.name)) or "file"
    return storages["private"].save(f"{PROPOSED}{uuid.uuid4().hex}/{name}", upload)


def proposal_publish(field, record, name):
    """The public name of a proposed file once approved (moved into `field`'s storage); other names as they are."""
    if not isinstance(name, str) or not name.startswith(PROPOSED):
        return name
    private = storages["private"]
    with private.open(name) as proposed:
        public = field.storage.save(field.generate_filename(record, posixpath.basename(name)), File(proposed))
    private.delete(name)
    return public


def proposed_files(changes):
    """The private names of every file a revision's changes hold, the inlines' too."""
    values = [value for name, value in changes.items() if name != RELATED]
    for operations in changes.get(RELATED, {}).values():
        values += [item.get("file") for key in ("add", "change") for item in operations.get(key, [])]
    return {value for value in values if isinstance(value, str) and value.startswith(PROPOSED)}


def proposals_discard(names):
    private = storages["private"]
    for name in names:
        private.delete(name)


def propose(*, record, author, changes, covered, related=None):
    """Keep the changes as the record's one pending revision. A pending revision is updated: the fields this edit
    covered take their new state (changed, or back to the live value), the others keep what was proposed before.
    Returns None when nothing is proposed any more."""
    revision = Revision.objects.pending().of(record).first()
    before = set()
    if revision is not None:
        before = proposed_files(revision.changes)
        kept = {name: value for name, value in revision.changes.items() if name not in covered and name != RELATED}
        related = merge_related_operations(revision.changes.get(RELATED), related)
        changes = {**kept, **changes}
    if related:
        changes[RELATED] = related
    transaction.on_commit(lambda: proposals_discard(before - proposed_files(changes)))  # files no longer proposed
    if not changes:
        if revision is not None:
            revision.delete()
        return None
    if revision is None:
        revision = Revision(content_type=ContentType.objects.get_for_model(record), object_id=record.pk)
    revision.author, revision.title, revision.changes = author, str(record)[:300], changes
    revision.save()
    return revision


def form_covers(form, record):
    """The fields an edit through this form states: all it shows, except files left empty (a file input cannot show
    a proposed file, so leaving it empty keeps the one proposed before)."""
    files = {field.name for field in record._meta.get_fields() if isinstance(field, models.FileField)}
    return {name for name in form.fields if name not in files or name in form.changed_data}


def merge_related_operations(old, new):
    """Each relation's operations of an earlier edit, then those of this one."""
    old, new = old or {}, new or {}
    merged = {}
    for relation in {*old, *new}:
        merged[relation] = {
            key: [*old.get(relation, {}).get(key, []), *new.get(relation, {}).get(key, [])]
            for key in ("add", "change", "delete")
            if old.get(relation, {}).get(key) or new.get(relation, {}).get(key)
        }
    return merged


def apply_changes(record, changes):
    """Set the proposed values on the record; returns the relation values to set once it is saved."""
    relations = {}
    for name, value in changes.items():
        if name == RELATED:
            continue
        field = record._meta.get_field(name)
        if field.many_to_many:
            relations[name] = value
        elif isinstance(field, models.FileField):
            setattr(record, field.attname, proposal_publish(field, record, value))
        elif field.is_relation:
            setattr(record, field.attname, value)
        else:
            setattr(record, field.attname, field.to_python(value))
    return relations


# The diff a reviewer reads -------------------------------------------------------------------------------------


def shown(field, value):
    """A stored value as a person reads it."""
    if value in (None, "", []):
        return "—"
    if field.many_to_many:
        return ", ".join(str(item) for item in field.related_model._default_manager.filter(pk__in=value))
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")
    python_value = field.to_python(value)
    if isinstance(python_value, datetime):
        return formats.date_format(timezone.localtime(python_value), "DATETIME_FORMAT")
    if isinstance(python_value, date):
        return formats.date_format(python_value, "DATE_FORMAT")
    return str(python_value)


def field_diff(record, changes):
    """[(label, old, new)] for each proposed change whose value differs from the record's, the inlines' last."""
    rows = []
    for name, value in changes.items():
        if name == RELATED:
            continue
        field = record._meta.get_field(name)
        old = to_json(field.value_from_object(record))
        if same_value(old, value):
            continue
        rows.append((str(field.verbose_name), shown(field, old), shown(field, value)))
    for relation, operations in changes.get(RELATED, {}).items():
        label = str(record._meta.get_field(relation).related_model._meta.verbose_name)
        for added in operations.get("add", []):
            rows.append((label, "—", added["title"]))
        for changed in operations.get("change", []):
            rows.append((label, changed["old_title"], changed["title"]))
        for removed in operations.get("delete", []):
            rows.append((label, removed["title"], _("removed")))
    return rows


NOT_COMPARED = {"id", "status", "published_at", "created_at", "updated_at", "search_version"}


def changed_since(record, moment):
    """[(label, then, now)] of the record's fields that changed since `moment` (its history, django-simple-history):
    what an editor did to a returned draft before submitting it again. Relations to many are not in the history."""
    then = record.history.filter(history_date__lte=moment).order_by("-history_date").first()
    if then is None:
        return []
    names = {field.name for field in record._meta.concrete_fields}
    rows = []
    for field in record._meta.concrete_fields:
        if field.name in NOT_COMPARED or field.name.startswith("search_") or not field.editable:
            continue
        if f"{field.name}_ko" in names:  # a translated field's own column: its languages' columns are compared
            continue
        old, new = to_json(getattr(then, field.attname)), to_json(field.value_from_object(record))
        if same_value(old, new):
            continue
        old_text, new_text = shown(field, old), shown(field, new)
        if old_text != new_text:  # a time saved again without its microseconds reads the same
            rows.append((str(field.verbose_name), old_text, new_text))
    return rows


def diff_fingerprint(revision, diff):
    """What a reviewer was shown, in 32 hex digits: the proposed values and the diff against the live record. The
    review form carries it; an approval whose revision or live record has changed since is refused."""
    shown_ = json.dumps([revision.pk, revision.changes, [list(row) for row in diff]], sort_keys=True, default=str)
    return hashlib.sha256(shown_.encode()).hexdigest()[:32]


def revisions_shown(revisions):
    """[(revision, its diff, the diff's fingerprint)]: what a review page shows and what its approval checks."""
    shown = [(revision, field_diff(revision.record, revision.changes)) for revision in revisions]
    return [(revision, diff, diff_fingerprint(revision, diff)) for revision, diff in shown]


def revision_fingerprint(revision):
    return diff_fingerprint(revision, field_diff(revision.record, revision.changes))
