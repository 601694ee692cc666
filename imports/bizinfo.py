"""기업마당's support programs (지원사업 정보 API, bizinfoApi.do): pages of `pageUnit` items asked by `pageIndex`,
as JSON ({"jsonArray": [...]}, or {"jsonArray": {"item": [...]}}) or RSS. Its JSON is known to come malformed at
times: that page is asked again as RSS. docs/notices.md maps every field we use."""

import json
import xml.etree.ElementTree as ElementTree

from .kstartup import Malformed, text, tokens
from .notices import REGIONS, Notice, period
from .transport import SourceFailed

SOURCE = "bizinfo"
URL = "https://www.bizinfo.go.kr/uss/rss/bizinfoApi.do"
SITE = "https://www.bizinfo.go.kr"
PER_PAGE = 100
# RSS names the same fields otherwise: {JSON name: RSS name}.
RSS_NAMES = {
    "pblancId": "seq",
    "pblancNm": "title",
    "pblancUrl": "link",
    "bsnsSumryCn": "description",
    "jrsdInsttNm": "author",
    "excInsttNm": "excInsttNm",
    "reqstBeginEndDe": "reqstDt",
    "trgetNm": "trgetNm",
    "hashTags": "hashTags",
    "pldirSportRealmLclasCodeNm": "lcategory",
    "totCnt": "totCnt",
    "refrncNm": "refrncNm",
}


def absolute(url):
    url = text(url)
    return f"{SITE}{url}" if url.startswith("/") else url


def regions_of(hashtags):
    """The regions among a notice's hash tags ("광주", "전남광주", "전국", "서울"...); its other tags name fields."""
    return [tag for tag in tokens(hashtags) if any(region in tag for region in REGIONS)]


def notice_of(item):
    source_id, title = text(item.get("pblancId")), text(item.get("pblancNm"))
    if not source_id or not title:
        raise Malformed("no pblancId or pblancNm")
    opens, closes, undetermined, rolling = period(item.get("reqstBeginEndDe"))
    url = absolute(item.get("pblancUrl")) or f"{SITE}/web/lay1/bbs/S1T122C128/AS/74/view.do?pblancId={source_id}"
    return Notice(
        source=SOURCE,
        source_id=source_id,
        title=title,
        source_url=url,
        summary=text(item.get("bsnsSumryCn")),
        organiser=text(item.get("jrsdInsttNm")),
        executor=text(item.get("excInsttNm")),
        regions=regions_of(item.get("hashTags")),
        opens_on=opens,
        closes_on=closes,
        period_text=undetermined or ("" if closes else text(item.get("reqstBeginEndDe"))),
        rolling=rolling,
        apply_url=url,
        audience_text=text(item.get("trgetNm")),
        contact=text(item.get("refrncNm")),
        field_text=text(item.get("pldirSportRealmLclasCodeNm")),
    )


def json_items(answer_text):
    """The items of a JSON page; ValueError when the JSON is malformed."""
    body = json.loads(answer_text)
    items = body.get("jsonArray") if isinstance(body, dict) else None
    if isinstance(items, dict):
        items = items.get("item", [])
    if not isinstance(items, list):
        raise ValueError("no jsonArray")
    return items


def rss_items(answer_text):
    """The items of an RSS page, under the JSON names."""
    try:
        root = ElementTree.fromstring(answer_text)
    except ElementTree.ParseError as error:
        raise SourceFailed(f"neither JSON nor RSS could be read: {error}") from None
    items = []
    for element in root.iter("item"):
        values = {child.tag: (child.text or "") for child in element}
        items.append({json_name: values.get(rss_name, "") for json_name, rss_name in RSS_NAMES.items()})
    return items


def notices(transport, key, log=None):
    """(Notice or Malformed) for every item of every page; SourceFailed when a page cannot be read either way."""
    page = 1
    while True:
        params = {"crtfcKey": key, "dataType": "json", "pageUnit": PER_PAGE, "pageIndex": page}
        answer = transport.get(URL, params)
        try:
            items = json_items(answer.text)
        except ValueError:
            if log is not None:
                log.append(f"page {page}: malformed JSON, read as RSS instead")
            items = rss_items(transport.get(URL, {**params, "dataType": "rss"}).text)
        for item in items:
            try:
                yield notice_of(item)
            except (Malformed, TypeError, AttributeError) as error:
                yield Malformed(f"item {item.get('pblancId') if isinstance(item, dict) else '?'}: {error}")
        total = int(text(items[0].get("totCnt")) or 0) if items else 0
        if len(items) < PER_PAGE or page * PER_PAGE >= total:
            return
        page += 1
