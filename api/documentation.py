"""The API's documentation page (/api/ and /en/api/): endpoints, every filter, examples, versioning, limits and the
field names K-Startup's and Bizinfo's APIs use for the same things."""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from core.site import absolute_url

from .filters import ApiAgreementFilter, ApiEventFilter, ApiPartnerFilter, ApiProgramFilter
from .pagination import MAX_PAGE_SIZE

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


def filter_rows(filterset_class):
    rows = []
    for name, filter_ in filterset_class().filters.items():  # an instance's copies: the class's stay untouched
        field = filter_.field
        choices = [value for value, _label in getattr(field, "choices", []) if value not in ("", None)]
        if hasattr(field, "queryset"):
            choices = []  # slugs of records, listed by their own endpoints
        rows.append({"name": name, "label": filter_.label, "help": field.help_text, "choices": choices[:12]})
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
