"""A founder profile without an account, on a 360 px phone: answers remembered across pages, cleared in one click,
and the page cache never serving one visitor's answers to another. Budget: 30 s a pass (measured 9 s)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import phone_page
from tests.factories import ProgramFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def other_visitor(browser, live_server):
    page = phone_page(browser, live_server)  # a second visitor, with cookies of their own
    yield page
    page.context.close()


def test_a_founder_remembers_their_answers_sees_them_on_every_page_and_forgets_them(phone, other_visitor):
    ProgramFactory(slug="youth-fund", title_ko="청년 창업 자금", max_age=39)
    ProgramFactory(slug="senior-fund", title_ko="중장년 창업 자금", min_age=40)
    ProgramFactory(slug="early-fund", title_ko="초기 기업 자금", max_business_years=3)

    phone.goto("/programs/?age=26")
    phone.get_by_role("link", name="이 조건 기억하기").click()
    phone.get_by_role("button", name="내 조건 기억하기").click()
    expect(phone.get_by_role("heading", name="기억한 내 조건")).to_be_visible()

    phone.goto("/programs/")
    bar = phone.get_by_role("complementary", name="기억한 내 조건")
    expect(bar).to_contain_text("나이: 26")
    alert = bar.get_by_role("link", name="나에게 맞는 새 사업을 이메일로 받기")
    expect(alert).to_have_attribute("href", "/alerts/new/?age=26")
    youth = phone.locator("article", has=phone.get_by_role("heading", name="청년 창업 자금"))
    senior = phone.locator("article", has=phone.get_by_role("heading", name="중장년 창업 자금"))
    early = phone.locator("article", has=phone.get_by_role("heading", name="초기 기업 자금"))
    expect(youth).to_contain_text("나에게 맞음")
    expect(senior).to_contain_text("대상 아님")
    expect(early).to_contain_text("확인 필요")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width} px wide at 360 px: the profile bar overflows"

    phone.get_by_role("heading", name="청년 창업 자금").get_by_role("link").click()
    expect(phone.locator("[data-fit-detail]")).to_contain_text("입력한 조건에 맞습니다")

    # Another visitor gets the same addresses, from the page cache, and none of the first visitor's answers.
    for address in ("/programs/", "/programs/youth-fund/"):
        response = other_visitor.goto(address)
        assert response.headers.get("x-page-cache") in ("hit", "stale"), address
        expect(other_visitor.get_by_role("complementary", name="기억한 내 조건")).to_be_hidden()
        expect(other_visitor.locator("[data-fit-for]:not([hidden])")).to_have_count(0)

    phone.get_by_role("button", name="내 조건 지우기").click()  # one click, on whatever page one is
    expect(phone).to_have_url(re.compile(r"/programs/youth-fund/$"))
    expect(phone.get_by_role("complementary", name="기억한 내 조건")).to_be_hidden()
    expect(phone.locator("[data-fit-for]:not([hidden])")).to_have_count(0)
    assert not [cookie for cookie in phone.context.cookies() if cookie["name"] == "founder_profile"]
