"""On a 360 px phone, in Korean and English, a program's page shows how to apply above the fold."""

import pytest
from playwright.sync_api import expect

from tests.factories import ProgramFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["", "/en"])
def test_the_apply_block_is_above_the_fold_with_working_contact_links(phone, language):
    ProgramFactory(
        slug="academy",
        title_ko="청년 창업아카데미",
        title_en="Youth Start-up Academy",
        summary_ko="창업 기초 교육",
        apply_url="https://example.org/apply",
        contact_ko="창업지원팀 062-610-2400",
    )
    phone.goto(f"{language}/programs/academy/")
    block = phone.locator(".portal-apply")
    expect(block).to_be_visible()
    box = block.bounding_box()
    assert box["y"] < phone.viewport_size["height"], "the apply block starts on the first screen"
    expect(block.locator('a[href="https://example.org/apply"]')).to_be_visible()
    expect(block.locator('a[href="tel:0626102400"]')).to_have_text("062-610-2400")
