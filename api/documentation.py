"""The API's documentation page (/api/ and /en/api/): endpoints, every filter, examples, versioning, limits and the
field names K-Startup's and Bizinfo's APIs use for the same things."""

from django import forms
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from core.languages import in_each_language
from core.querystrings import MAX_LENGTH, MAX_VALUES
from core.site import absolute_url
from programs.filters import EARLIEST, LATEST

from .filters import ApiAgreementFilter, ApiEventFilter, ApiPartnerFilter, ApiProgramFilter
from .pagination import MAX_PAGE_SIZE
from .queries import multiple

ENDPOINTS = [
    ("programs", _("Support programs"), ApiProgramFilter),
    ("events", _("Events"), ApiEventFilter),
    ("partners", _("Partner institutes"), ApiPartnerFilter),
    ("agreements", _("Cooperation agreements"), ApiAgreementFilter),
]

# (our field, K-Startup 사업공고 field, Bizinfo 지원사업 field, what it is)
FIELD_MAP = [
    ("id / slug", "pbanc_sn", "pblancId", _("Identifier")),
    ("title_ko, title_en", "biz_pbanc_nm", "pblancNm", _("Title")),
    ("summary_ko, description_ko", "pbanc_ctnt", "bsnsSumryCn", _("Summary")),
    ("category", "supt_biz_clsfc", "pldirSportRealmLclasCodeNm", _("Field of support")),
    ("audiences, min_age, max_age", "aply_trgt, biz_trgt_age", "trgetNm", _("Who may apply")),
    ("max_business_years", "biz_enyy", "—", _("Business years")),
    ("application_opens_at", "pbanc_rcpt_bgng_dt", "reqstBeginEndDe", _("Applications open")),
    ("application_closes_at", "pbanc_rcpt_end_dt", "reqstBeginEndDe", _("Applications close")),
    ("application_state", "rcrt_prgs_yn", "—", _("Application state")),
    ("organizer", "pbanc_ntrp_nm, sprv_inst", "jrsdInsttNm, excInsttNm", _("Organizer")),
    ("how_to_apply_ko", "aply_mthd_onli_rcpt_istc", "reqstMthPapersCn", _("How to apply")),
    ("apply_url", "biz_aply_url", "rceptEngnHmpgUrl", _("Application link")),
    ("contact_ko", "prch_cnpl_no", "refrncNm", _("Contact")),
    ("url", "detl_pg_url", "pblancUrl", _("Page of the announcement")),
    ("attachments", "—", "flpthNm, fileNm", _("Attachments")),
    ("published_at", "—", "creatPnttm", _("Published")),
]


def named_values(field):
    """[(value, {language: name})] of the values a choice field takes, or [] for one without a closed set."""
    if isinstance(field, forms.ModelChoiceField):
        key = field.to_field_name or "pk"
        return [(str(getattr(record, key)), in_each_language(lambda r=record: r)) for record in field.queryset]
    if isinstance(field, forms.ChoiceField):
        return [(str(value), in_each_language(label)) for value, label in field.choices if value not in ("", None)]
    return []


def rule(field, several):
    """How a value is written, in words: the rule the server checks and the description states (api/schema.py)."""
    if isinstance(field, forms.IntegerField):
        said = _("a whole number from %(low)s to %(high)s") % {"low": field.min_value, "high": field.max_value}
    elif isinstance(field, forms.DateTimeField):
        said = _("a time with its offset, 2026-11-01T00:00:00+09:00")
    elif isinstance(field, forms.DateField):
        said = _("a date, 2026-11-01 (years %(first)d to %(last)d)") % {"first": EARLIEST.year, "last": LATEST.year}
    elif isinstance(field, forms.ChoiceField):
        said = _("one of the values listed")
    else:
        said = _("text of 1 to %(count)d characters") % {"count": field.max_length or MAX_LENGTH}
    if several:
        said = _("%(rule)s; repeat the parameter for several (at most %(count)d)") % {"rule": said, "count": MAX_VALUES}
    return said


def filter_rows(filterset_class):
    rows = []
    several = multiple(filterset_class)
    for name, filter_ in filterset_class().filters.items():  # an instance's copies: the class's stay untouched
        field = filter_.field
        rows.append(
            {
                "name": name,
                "label": filter_.label,
                "help": field.help_text,
                "rule": rule(field, name in several),
                "values": named_values(field),
            }
        )
    return rows


def documentation(request):
    base = absolute_url("/api/v1/")
    return render(
        request,
        "api/documentation.html",
        {
            "base": base,
            "endpoints": [(slug, title, filter_rows(filterset)) for slug, title, filterset in ENDPOINTS],
            "field_map": FIELD_MAP,
            "max_page_size": MAX_PAGE_SIZE,
            "per_minute": settings.API_REQUESTS_PER_MINUTE,
        },
    )
