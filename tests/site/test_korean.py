"""Details a Korean founder notices: particles chosen from the word (core.korean), dates with their weekday, a day
named once in a same-day range, English day counts in words. Budget: 20 s a pass (measured 6 s)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from core.korean import particle, resolve_particles
from core.mail import queue_email
from core.models import EmailDelivery
from tests.factories import EventFactory, ProgramFactory
from tests.text import spaced

SEOUL = ZoneInfo("Asia/Seoul")


@pytest.mark.parametrize(
    "word, marker, expected",
    [
        ("창업", "(으)로", "으로"),
        ("서울", "(으)로", "로"),  # ㄹ takes 로
        ("사무실", "(으)로", "로"),
        ("AI", "(으)로", "로"),
        ("a@example.org", "(으)로", "로"),
        ("데모데이", "을(를)", "를"),
        ("창업 교실", "을(를)", "을"),
        ("“데모데이”", "을(를)", "를"),
        ("3기", "이(가)", "가"),
        ("10기", "은(는)", "는"),
        ("3", "은(는)", "은"),  # 삼
        ("2", "은(는)", "는"),  # 이
        ("Hackathon", "과(와)", "과"),  # ends in n
        ("KETI", "와(과)", "와"),
    ],
)
def test_a_particle_follows_the_word(word, marker, expected):
    assert particle(word, marker) == expected


def test_markers_are_resolved_after_quotes_and_tags_and_left_alone_elsewhere():
    assert resolve_particles("“청년 창업 교실”을(를) 게시했습니다.") == "“청년 창업 교실”을 게시했습니다."
    assert (
        resolve_particles('<a href="/s">창업</a>(으)로 찾아보시겠어요?') == '<a href="/s">창업</a>으로 찾아보시겠어요?'
    )
    assert resolve_particles("news@example.org(으)로 보내 드립니다") == "news@example.org로 보내 드립니다"
    assert resolve_particles("(주)광주 · 괄호 (예: 참고)") == "(주)광주 · 괄호 (예: 참고)"


@pytest.mark.django_db
def test_no_page_shows_a_raw_particle(client):
    ProgramFactory(slug="camp", title_ko="창업 캠프")
    for address in ("/search/?q=창엽", "/programs/?q=창엽", "/alerts/new/?q=창업"):
        page = client.get(address).content.decode()
        for raw in ("(으)로", "을(를)", "이(가)", "은(는)"):
            assert raw not in page, (address, raw)


@pytest.mark.django_db
def test_emails_carry_no_raw_particle():
    queue_email("a@example.org", "k", "“데모데이”을(를) 취소했습니다", "a@example.org(으)로 보냅니다", owner="core")
    delivery = EmailDelivery.objects.get()
    assert delivery.subject == "“데모데이”를 취소했습니다" and delivery.body_text == "a@example.org로 보냅니다"


def render(text, **context):
    return Template("{% load portal %}" + text).render(Context(context))


@pytest.mark.parametrize(
    "language, moment, expected",
    [
        ("ko", datetime(2026, 12, 13, 14, 0, tzinfo=SEOUL), "2026년 12월 13일(일) 오후 2:00"),
        ("en", datetime(2026, 12, 13, 14, 0, tzinfo=SEOUL), "Sun, Dec. 13, 2026, 2 p.m."),
    ],
)
def test_dates_carry_their_weekday(language, moment, expected):
    with translation.override(language):
        assert expected in render("{% time_element moment %}", moment=moment)


def test_a_same_day_range_names_the_day_once():
    start = datetime(2026, 12, 27, 10, 0, tzinfo=SEOUL)
    with translation.override("ko"):
        same = spaced(render("{% time_range start end %}", start=start, end=start.replace(hour=11)))
        text = render("{% time_range_text start end %}", start=start, end=start.replace(hour=11))
        across = render("{% time_range_text start end %}", start=start, end=start.replace(day=28))
    assert same.count("12월 27일") == 1 and "오전 10:00</time>–<time" in same
    assert text == "2026년 12월 27일(일) 오전 10:00–오전 11:00"
    assert across == "2026년 12월 27일(일) 오전 10:00 – 2026년 12월 28일(월) 오전 10:00"


@pytest.mark.django_db
def test_english_says_the_days_left_in_words_and_the_month_view_names_its_month(client):
    ProgramFactory(slug="soon", title_en="Soon")
    english = client.get("/en/programs/").content.decode()
    assert "closes in" in english and "D-" not in spaced(english).replace("D-day", "")
    EventFactory(starts_at=datetime(2027, 1, 15, 14, tzinfo=SEOUL), ends_at=datetime(2027, 1, 15, 16, tzinfo=SEOUL))
    assert "1월 행사 1개" in spaced(client.get("/events/2027/1/").content.decode())
    assert "1 event in January" in spaced(client.get("/en/events/2027/1/").content.decode())


@pytest.mark.django_db
def test_an_archived_programs_address_says_it_is_gone_and_where_to_go_on(client):
    from core.publishing import Status

    old = ProgramFactory(slug="academy-2025", title_ko="창업 아카데미 2025", status=Status.ARCHIVED)
    response = client.get("/programs/academy-2025/")
    assert response.status_code == 410
    page = spaced(response.content.decode())
    assert "창업 아카데미 2025" in page and "보관된 지원사업" in page and "/programs/?state=open" in page
    ProgramFactory(slug="academy-2026", title_ko="창업 아카데미 2026", previous_round=old)
    page = spaced(client.get("/programs/academy-2025/").content.decode())
    assert 'href="/programs/academy-2026/"' in page
    assert client.get("/programs/never-was/").status_code == 404


@pytest.mark.django_db
def test_a_feed_item_carries_its_deadline_and_a_calendar_drops_an_opening_already_past(client):
    ProgramFactory(slug="open-one", title_ko="열린 사업", summary_ko="요약")
    feed = client.get(reverse("feed_programs")).content
    assert "접수 마감:" in feed.decode() and "(한국 시간)" in feed.decode()
    calendar = client.get("/programs/open-one.ics").content.decode()
    assert "접수 시작" not in calendar and "접수 마감" in calendar


@pytest.mark.django_db
def test_the_registration_form_opens_a_numeric_keypad_and_states_the_right_to_refuse(client):
    event = EventFactory(slug="open-day", registration_mode="portal", capacity=10)
    page = spaced(client.get(f"/events/{event.slug}/register/").content.decode())
    assert 'type="tel" name="phone"' in page or ('name="phone"' in page and 'type="tel"' in page)
    assert "동의하지 않을 권리" in page and "주최 기관에 직접 문의" in page


@pytest.mark.django_db
def test_a_program_archived_without_ever_being_public_stays_not_found(client):
    from core.publishing import Status

    ProgramFactory(slug="never-shown", title_ko="공개된 적 없는 초안", status=Status.ARCHIVED, published_at=None)
    response = client.get("/programs/never-shown/")
    assert response.status_code == 404 and "공개된 적 없는 초안" not in response.content.decode()
