"""The API's records: both languages side by side, codes with their labels, times with the +09:00 offset, absolute
URLs. Related institutes are shown only when they are public themselves (an organizer always is: DECISIONS)."""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.languages import in_each_language, language_codes
from core.site import absolute_url
from partners.models import Agreement, Partner
from programs import rules
from programs.models import ApplicationState, Attachment, Event, NoticeSource, Program, ProgramSource


def bilingual(*names):
    """Each translated field as its Korean and English columns: title -> title_ko, title_en."""
    return [f"{name}_{language}" for name in names for language in language_codes()]


RECORD_HEAD = ["id", "slug", *bilingual("title", "summary", "description")]
RECORD_TAIL = ["url", "published_at", "updated_at"]


def both_languages(label):
    return {f"label_{language}": text for language, text in in_each_language(label).items()}


CODE_SCHEMA = {
    "type": "object",
    "properties": {"code": {"type": "string"}, "label_ko": {"type": "string"}, "label_en": {"type": "string"}},
    "required": ["code", "label_ko", "label_en"],
}


class CodeField(serializers.Field):
    """A choice as {"code", "label_ko", "label_en"}."""

    def __init__(self, choices, **kwargs):
        self.labels = dict(choices)
        self.represented = {}  # labels are the same for every record: worked out once per code
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        if value not in self.represented:
            self.represented[value] = {"code": value, **both_languages(self.labels.get(value, value))}
        return self.represented[value]


class CodeFieldSchema(OpenApiSerializerFieldExtension):
    """A CodeField's schema names its codes, with one as the example."""

    target_class = CodeField

    def map_serializer_field(self, auto_schema, direction):
        codes = list(self.target.labels)
        code = {"type": "string", "enum": codes, "example": codes[0]}
        return {**CODE_SCHEMA, "properties": {**CODE_SCHEMA["properties"], "code": code}, "readOnly": True}


class TermSerializer(serializers.Serializer):
    """A field of support or an audience: its slug as the code, with both names."""

    code = serializers.CharField(source="slug")
    label_ko = serializers.CharField(source="name_ko")
    label_en = serializers.CharField(source="name_en")


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        return absolute_url(record.get_absolute_url())


class PartnerRefSerializer(serializers.ModelSerializer):
    url = PageUrlField()

    class Meta:
        model = Partner
        fields = ["id", "slug", "name_ko", "name_en", "short_name_ko", "short_name_en", "url"]


def related_records(record, relation):
    """A relation's records as the view prefetched them, without making a new queryset for each record."""
    cached = getattr(record, "_prefetched_objects_cache", {})
    return cached[relation] if relation in cached else getattr(record, relation).all()


class RelatedListField(serializers.ListField):
    """The records of a to-many relation; with `public_only`, those that are public themselves (the viewsets
    prefetch only those, and this checks again)."""

    def __init__(self, relation, child, public_only=False, **kwargs):
        self.relation, self.public_only = relation, public_only
        super().__init__(child=child, source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        records = related_records(record, self.relation)
        return [self.child.to_representation(item) for item in records if not self.public_only or item.is_public]


class AudiencesField(RelatedListField):
    """Who a program is for: the stages and youth its rules make it for, then its tags (programs/rules.py)."""

    def __init__(self, **kwargs):
        super().__init__("audiences", TermSerializer(), **kwargs)

    def to_representation(self, record):
        shown = record.audiences_shown(list(related_records(record, "audiences")))
        return [self.child.to_representation(audience) for audience in shown]


def _years(description):
    return {"type": ["integer", "null"], "minimum": 0, "description": description}


GOV24_PROPERTIES = {
    rules.GOV24_AGE_FROM: {"type": "integer", "description": "대상연령(시작): the youngest age that may apply."},
    rules.GOV24_AGE_TO: {"type": "integer", "description": "대상연령(종료): the oldest age that may apply."},
    rules.GOV24_PRE_FOUNDER: {"type": "string", "enum": [rules.GOV24_FLAG], "description": "예비창업자 may apply."},
    rules.GOV24_IN_BUSINESS: {"type": "string", "enum": [rules.GOV24_FLAG], "description": "영업중: businesses apply."},
    **{
        code: {"type": "string", "enum": [rules.GOV24_FLAG], "description": f"For the audience {slug}."}
        for slug, code in rules.GOV24_TAGS.items()
    },
}
ELIGIBILITY_SCHEMA = {
    "type": "object",
    "description": (
        "Who may apply, as data: the rules, the stages and youth they make the program for, the audiences a person "
        "must confirm, and the matching 보조금24 support-condition codes (data.go.kr 15113968). A person fits when "
        "every rule holds; an audience to confirm is a rule the person must check."
    ),
    "properties": {
        "min_age": {"type": ["integer", "null"], "minimum": 0, "description": "The youngest age that may apply."},
        "max_age": {"type": ["integer", "null"], "minimum": 0, "description": "The oldest age that may apply."},
        "min_business_years": _years("The lowest business year number that may apply (0: a pre-founder)."),
        "max_business_years": _years("The highest business year number that may apply (0: pre-founders only)."),
        "derived_audiences": {
            "type": "array",
            "items": {"type": "string", "enum": [stage.slug for stage in rules.STAGES] + [rules.YOUTH]},
            "description": "The stages and youth the age and business-years rules make the program for.",
        },
        "to_confirm": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Slugs of the audiences no rule expresses (students, researchers): a person confirms them.",
        },
        "gov24_conditions": {
            "type": "object",
            "properties": GOV24_PROPERTIES,
            "additionalProperties": False,
            "description": "보조금24 support-condition codes stated by the rules; a code not stated is no condition.",
        },
    },
    "required": [
        *["min_age", "max_age", "min_business_years", "max_business_years"],
        *["derived_audiences", "to_confirm", "gov24_conditions"],
    ],
    "example": {
        "min_age": 19,
        "max_age": 39,
        "min_business_years": None,
        "max_business_years": 3,
        "derived_audiences": ["pre-founder", "early-stage", "youth"],
        "to_confirm": ["student"],
        "gov24_conditions": {"JA0110": 19, "JA0111": 39, "JA0320": "Y", "JA1101": "Y", "JA1102": "Y"},
    },
}


@extend_schema_field(ELIGIBILITY_SCHEMA)
class EligibilityField(serializers.Field):
    """A program's rules as data (programs/rules.py: machine_rules)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, program):
        return rules.machine_rules(program, list(related_records(program, "audiences")))


def public_partners(relation):
    return RelatedListField(relation, PartnerRefSerializer(), public_only=True)


class PartnerSerializer(serializers.ModelSerializer):
    kind = CodeField(Partner._meta.get_field("kind").choices)
    url = PageUrlField()

    class Meta:
        model = Partner
        fields = [
            *["id", "slug", *bilingual("name", "short_name"), "kind", *bilingual("summary", "description")],
            *["website", "email", "phone", *bilingual("address")],
            *RECORD_TAIL,
        ]


class AgreementSerializer(serializers.ModelSerializer):
    parties = public_partners("parties")
    areas_ko = serializers.SerializerMethodField()
    areas_en = serializers.SerializerMethodField()
    url = PageUrlField()

    class Meta:
        model = Agreement
        fields = [
            *["id", "slug", *bilingual("title"), "signed_on", *bilingual("place"), "parties", *bilingual("areas")],
            *[*bilingual("summary"), "source_url"],
            *RECORD_TAIL,
        ]

    def get_areas_ko(self, agreement) -> list[str]:
        return _lines(agreement.areas_ko)

    def get_areas_en(self, agreement) -> list[str]:
        return _lines(agreement.areas_en)


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class AttachmentSerializer(serializers.ModelSerializer):
    url = PageUrlField()

    class Meta:
        model = Attachment
        fields = ["id", "title", "extension", "size", "url"]


class ProgramSourceSerializer(serializers.ModelSerializer):
    """Where a national notice came from: the portal, its id and page there, and when the portal last checked it."""

    source = CodeField(NoticeSource.choices)
    source_url = serializers.URLField()
    checked_at = serializers.DateTimeField()

    class Meta:
        model = ProgramSource
        fields = ["source", "source_id", "source_url", "checked_at"]


class ProgramSerializer(serializers.ModelSerializer):
    category = TermSerializer()
    audiences = AudiencesField()
    technologies = RelatedListField("technologies", TermSerializer())
    eligibility = EligibilityField()
    organizer = PartnerRefSerializer()
    co_organizers = public_partners("co_organizers")
    application_state = CodeField(ApplicationState.choices)
    days_left = serializers.IntegerField(read_only=True, allow_null=True)
    competition_ratio = serializers.FloatField(
        read_only=True,
        allow_null=True,
        help_text="경쟁률: applications received on the portal per application selected, to one decimal (7.3 for "
        "7.3 : 1); null until the round's results are published.",
    )
    selected_organisations = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="The selected organisations whose applicants agreed to be named, once the results are published.",
    )
    attachments = RelatedListField("attachments", AttachmentSerializer())
    sources = RelatedListField(
        "sources",
        ProgramSourceSerializer(),
        help_text="The national portals that announce this program (K-Startup, 기업마당), each with the notice's id "
        "and page there; empty for a program an institute entered itself.",
    )
    url = PageUrlField()

    class Meta:
        model = Program
        fields = [
            *RECORD_HEAD,
            *["category", "technologies", "audiences", "organizer", "co_organizers", "min_age", "max_age"],
            *["min_business_years", "max_business_years", "eligibility"],
            *["application_opens_at", "application_closes_at", "rolling", "application_state", "days_left"],
            *["expected_opening", *bilingual("expected_support"), "expected_places"],
            *["support_per_company", "support_total", *bilingual("selection_process", "schedule")],
            *["applications_received", "applications_selected", "competition_ratio", "awards_total", "awards_median"],
            "selected_organisations",
            *["program_starts_on", "program_ends_on", *bilingual("benefit", "how_to_apply"), "apply_url"],
            *[*bilingual("contact"), "source_url", "attachments", "nationwide", "sources"],
            *RECORD_TAIL,
        ]


class EventSerializer(serializers.ModelSerializer):
    category = TermSerializer(allow_null=True)
    organizer = PartnerRefSerializer()
    co_hosts = public_partners("co_hosts")
    program = serializers.SerializerMethodField()
    url = PageUrlField()

    class Meta:
        model = Event
        fields = [
            *RECORD_HEAD,
            *["category", "organizer", "co_hosts", "program", "starts_at", "ends_at"],
            *bilingual("venue_name", "venue_address", "directions"),
            *["online_url", "registration_url", "place_details_by", "capacity"],
            *RECORD_TAIL,
        ]

    def get_program(self, event) -> dict | None:
        """The program the event belongs to, when it is public."""
        program = event.program
        if program is None or not program.is_public:
            return None
        return {"id": program.pk, "slug": program.slug, "url": absolute_url(program.get_absolute_url())}
