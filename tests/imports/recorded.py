"""Answers shaped as each source documents them, replayed through a fake transport: K-Startup's JSON pages
(`data`, `totalCount`, `page`, `perPage`) and 기업마당's JSON ({"jsonArray": [...]}) or RSS pages, with Gwangju,
nationwide and other regions, six programs in both sources, one an institute already entered, periods written
"추후 공지", an item without a title, and a malformed JSON page that the RSS form replaces."""

import json
from xml.sax.saxutils import escape

from imports import bizinfo, kstartup
from imports.transport import Answer

REGIONS = ["광주", "전국", "서울", "부산", "광주", "전국", "대구"]  # 4 of each 7 are for Gwangju
BOTH = 6  # notices in both sources: the first six of each
INSTITUTE_OWN = "광주 AI 실증 스타트업 지원사업"  # the seventh K-Startup notice, entered by an institute already


def shared_title(number):
    return f"2027년 광주 공동 창업지원 {number:02d}"


def kstartup_item(number, closes="20270331"):
    if number < BOTH:
        title = shared_title(number)
    elif number == BOTH:
        title = INSTITUTE_OWN
    else:
        title = f"K-Startup 창업 공고 {number:03d} (샘플)"
    region = "광주" if number <= BOTH else REGIONS[number % len(REGIONS)]
    return {
        "pbanc_sn": 170000 + number,
        "biz_pbanc_nm": title if number != 99 else "",  # one item without its title
        "pbanc_ctnt": f"<p>창업 지원 &amp; 사업화 {number}</p>",
        "supt_biz_clsfc": ["사업화", "R&D", "멘토링ㆍ컨설팅ㆍ교육", "시설ㆍ공간ㆍ보육"][number % 4],
        "aply_trgt_ctnt": "예비창업자 및 창업 3년 이내 기업",
        "supt_regin": region,
        "pbanc_rcpt_bgng_dt": "20270301",
        "pbanc_rcpt_end_dt": closes if number < 10 or number % 10 != 3 else "",  # some have no end yet
        "pbanc_ntrp_nm": "창업진흥원",
        "sprv_inst": "중소벤처기업부",
        "biz_enyy": "예비창업자,1년미만,2년미만,3년미만",
        "biz_trgt_age": "만 20세 이상 ~ 만 39세 이하",
        "detl_pg_url": f"{kstartup.SITE}/web/contents/bizpbanc-ongoing.do?schM=view&pbancSn={170000 + number}",
        "biz_aply_url": "",
        "prch_cnpl_no": "1357",
        "biz_prch_dprt_nm": "창업진흥원 고객센터",
        "rcrt_prgs_yn": "Y",
    }


def bizinfo_item(number, period="20270301 ~ 20270331"):
    title = shared_title(number) if number < BOTH else f"기업마당 지원사업 {number:03d} (샘플)"
    region = "광주" if number < BOTH else ["전남광주", "전국", "서울", "경기"][number % 4]
    return {
        "pblancId": f"PBLN_{number:015d}",
        "pblancNm": title,
        "bsnsSumryCn": f"<p>지원사업 개요 {number}</p>",
        "trgetNm": "중소기업",
        "reqstBeginEndDe": period if number < 10 or number % 10 != 7 else "추후 공지",
        "jrsdInsttNm": "중소벤처기업부",
        "excInsttNm": "광주테크노파크" if number == 8 else "소상공인시장진흥공단",
        "pblancUrl": f"/web/lay1/bbs/S1T122C128/AS/74/view.do?pblancId=PBLN_{number:015d}",
        "hashTags": f"2027,창업,{region}",
        "pldirSportRealmLclasCodeNm": ["창업", "기술", "금융", "경영"][number % 4],
        "refrncNm": "062-000-0000",
        "totCnt": "120",
    }


def rss(items):
    names = bizinfo.RSS_NAMES
    body = "".join(
        "<item>"
        + "".join(f"<{names[k]}>{escape(str(v))}</{names[k]}>" for k, v in item.items() if k in names)
        + "</item>"
        for item in items
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>{body}</channel></rss>'


class Replay:
    """The sources' answers by request; `kstartup_items`/`bizinfo_items` can be changed between runs, a source can
    be made to time out, and 기업마당's second JSON page comes malformed."""

    def __init__(self, kstartup_count=130, bizinfo_count=120):
        self.kstartup_items = [kstartup_item(number) for number in range(kstartup_count)]
        self.bizinfo_items = [bizinfo_item(number) for number in range(bizinfo_count)]
        self.timing_out = set()
        self.requests = []

    def __call__(self, url, params, timeout):
        self.requests.append((url, dict(params)))
        if url == kstartup.URL:
            if kstartup.SOURCE in self.timing_out:
                raise TimeoutError("timed out")
            page, per_page = int(params["page"]), int(params["perPage"])
            data = self.kstartup_items[(page - 1) * per_page : page * per_page]
            body = {"currentCount": len(data), "data": data, "matchCount": len(self.kstartup_items), "page": page,
                    "perPage": per_page, "totalCount": len(self.kstartup_items)}  # fmt: skip
            return Answer(200, json.dumps(body, ensure_ascii=False))
        if bizinfo.SOURCE in self.timing_out:
            raise TimeoutError("timed out")
        page, per_page = int(params["pageIndex"]), int(params["pageUnit"])
        items = self.bizinfo_items[(page - 1) * per_page : page * per_page]
        for item in items:
            item["totCnt"] = str(len(self.bizinfo_items))
        if params["dataType"] == "rss":
            return Answer(200, rss(items))
        if page == 2:  # as 기업마당's JSON comes at times: cut short
            return Answer(200, json.dumps({"jsonArray": items}, ensure_ascii=False)[:-40])
        return Answer(200, json.dumps({"jsonArray": items}, ensure_ascii=False))
