import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import EventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_opens_the_month_calendar_and_moves_to_the_next_month(phone):
    today = timezone.localdate()
    next_month = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    starts = datetime(next_month.year, next_month.month, 15, 14, tzinfo=ZoneInfo("Asia/Seoul"))
    EventFactory(title_ko="다음 달 데모데이", starts_at=starts, ends_at=starts + timedelta(hours=3))

    phone.goto("/events/calendar/")
    expect(phone).to_have_url(re.compile(rf"/events/{today.year}/{today.month}/$"))
    expect(phone.locator("h1")).to_contain_text(f"{today.year}년 {today.month}월")
    expect(phone.get_by_text("다음 달 데모데이")).to_have_count(0)

    phone.get_by_role("link", name="다음 달").click()
    expect(phone).to_have_url(re.compile(rf"/events/{next_month.year}/{next_month.month}/$"))
    expect(phone.locator("h1")).to_contain_text(f"{next_month.year}년 {next_month.month}월")
    # On a phone the month is a list of days with events.
    expect(phone.get_by_role("link", name="다음 달 데모데이")).to_be_visible()
    phone.get_by_role("link", name="다음 달 데모데이").click()
    expect(phone.locator("h1")).to_have_text("다음 달 데모데이")
