"""A notice as every source's adapter hands it over, whatever the source's own field names: the words of periods
("추후 공지", "상시") read once here, and the region rule (Gwangju or nationwide) in one place."""

import re
from dataclasses import dataclass, field
from datetime import date

GWANGJU = "광주"
NATIONWIDE = "전국"
REGIONS = ("서울", "부산", "대구", "인천", "광주", "대전", "울산", "세종", "경기", "강원", "충북", "충남",
           "전북", "전남", "경북", "경남", "제주", "전국")  # fmt: skip
# How sources write a period that has no dates yet: never an error, the program says 일정 미정.
UNDETERMINED = ("추후", "미정", "상이", "별도", "예산 소진", "소진 시", "상시", "수시")
ROLLING = ("상시", "수시")
DAY = re.compile(r"(\d{4})[.\-/]?\s?(\d{1,2})[.\-/]?\s?(\d{1,2})")


@dataclass
class Notice:
    source: str
    source_id: str
    title: str
    source_url: str
    summary: str = ""
    organiser: str = ""  # the ministry or agency in charge, as the source names it
    executor: str = ""  # the agency that runs it, as the source names it
    regions: list = field(default_factory=list)
    opens_on: date | None = None
    closes_on: date | None = None
    period_text: str = ""  # the period as written, when it has no dates
    rolling: bool = False
    apply_url: str = ""
    audience_text: str = ""
    contact: str = ""
    field_text: str = ""
    min_business_years: int | None = None
    max_business_years: int | None = None
    min_age: int | None = None
    max_age: int | None = None

    @property
    def for_gwangju(self):
        return any(GWANGJU in region for region in self.regions) or self.nationwide

    @property
    def nationwide(self):
        return any(NATIONWIDE in region for region in self.regions)

    @property
    def region_label(self):
        return ", ".join(dict.fromkeys(self.regions))


def day(text):
    """The first date in `text` (20260301, 2026-03-01, 2026.3.1), or None."""
    match = DAY.search(text or "")
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def period(text):
    """(opens_on, closes_on, undetermined text, rolling) of a period as sources write it: "20260301 ~ 20260331",
    "2026-03-01 ~ 추후 공지", "상시 접수", "사업별 상이"."""
    text = (text or "").strip()
    parts = re.split(r"\s*[~∼〜]\s*", text, maxsplit=1)
    opens = day(parts[0]) if parts and parts[0] else None
    closes = day(parts[1]) if len(parts) > 1 else None
    if opens and closes and closes < opens:
        closes = None  # written wrong at the source: keep the opening only
    undetermined = "" if (opens and closes) else text if any(word in text for word in UNDETERMINED) else ""
    rolling = any(word in text for word in ROLLING)
    return opens, closes, undetermined, rolling
