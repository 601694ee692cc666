"""One run of one source: read every notice through its adapter, keep those for Gwangju (광주 or 전국), make or update
one program per notice (found by the source's id first, then by its normalised title and closing day among the
catalogue's programs), keep what editors changed, and archive what the source withdrew. A source that fails fails
its run, never another's; a notice that fails is counted and logged, never the run."""

import logging
import re
from datetime import datetime, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Sum
from django.utils import timezone

from core.generation import one_generation_move
from core.publishing import Status
from partners.models import Partner
from programs.models import Category, Program, ProgramSource, imported_values_now

from . import bizinfo, kstartup
from .kstartup import Malformed
from .models import ImportRun
from .transport import SourceFailed, Transport

logger = logging.getLogger(__name__)

ADAPTERS = {
    kstartup.SOURCE: (kstartup.notices, "KSTARTUP_SERVICE_KEY"),
    bizinfo.SOURCE: (bizinfo.notices, "BIZINFO_API_KEY"),
}
CITY = "city-of-gwangju"  # imported notices belong to the city unless their agency is one of our institutes
HOW_TO_APPLY = {
    kstartup.SOURCE: "K-Startup(www.k-startup.go.kr) 공고의 안내에 따라 신청합니다.",
    bizinfo.SOURCE: "기업마당(www.bizinfo.go.kr) 공고의 안내에 따라 신청합니다.",
}
# The sources' fields of support, by words they contain, to ours (programs' categories).
FIELDS = (
    (("R&D", "기술"), "rnd"),
    (("멘토링", "컨설팅", "교육", "경영"), "mentoring"),
    (("시설", "공간", "보육"), "space"),
    (("융자", "금융", "자금", "투자"), "investment"),
    (("인력",), "talent"),
    (("행사", "네트워크"), "networking"),
    (("글로벌", "수출", "내수", "판로"), "market"),
)
DEFAULT_FIELD = "commercialization"
END_OF_DAY = time(23, 59)


def normalised(title):
    """A title without spaces, brackets' contents about the year or round, or punctuation: for matching."""
    title = re.sub(r"\([^)]*\)|\[[^\]]*\]|「|」|『|』", "", title)
    return re.sub(r"[\s\W_]+", "", title).lower()


def field_slug(text):
    for words, slug in FIELDS:
        if any(word in text for word in words):
            return slug
    return DEFAULT_FIELD


def moment(day, at):
    return timezone.make_aware(datetime.combine(day, at)) if day else None


def program_values(notice):
    """The program's fields as the notice gives them (what the source owns), in JSON's terms."""
    opens, closes = moment(notice.opens_on, time(0, 0)), moment(notice.closes_on, END_OF_DAY)
    undetermined = not closes and not notice.rolling
    return {
        "title_ko": notice.title[:200],
        "summary_ko": notice.summary.replace("\n", " ")[:300],
        "description_ko": notice.summary,
        "application_opens_at": opens.isoformat() if opens else None,
        "application_closes_at": closes.isoformat() if closes else None,
        "rolling": notice.rolling and not closes,
        "schedule_ko": f"일정 미정 ({notice.period_text})" if undetermined and notice.period_text else "",
        "apply_url": notice.apply_url[:200],
        "how_to_apply_ko": HOW_TO_APPLY[notice.source],
        "contact_ko": notice.contact[:200],
        "min_business_years": notice.min_business_years,
        "max_business_years": notice.max_business_years,
        "min_age": notice.min_age,
        "max_age": notice.max_age,
        "nationwide": notice.nationwide and not any("광주" in region for region in notice.regions),
        "category": field_slug(notice.field_text),
    }


def assign(program, values):
    categories = {category.slug: category for category in Category.objects.all()}
    for name, value in values.items():
        if name == "category":
            program.category = categories.get(value) or categories.get(DEFAULT_FIELD)
        elif name.startswith("application_") and value:
            setattr(program, name, datetime.fromisoformat(value))
        else:
            setattr(program, name, value)
    if "title_ko" in values:
        program.title = values["title_ko"]


def organizer_named(*names):
    """The first of our institutes with one of these Korean names, else the city."""
    for name in names:
        partner = Partner.objects.filter(name_ko=name).first() if name else None
        if partner:
            return partner
    return Partner.objects.get(slug=CITY)


def organizer_for(notice):
    """The institute that runs the notice when it is one of ours (by its Korean name), else the city."""
    return organizer_named(notice.executor, notice.organiser)


class Catalogue:
    """The catalogue's programs (drafts too, not the archived) by normalised title, with each one's closing day,
    organiser and the sources already linked: read once per run, so matching a notice is a look-up rather than a scan
    of the catalogue."""

    NEAR_DAYS = 7  # closing days this close, or one of them not set yet, may be the same notice: an editor decides

    def __init__(self):
        self._index = None
        self.linked = {}  # program -> the sources announcing it, kept up to date through the run

    def index(self):
        if self._index is None:
            for pk, source in ProgramSource.objects.filter(withdrawn_at__isnull=True).values_list("program", "source"):
                self.linked.setdefault(pk, set()).add(source)
            self._index = {}
            rows = Program.objects.exclude(status=Status.ARCHIVED).values_list(
                "pk", "title_ko", "application_closes_at", "organizer"
            )
            for pk, title, closes, organizer in rows.iterator():
                day = timezone.localtime(closes).date() if closes else None
                self._index.setdefault(normalised(title or ""), []).append((pk, day, organizer))
        return self._index

    def same_program(self, notice, values, organizer):
        """(program, match) for a notice the catalogue already holds (another source's, or an institute's own), or
        (None, None). Sure: the same normalised title, organiser and closing day, and only one such. Unsure, for a
        city editor to confirm or split: one program of that title closing the same day under another organiser, or
        closing within NEAR_DAYS, or with a closing day on one side only. A program the same source already announces
        is another notice's, never this one's."""
        closes = values["application_closes_at"]
        day = timezone.localtime(datetime.fromisoformat(closes)).date() if closes else None
        rows = self.index().get(normalised(notice.title), [])
        candidates = [row for row in rows if notice.source not in self.linked.get(row[0], ())]
        same_day = [row for row in candidates if day and row[1] == day]
        sure = [row for row in same_day if row[2] == organizer.pk]
        near = same_day or [row for row in candidates if self.near(day, row[1])]
        found, match = (sure, ProgramSource.Match.SURE) if len(sure) == 1 else (near, ProgramSource.Match.UNSURE)
        if len(found) != 1:
            return None, None
        self.linked.setdefault(found[0][0], set()).add(notice.source)
        return Program.objects.get(pk=found[0][0]), match

    def near(self, day, other):
        return day is None or other is None or abs((day - other).days) <= self.NEAR_DAYS


def link_for(notice, program, values, now, baseline=False, match=ProgramSource.Match.CREATED):
    return ProgramSource.objects.create(
        match=match,
        baseline=baseline,
        program=program,
        source=notice.source,
        source_id=notice.source_id,
        source_url=notice.source_url[:500],
        organiser_name=(notice.executor or notice.organiser)[:200],
        region=notice.region_label[:100],
        imported=values,
        checked_at=now,
    )


def program_create(organizer, values, now):
    """A program from a notice's values, through the publishing rules: published when complete, else a draft."""
    program = Program(organizer=organizer)
    assign(program, values)
    program.status = Status.DRAFT
    if not program.publishing_problems():
        program.status, program.published_at = Status.PUBLISHED, now
    program.save()
    return program


def notice_apply(notice, now, baseline=False, catalogue=None):
    """'created', 'updated', 'linked' or 'unchanged', for one notice; `baseline`: the source's first import, whose
    programs are not announced to alerts as new."""
    values = program_values(notice)
    link = ProgramSource.objects.select_related("program").filter(source=notice.source, source_id=notice.source_id)
    link = link.first()
    if link is None:
        organizer = organizer_for(notice)
        existing, match = (catalogue or Catalogue()).same_program(notice, values, organizer)
        if existing is not None:  # already in the catalogue: one program, both sources linked, its values kept
            link_for(notice, existing, values, now, baseline, match)
            return "linked"
        link_for(notice, program_create(organizer, values, now), values, now, baseline)
        return "created"
    program = link.program
    current = imported_values_now(program, values)
    changes = {}
    for name, value in values.items():
        edited = name in link.imported and current[name] != link.imported[name]
        if not edited and current[name] != value:  # an editor's own value stands; the source's others follow it
            changes[name] = value
    link.imported, link.checked_at, link.withdrawn_at = values, now, None
    link.source_url, link.region = notice.source_url[:500], notice.region_label[:100]
    link.save()
    if not changes:
        return "unchanged"
    assign(program, changes)
    program.save()
    return "updated"


def match_confirm(links):
    """A city editor confirms uncertain matches: the notices stay on their programs. Returns how many."""
    return links.filter(match=ProgramSource.Match.UNSURE).update(match=ProgramSource.Match.CONFIRMED)


def match_split(link, now=None):
    """A city editor splits an uncertain match: the notice becomes a program of its own, made from the values last
    imported, and the program it was matched to keeps everything it had. Returns the new program."""
    now = now or timezone.now()
    with transaction.atomic():
        program = program_create(organizer_named(link.organiser_name), link.imported, now)
        link.program, link.match = program, ProgramSource.Match.CONFIRMED
        link.save(update_fields=["program", "match"])
    return program


def withdrawn_archive(source, seen, now):
    """Notices the source no longer lists: the link is marked, and a published program no other source still lists
    is archived (never deleted). Returns how many programs were archived."""
    archived = 0
    for link in ProgramSource.objects.filter(source=source, withdrawn_at__isnull=True).exclude(source_id__in=seen):
        link.withdrawn_at = now
        link.save(update_fields=["withdrawn_at"])
        program = link.program
        still_listed = program.sources.filter(withdrawn_at__isnull=True).exists()
        if not still_listed and program.status == Status.PUBLISHED:
            program.status = Status.ARCHIVED
            program.save()
            archived += 1
    return archived


def calls_today(source, now):
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    runs = ImportRun.objects.filter(source=source, started_at__gte=start)
    return runs.aggregate(total=Sum("calls"))["total"] or 0


def notices_import(*, source, transport=None, now=None):
    """One run of `source`; returns its ImportRun. Without the source's key, the run is skipped with a log line."""
    now = now or timezone.now()
    read, key_name = ADAPTERS[source]
    baseline = not ImportRun.objects.filter(source=source, outcome=ImportRun.Outcome.DONE).exists()
    run = ImportRun.objects.create(source=source)
    key = getattr(settings, key_name)
    if not key:
        run.outcome, run.log = ImportRun.Outcome.SKIPPED, f"{key_name} is not set: {source} skipped."
        logger.warning("import_notices: %s", run.log)
        return run_finish(run)
    if not Partner.objects.filter(slug=CITY).exists():
        run.outcome, run.log = ImportRun.Outcome.FAILED, f"no institute {CITY!r} to own imported notices: load_gwangju"
        logger.error("import_notices: %s", run.log)
        return run_finish(run)
    transport = transport or Transport(timeout=settings.NOTICE_TIMEOUT_SECONDS)
    transport.calls_left = max(settings.NOTICE_DAILY_CALLS - calls_today(source, now), 0)
    seen, log, catalogue = set(), [], Catalogue()
    counts = {"created": 0, "updated": 0, "linked": 0, "unchanged": 0}
    with one_generation_move():  # one move of the page caches' generation for the whole run
        try:
            for notice in read(transport, key, log=log):
                if isinstance(notice, Malformed):
                    run.failed += 1
                    log.append(f"skipped: {notice}")
                    continue
                if not notice.for_gwangju:
                    continue
                seen.add(notice.source_id)
                try:
                    with transaction.atomic():
                        counts[notice_apply(notice, now, baseline, catalogue)] += 1
                except (DatabaseError, ValidationError, ValueError) as error:
                    run.failed += 1
                    log.append(f"{notice.source_id}: {error.__class__.__name__}: {error}")
        except (SourceFailed, ValueError, TypeError, AttributeError, KeyError) as failure:
            # A page the adapter could not read to the end (an error answer, a count that is not a number...):
            # this source's run fails with the reason; what was read stays, nothing is archived.
            run.outcome = ImportRun.Outcome.FAILED
            log.append(f"source failed: {failure.__class__.__name__}: {failure}")
            logger.error("import_notices: %s failed: %s", source, failure)
        else:
            run.outcome = ImportRun.Outcome.DONE
            run.archived = withdrawn_archive(source, seen, now)  # only after reading the whole listing
    run.created, run.unchanged = counts["created"], counts["unchanged"]
    run.updated = counts["updated"] + counts["linked"]
    run.calls, run.log = transport.calls, "\n".join([*transport.log, *log])
    return run_finish(run)


def run_finish(run):
    run.finished_at = timezone.now()
    run.save()
    return run
