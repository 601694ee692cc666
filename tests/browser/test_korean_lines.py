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
