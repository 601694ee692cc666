"""Open data: every published record as CSV or JSON, streamed, with a DCAT-AP catalogue describing the sets."""

import csv
import io
import json
from dataclasses import dataclass, field

from django.db.models import Aggregate, Case, CharField, F, Max, OuterRef, Subquery, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.columns import columns
from core.languages import in_each_language
from core.publishing import Publishable, public
from core.site import absolute_reverse, absolute_url
from core.spreadsheets import formula_safe
from partners.columns import AGREEMENT_COLUMNS, PARTNER_COLUMNS
from partners.models import Agreement, Partner, PartnerKind
from programs.columns import EVENT_COLUMNS, PROGRAM_COLUMNS
from programs.filters import EventFilter, ProgramFilter
from programs.models import Event, NoticeSource, Program, ProgramSource
from programs.rules import gov24_conditions

CHUNK_SIZE = 2000
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENSE_NAME = "CC BY 4.0"
LIST_SEPARATOR = ","


class GroupConcat(Aggregate):
    """Values joined by commas: group_concat on SQLite, string_agg on PostgreSQL."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="STRING_AGG", template="%(function)s(%(expressions)s, ',')")


def is_public(prefix):
    """The condition that the related record at `prefix` is public (published, and not scheduled for later)."""
    return public(prefix=f"{prefix}__")


def slug_list(relation, owner, target):
    """A subquery giving, for each row, the slugs of its related records through an M2M table (of curated records,
    only the public ones)."""
    through = relation.through.objects.filter(**{owner: OuterRef("pk")})
    if issubclass(relation.through._meta.get_field(target).related_model, Publishable):
        through = through.filter(is_public(target))
    return Subquery(through.values(owner).annotate(slugs=GroupConcat(f"{target}__slug")).values("slugs"))


def public_slug(relation):
    """The slug of a related record, only while that record is public."""
    return Case(When(is_public(relation), then=F(f"{relation}__slug")), output_field=CharField())


@dataclass(frozen=True)
class Dataset:
    key: str
    title: str
    description: str
    model: type
    columns: tuple
    lists: dict  # column key -> expression: comma-joined slugs (list columns) or one public record's slug
    detail_url: str  # URL name of a record's page
    computed: dict = field(default_factory=dict)  # column key -> function of (the record's values, the row)
    reads: tuple = ()  # fields the computed columns read that no column shows

    def queryset(self, params):
        published = self.model.objects.published()
        if self.model is Program:
            return ProgramFilter(params, queryset=published).qs
        if self.model is Event:
            return EventFilter(params, queryset=published).qs
        if self.model is Partner and params.get("kind") in PartnerKind.values:
            return published.filter(kind=params["kind"])
        return published

    def rows(self, params, request):
        """Each record as a dict of plain values, read in chunks (a server-side cursor on PostgreSQL)."""
        url = absolute_reverse(self.detail_url, kwargs={"slug": "SLUG"}).replace("SLUG", "{}")
        read = [column.key for column in self.columns if column.key not in self.lists and column.key != "url"]
        plain = list(dict.fromkeys([key for key in read if key not in self.computed] + list(self.reads)))
        # Annotations may not take the names of the M2M fields they read.
        lists = {f"{key}_slugs": subquery for key, subquery in self.lists.items()}
        records = self.queryset(params).order_by("pk").values(*plain, **lists)
        for record in records.iterator(chunk_size=CHUNK_SIZE):
            record["url"] = url.format(record["slug"])
            record.update({key: record[f"{key}_slugs"] for key in self.lists})
            row = {
                column.key: _plain(record[column.key], column.is_list)
                for column in self.columns
                if column.key not in self.computed
            }
            row.update({key: compute(record, row) for key, compute in self.computed.items()})
            yield {column.key: row[column.key] for column in self.columns}

    def last_modified(self):
        return self.model.objects.published().aggregate(latest=Max("updated_at"))["latest"]


def _plain(value, is_list):
    if is_list:
        return sorted(value.split(LIST_SEPARATOR)) if value else []
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        return timezone.localtime(value).isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


PROGRAM_EXTRA_COLUMNS = columns(
    ("application_state", "신청 상태", "Application state"),
    ("how_to_apply_ko", "신청 방법(한국어)", "How to apply (Korean)"),
    ("how_to_apply_en", "신청 방법(영어)", "How to apply (English)"),
    ("contact_ko", "문의처(한국어)", "Contact (Korean)"),
    ("contact_en", "문의처(영어)", "Contact (English)"),
    ("description_ko", "설명(한국어)", "Description (Korean)"),
    ("description_en", "설명(영어)", "Description (English)"),
    ("gov24_conditions", "보조금24 지원조건 코드", "보조금24 support-condition codes", True),
    ("applications_received", "포털 접수 건수", "Applications received on the portal"),
    ("applications_selected", "포털 선정 건수", "Applications selected on the portal"),
    ("competition_ratio", "경쟁률(접수÷선정)", "Competition ratio (received per selected)"),
    ("awards_total", "총 지원 금액(원)", "Total awarded (won)"),
    ("awards_median", "지원 금액 중앙값(원)", "Median award (won)"),
    ("nationwide", "전국 공고", "Nationwide notice"),
    ("sources", "공고 출처", "Announced on", True),
    ("kstartup_id", "K-Startup 공고 번호", "K-Startup notice id"),
    ("kstartup_url", "K-Startup 공고 주소", "K-Startup notice address"),
    ("bizinfo_id", "기업마당 공고 번호", "기업마당 notice id"),
    ("bizinfo_url", "기업마당 공고 주소", "기업마당 notice address"),
    ("sources_checked_at", "출처 확인 일시", "Last checked at the source"),
)


def live_notices(source=None):
    """A program's national notices still listed at their source (imports/), of one source or any."""
    notices = ProgramSource.objects.filter(program=OuterRef("pk"), withdrawn_at__isnull=True)
    return notices.filter(source=source) if source else notices


def notice_column(source, name):
    """One notice's id or address at `source` (the first by id, should the source list the program twice)."""
    return Subquery(live_notices(source).order_by("source_id").values(name)[:1])


NOTICE_COLUMNS = {
    "sources": Subquery(live_notices().values("program").annotate(codes=GroupConcat("source")).values("codes")),
    "sources_checked_at": Subquery(live_notices().order_by("-checked_at").values("checked_at")[:1]),
    **{
        f"{source}_{name}": notice_column(source, f"source_{name}")
        for source in NoticeSource.values
        for name in ("id", "url")
    },
}
STATE_READS = ("application_opens_at", "application_closes_at", "rolling", "expected_opening")


def competition_ratio(record, row):
    """경쟁률 as Program.competition_ratio gives it (applications received per place given), or None."""
    return Program(
        applications_received=row["applications_received"], applications_selected=row["applications_selected"]
    ).competition_ratio


def application_state(record, row):
    """The state the API names (open, closing, upcoming, rolling, forecast, closed), read now as the catalogue does."""
    return Program(**{name: record[name] for name in STATE_READS}).application_state.value


def gov24_codes(record, row):
    """The 보조금24 support-condition codes a program's rules state (programs/rules.py), as CODE=VALUE."""
    codes = gov24_conditions(
        min_age=row["min_age"],
        max_age=row["max_age"],
        min_business_years=row["min_business_years"],
        max_business_years=row["max_business_years"],
        tags=row["audiences"],
    )
    return [f"{code}={value}" for code, value in codes.items()]


COMMON = columns(("id", "식별자", "Identifier"), ("slug", "주소용 이름", "Slug"), ("url", "포털 주소", "Portal URL"))

DATASETS = {
    dataset.key: dataset
    for dataset in (
        Dataset(
            key="programs",
            title=_("Start-up support programs"),
            description=_("Programs of the City of Gwangju and its partner institutes, with eligibility and dates."),
            model=Program,
            columns=(*COMMON, *PROGRAM_COLUMNS, *PROGRAM_EXTRA_COLUMNS),
            lists={
                "co_organizers": slug_list(Program.co_organizers, "program", "partner"),
                "audiences": slug_list(Program.audiences, "program", "audience"),
                "technologies": slug_list(Program.technologies, "program", "technology"),
                **NOTICE_COLUMNS,
            },
            detail_url="programs:detail",
            computed={
                "gov24_conditions": gov24_codes,
                "application_state": application_state,
                "competition_ratio": competition_ratio,
            },
            reads=STATE_READS,
        ),
        Dataset(
            key="events",
            title=_("Events"),
            description=_("Events of Gwangju's start-up ecosystem, with dates in Asia/Seoul and venues."),
            model=Event,
            columns=(*COMMON, *EVENT_COLUMNS),
            lists={"co_hosts": slug_list(Event.co_hosts, "event", "partner"), "program__slug": public_slug("program")},
            detail_url="programs:event_detail",
        ),
        Dataset(
            key="partners",
            title=_("Partner institutes"),
            description=_("The institutes of Gwangju's AI and start-up ecosystem."),
            model=Partner,
            columns=(*COMMON, *PARTNER_COLUMNS),
            lists={},
            detail_url="partners:detail",
        ),
        Dataset(
            key="agreements",
            title=_("Cooperation agreements"),
            description=_("Agreements between the City of Gwangju and partner institutes."),
            model=Agreement,
            columns=(*COMMON, *AGREEMENT_COLUMNS),
            lists={"parties": slug_list(Agreement.parties, "agreement", "partner")},
            detail_url="partners:agreement_detail",
        ),
    )
}


def csv_chunks(dataset, params, request):
    """UTF-8 with a byte order mark, so that Excel reads Korean correctly; lists joined by commas; text that a
    spreadsheet would take for a formula behind an apostrophe (core.spreadsheets)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.key for column in dataset.columns])
    yield "\ufeff" + buffer.getvalue()
    for row in dataset.rows(params, request):
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(
            [formula_safe(LIST_SEPARATOR.join(value) if isinstance(value, list) else value) for value in row.values()]
        )
        yield buffer.getvalue()


def json_chunks(dataset, params, request):
    yield "["
    for number, row in enumerate(dataset.rows(params, request)):
        yield ("," if number else "") + json.dumps(row, ensure_ascii=False)
    yield "]\n"


def dcat_catalog(request):
    """A DCAT-AP description of the data sets (JSON-LD)."""

    def both(text_ko, text_en):
        return [{"@language": "ko", "@value": text_ko}, {"@language": "en", "@value": text_en}]

    def translated(text):
        return [{"@language": language, "@value": said} for language, said in in_each_language(text).items()]

    publisher = {"@type": "foaf:Agent", "foaf:name": both("광주 AI·창업 포털", "Gwangju AI & Start-up Portal")}
    license_ = {"@id": LICENSE_URL, "@type": "dct:LicenseDocument"}
    datasets = []
    for dataset in DATASETS.values():
        modified = dataset.last_modified()
        distributions = [
            {
                "@id": absolute_reverse("open_data_file", args=[dataset.key, extension]),
                "@type": "dcat:Distribution",
                "dcat:accessURL": {"@id": absolute_reverse("open_data")},
                "dcat:downloadURL": {"@id": absolute_reverse("open_data_file", args=[dataset.key, extension])},
                "dcat:mediaType": {"@id": f"http://www.iana.org/assignments/media-types/{media_type}"},
                "dct:format": {
                    "@id": f"http://publications.europa.eu/resource/authority/file-type/{extension.upper()}"
                },
                "dct:license": license_,
            }
            for extension, media_type in (("csv", "text/csv"), ("json", "application/json"))
        ]
        api_list = absolute_reverse(f"api:{dataset.key.removesuffix('s')}-list")
        distributions.append(
            {
                "@id": api_list,
                "@type": "dcat:Distribution",
                "dct:title": both("API (JSON, 필터와 쪽 나눔)", "API (JSON, with filters and pages)"),
                "dcat:accessURL": {"@id": api_list},
                "dcat:accessService": {"@id": absolute_reverse("api_docs")},
                "dcat:mediaType": {"@id": "http://www.iana.org/assignments/media-types/application/json"},
                "dct:conformsTo": {"@id": absolute_reverse("api:schema")},
                "dct:license": license_,
            }
        )
        datasets.append(
            {
                "@id": absolute_url(reverse("open_data") + f"#{dataset.key}"),
                "@type": "dcat:Dataset",
                "dct:identifier": dataset.key,
                "dct:title": translated(dataset.title),
                "dct:description": translated(dataset.description),
                "dct:publisher": publisher,
                "dct:license": license_,
                "dct:language": [
                    {"@id": "http://publications.europa.eu/resource/authority/language/KOR"},
                    {"@id": "http://publications.europa.eu/resource/authority/language/ENG"},
                ],
                **({"dct:modified": {"@type": "xsd:dateTime", "@value": modified.isoformat()}} if modified else {}),
                "dcat:keyword": both("창업", "start-up"),
                "dcat:distribution": distributions,
            }
        )
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": absolute_reverse("open_data_catalog"),
        "@type": "dcat:Catalog",
        "dct:title": both("광주 AI·창업 포털 공공데이터", "Gwangju AI & Start-up Portal open data"),
        "dct:description": both(
            "광주의 창업 지원사업, 행사, 협력 기관, 업무협약 데이터",
            "Start-up programs, events, institutes and agreements of Gwangju",
        ),
        "dct:publisher": publisher,
        "dct:license": license_,
        "dcat:dataset": datasets,
    }
