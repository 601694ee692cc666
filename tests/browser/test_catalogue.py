import re

import pytest
from playwright.sync_api import expect

from tests.factories import CategoryFactory, ProgramFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_filters_the_catalogue_and_removes_a_filter_with_its_chip(phone):
    education = CategoryFactory(slug="education", name_ko="교육", name_en="Education")
    investment = CategoryFactory(slug="investment", name_ko="투자", name_en="Investment")
    ProgramFactory(title_ko="청년 창업 교실", category=education)
    ProgramFactory(title_ko="엔젤 투자 설명회", category=investment)

    phone.goto("/programs/")
    expect(phone.get_by_role("status").first).to_contain_text("지원사업 2개")
    phone.get_by_text("상세 조건").click()
    phone.get_by_label("교육").check()
    phone.get_by_role("button", name="조건 적용").click()

    expect(phone).to_have_url(re.compile(r"/programs/\?.*category=education"))
    expect(phone.get_by_role("heading", name="청년 창업 교실")).to_be_visible()
    expect(phone.get_by_role("heading", name="엔젤 투자 설명회")).to_have_count(0)
    expect(phone.get_by_role("status").first).to_contain_text("지원사업 1개")

    phone.get_by_role("link", name=re.compile("분야: 교육")).click()
    expect(phone).not_to_have_url(re.compile("category="))
    expect(phone.get_by_role("heading", name="엔젤 투자 설명회")).to_be_visible()
    expect(phone.get_by_role("status").first).to_contain_text("지원사업 2개")

    phone.go_back()
    expect(phone).to_have_url(re.compile("category=education"))
    expect(phone.get_by_role("heading", name="엔젤 투자 설명회")).to_have_count(0)
