"""Writes that span several models: loading the Gwangju records."""

import json
from collections import Counter
from datetime import date, datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from core.publishing import Status
from core.revisions import propose, to_json
from core.slugs import unique_slug
from partners.models import Agreement, Partner

from .models import Audience, Category, Event, Program
from .rounds import family_rounds, usual_opening

GWANGJU_DATA = Path(__file__).resolve().parent / "data" / "gwangju.json"

DATE_FIELDS = {"signed_on", "program_starts_on", "program_ends_on"}
DATETIME_FIELDS = {"starts_at", "ends_at", "published_at"}


def _parse(field, value):
    if field in DATE_FIELDS:
        return date.fromisoformat(value)
    if field in DATETIME_FIELDS:
        return datetime.fromisoformat(value)
    return value


def _sync(model, slug, values, relations, counter):
    """Create or update one record by slug, saving only when something differs."""
    record = model.objects.filter(slug=slug).first()
    created = record is None
    if created:
        record = model(slug=slug)
    changed = created
    for field, value in values.items():
        if getattr(record, field, None) != value:
            setattr(record, field, value)
            changed = True
    if changed:
        record.full_clean()
        record.save()
    for field, related in relations.items():
        manager = getattr(record, field)
        if set(manager.values_list("pk", flat=True)) != {item.pk for item in related}:
            manager.set(related)
            changed = True
    counter["created" if created else "updated" if changed else "unchanged"] += 1
    return record


def gwangju_records_load(*, path=GWANGJU_DATA):
    """Load the real Gwangju records idempotently; returns counts of created, updated and unchanged."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    published = {"status": Status.PUBLISHED, "published_at": _parse("published_at", data["published_at"])}
    counter = Counter()

    def fields(row, skip):
        values = {key: _parse(key, value) for key, value in row.items() if key not in skip}
        # The untranslated column mirrors the default (Korean) language.
        for key in list(values):
            if key.endswith("_ko"):
                values[key[:-3]] = values[key]
        return {**values, **published}

    with transaction.atomic():
        partners = {
            row["slug"]: _sync(Partner, row["slug"], fields(row, {"slug"}), {}, counter) for row in data["partners"]
        }
        for row in data["agreements"]:
            relations = {"parties": [partners[slug] for slug in row["parties"]]}
            _sync(Agreement, row["slug"], fields(row, {"slug", "parties"}), relations, counter)
        for row in data["programs"]:
            values = fields(row, {"slug", "category", "organizer", "audiences"})
            values["category"] = Category.objects.get(slug=row["category"])
            values["organizer"] = partners[row["organizer"]]
            relations = {"audiences": list(Audience.objects.filter(slug__in=row["audiences"]))}
            _sync(Program, row["slug"], values, relations, counter)
        for row in data["events"]:
            values = fields(row, {"slug", "category", "organizer"})
            values["category"] = Category.objects.get(slug=row["category"])
            values["organizer"] = partners[row["organizer"]]
            _sync(Event, row["slug"], values, {}, counter)
    return counter


@transaction.atomic
def program_next_round(*, program):
    """A new draft of the program's next round, linked to this round: its text and audiences, no dates, and the month
    it is expected to open from the family's history, so that it can be published as an announced round."""
    co_organizers, audiences = list(program.co_organizers.all()), list(program.audiences.all())
    technologies = list(program.technologies.all())
    draft = Program.objects.get(pk=program.pk)
    draft.pk = draft.id = None
    draft._state.adding = True
    draft.previous_round = program
    draft.status, draft.published_at, draft.featured = Status.DRAFT, None, False
    draft.application_opens_at = draft.application_closes_at = None
    draft.program_starts_on = draft.program_ends_on = None
    draft.rolling = False  # a forecast, not a rolling program (shared/DECISIONS.md)
    draft.schedule = draft.schedule_ko = draft.schedule_en = ""  # this round's dates are not the next one's
    draft.expected_opening = expected_next_opening(program)
    draft.slug = unique_slug(Program, f"{program.slug[:100]}-next", Program._meta.get_field("slug").max_length)
    draft.save()
    draft.co_organizers.set(co_organizers)
    draft.audiences.set(audiences)
    draft.technologies.set(technologies)
    return draft


def expected_next_opening(program):
    """The first day of the month the next round should open: the family's usual month (or this round's own
    month), in the first year after this round's opening that is not already past. None when nothing says."""
    rounds = list(family_rounds(program))
    usual = usual_opening(rounds)
    opened = program.application_opens_at and timezone.localtime(program.application_opens_at)
    if usual is not None and not usual.varies:
        month = usual.first_month
    elif usual is None and opened:
        month = opened.month
    else:
        return None
    today = timezone.localdate()
    year = (opened.year if opened else today.year) + 1
    while date(year, month, 1) < today.replace(day=1):
        year += 1
    return date(year, month, 1)


def closing_dates_extend(*, programs, closes_at, editor, may_publish):
    """Move the closing date of several programs to `closes_at`, each with a line in its history. A live program of
    an editor who may not publish gets a pending revision instead, for a city editor to approve with the others
    (shared/DECISIONS.md). Returns (changed, proposed)."""
    changed = proposed = 0
    reason = gettext("Closing date extended with others by %(editor)s") % {"editor": editor}
    with transaction.atomic():
        for program in programs:
            if program.status == Status.PUBLISHED and not may_publish:
                covered = {"application_closes_at"}
                propose(record=program, author=editor, changes={"application_closes_at": to_json(closes_at)},
                        covered=covered)  # fmt: skip
                proposed += 1
                continue
            program.application_closes_at = closes_at
            program._change_reason = reason[:100]
            withdrawn = not may_publish and program.withdraw_from_review()
            fields = ["application_closes_at", "updated_at", *(["status", "published_at"] if withdrawn else [])]
            program.save(update_fields=fields)
            changed += 1
    return changed, proposed
