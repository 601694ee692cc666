"""At 360 px no Korean word is split across two lines on the main page types (word-break: keep-all).
Budget: 30 s a pass (measured 12 s)."""

import pytest

from tests.factories import EventFactory, PartnerFactory, ProgramFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The Korean words of the page's visible text that occupy more than one line.
SPLIT_WORDS = """() => {
  const split = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const parent = node.parentElement;
    if (!parent || !parent.getClientRects().length || parent.closest('.visually-hidden, [hidden]')) continue;
    for (const match of node.data.matchAll(/[\\uac00-\\ud7a3]{2,}/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const tops = new Set(Array.from(range.getClientRects()).map((rect) => Math.round(rect.top)));
      if (tops.size > 1) split.push(match[0]);
    }
  }
  return split;
}"""


def test_no_korean_word_is_split_across_lines_on_a_phone(phone):
    institute = PartnerFactory(slug="gjtp", name_ko="광주테크노파크", summary_ko="입주 공간과 시제품 제작을 지원합니다")
    program = ProgramFactory(
        organizer=institute,
        title_ko="인공지능 기반 데이터 산업 육성을 위한 초기창업기업 사업화 지원사업",
        summary_ko="예비창업자와 초기창업기업의 사업화를 지원하고 전문가 멘토링과 투자 연계를 제공합니다",
        max_age=39,
    )
    EventFactory(organizer=institute, title_ko="광주 인공지능 스타트업 네트워킹 데이 및 투자 설명회")
    found = {}
    for address in ("/", "/programs/", program.get_absolute_url(), "/events/", "/partners/", "/partners/gjtp/"):
        phone.goto(address)
        split = phone.evaluate(SPLIT_WORDS)
        if split:
            found[address] = split[:10]
    assert not found, found


HEADER_HEIGHT = "() => document.querySelector('header.portal-header').getBoundingClientRect().height"
PAGE_WIDER_THAN_SCREEN = "() => document.documentElement.scrollWidth > window.innerWidth"


def test_the_phone_header_takes_at_most_120_px_in_both_languages(phone):
    ProgramFactory(slug="any")
    for address in ("/", "/en/", "/programs/", "/en/programs/"):
        phone.goto(address)
        assert phone.evaluate(HEADER_HEIGHT) <= 120, address
        assert not phone.evaluate(PAGE_WIDER_THAN_SCREEN), address
        # Every section stays reachable: the row scrolls sideways, it does not hide links.
        assert phone.locator(".portal-nav a").count() == 7


def test_four_programs_side_by_side_on_a_phone(phone):
    slugs = []
    for number in range(4):
        ProgramFactory(slug=f"side-{number}", title_ko=f"나란히 보는 사업 {number}", support_per_company=30_000_000)
        slugs.append(f"side-{number}")
    phone.goto("/programs/side-0/")
    phone.get_by_role("button", name="비교 목록에 담기").click()
    phone.wait_for_url("**/programs/compare/")
    for slug in slugs[1:]:
        phone.goto(f"/programs/{slug}/")
        phone.get_by_role("button", name="비교 목록에 담기").click()
        phone.wait_for_url("**/programs/compare/")
    table = phone.get_by_role("region", name="지원사업 4개 나란히 보기")
    assert table.locator("th[scope=col]").count() == 4
    assert table.get_by_text("기업당 최대 3,000만 원").count() == 4
    assert not phone.evaluate(PAGE_WIDER_THAN_SCREEN)  # the table scrolls inside its region, not the page
    region_scrolls = (
        "() => { const r = document.querySelector('.portal-compare'); return r.scrollWidth > r.clientWidth }"
    )
    assert phone.evaluate(region_scrolls)
    table.locator("th[scope=col]").nth(3).scroll_into_view_if_needed()
    assert table.locator("th[scope=col]").nth(3).is_visible()
