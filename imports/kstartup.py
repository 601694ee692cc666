"""K-Startup's announcements (창업진흥원_K-Startup 조회서비스, getAnnouncementInformation01 on the public data
portal): JSON pages of `perPage` items asked by `page`, with `totalCount`; each item's fields as the service names
them. docs/notices.md maps every field we use."""

import html
import json
import re

from django.utils.html import strip_tags

from .notices import Notice, day
from .transport import SourceFailed

SOURCE = "kstartup"
URL = "https://apis.data.go.kr/B552735/kisedKstartupService01/getAnnouncementInformation01"
SITE = "https://www.k-startup.go.kr"
PER_PAGE = 100
# biz_enyy's brackets as business year numbers (1 in the first year): 예비창업자 is year 0, so no lower bound;
# "N년미만" the years before N.
YEAR_BRACKETS = {
    "예비창업자": (None, 0),
    "1년미만": (1, 1),
    "2년미만": (2, 2),
    "3년미만": (3, 3),
    "5년미만": (4, 5),
    "7년미만": (6, 7),
    "10년미만": (8, 10),
    "10년이상": (11, None),
}
# biz_trgt_age's brackets as ages.
AGE_BRACKETS = {"만 20세 미만": (None, 19), "만 20세 이상 ~ 만 39세 이하": (20, 39), "만 40세 이상": (40, None)}


class Malformed(ValueError):
    pass


def text(value):
    return strip_tags(html.unescape(str(value or ""))).strip()


def tokens(value):
    return [token.strip() for token in re.split(r"[,ㆍ·]", str(value or "")) if token.strip()]


def bracket_range(chosen, brackets):
    """(low, high) covering the chosen brackets; (None, None) when all or none are chosen, or one is unknown."""
    known = [brackets[token] for token in chosen if token in brackets]
    if not known or len(known) != len(chosen) or len(set(chosen)) == len(brackets):
        return None, None
    lows = [low for low, _high in known]
    highs = [high for _low, high in known]
    low = None if None in lows else min(lows)
    high = None if None in highs else max(highs)
    return low, high


def notice_of(item):
    source_id, title = str(item.get("pbanc_sn") or "").strip(), text(item.get("biz_pbanc_nm"))
    if not source_id or not title:
        raise Malformed("no pbanc_sn or biz_pbanc_nm")
    years = tokens(item.get("biz_enyy"))
    min_years, max_years = bracket_range(years, YEAR_BRACKETS)
    ages = [token.strip() for token in str(item.get("biz_trgt_age") or "").split(",") if token.strip()]
    min_age, max_age = bracket_range(ages, AGE_BRACKETS)
    opens, closes = day(item.get("pbanc_rcpt_bgng_dt")), day(item.get("pbanc_rcpt_end_dt"))
    detail = text(item.get("detl_pg_url")) or f"{SITE}/web/contents/bizpbanc-ongoing.do?schM=view&pbancSn={source_id}"
    return Notice(
        source=SOURCE,
        source_id=source_id,
        title=title,
        source_url=detail,
        summary=text(item.get("pbanc_ctnt")),
        organiser=text(item.get("sprv_inst")),
        executor=text(item.get("pbanc_ntrp_nm")),
        regions=tokens(item.get("supt_regin")),
        opens_on=opens,
        closes_on=closes if (opens is None or closes is None or closes >= opens) else None,
        period_text="" if (opens and closes) else "추후 공지",
        apply_url=text(item.get("biz_aply_url")) or detail,
        audience_text=text(item.get("aply_trgt_ctnt") or item.get("aply_trgt")),
        contact=" ".join(filter(None, [text(item.get("biz_prch_dprt_nm")), text(item.get("prch_cnpl_no"))])),
        field_text=text(item.get("supt_biz_clsfc")),
        min_business_years=min_years,
        max_business_years=max_years,
        min_age=min_age,
        max_age=max_age,
    )


def notices(transport, key, log=None):
    """(Notice or Malformed) for every item of every page; SourceFailed when a page cannot be read."""
    page = 1
    while True:
        answer = transport.get(URL, {"serviceKey": key, "page": page, "perPage": PER_PAGE, "returnType": "json"})
        try:
            body = json.loads(answer.text)
        except ValueError:
            raise SourceFailed(f"page {page} is not JSON: {answer.text[:120]!r}") from None
        if not isinstance(body, dict) or not isinstance(body.get("data"), list):
            message = body.get("msg") if isinstance(body, dict) else ""
            raise SourceFailed(f"page {page}: an error answer ({message or answer.text[:120]!r})")
        for item in body["data"]:
            try:
                yield notice_of(item)
            except (Malformed, TypeError, AttributeError) as error:
                yield Malformed(f"item {item.get('pbanc_sn') if isinstance(item, dict) else '?'}: {error}")
        if not body["data"] or page * PER_PAGE >= int(body.get("totalCount") or 0):
            return
        page += 1
