"""Details a Korean founder notices: particles chosen from the word (core.korean), dates with their weekday, a day
named once in a same-day range, English day counts in words. Budget: 20 s a pass (measured 6 s)."""

import html
import re
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

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


@pytest.mark.django_db
def test_bad_filter_values_are_reported_at_the_top_in_one_voice(client):
    ProgramFactory(slug="camp", title_ko="창업 캠프")
    page = client.get("/programs/?age=-5&years=abc&start=2027-01-01&end=2026-01-01").content.decode()
    alert = spaced(
        re.sub(r"<[^>]+>", "", page[page.index('class="alert alert-warning"') : page.index("portal-result")])
    )
    assert "그 조건은 빼고 보여 드립니다" in alert
    assert "나이: 0 이상의 값을 입력해 주세요." in alert and "정수를 입력해 주세요." in alert
    assert page.index('class="alert alert-warning"') < page.index("portal-result-count")  # above the results
    assert "입력하세요." not in spaced(page).replace("창업 후 몇 년차인지 입력하세요.", "")  # Django's plain form


def test_djangos_own_form_messages_are_rewritten_in_the_portals_voice():
    from django import forms

    class Sample(forms.Form):
        number = forms.IntegerField()
        email = forms.EmailField()
        choice = forms.ChoiceField(choices=[("a", "A")])
        text = forms.CharField(max_length=3)

    with translation.override("ko"):
        form = Sample({"number": "x", "email": "x", "choice": "b", "text": "abcd"})
        errors = [str(error) for field_errors in form.errors.values() for error in field_errors]
    assert errors and all(error.endswith(("주세요.", "니다.")) or "주세요." in error for error in errors), errors
    assert not any("/" in error.replace("http://", "") for error in errors)  # no "이/가"


@pytest.mark.parametrize(
    "amount, korean, english",
    [
        (50_000_000, "5,000만 원", "KRW 50 million"),
        (150_000_000, "1억 5,000만 원", "KRW 150 million"),
        (9_600_000_000, "96억 원", "KRW 9.6 billion"),
        (1_234_567, "1,234,567원", "KRW 1,234,567"),
    ],
)
def test_amounts_of_won_read_as_people_say_them(amount, korean, english):
    from core.numbers import won_in_words

    assert (won_in_words(amount, "ko"), won_in_words(amount, "en")) == (korean, english)


@pytest.mark.django_db
def test_an_event_and_a_deadline_offer_a_plain_google_calendar_link(client):
    event = EventFactory(
        slug="talk",
        title_ko="발표회",
        starts_at=datetime(2027, 1, 15, 14, tzinfo=SEOUL),
        ends_at=datetime(2027, 1, 15, 16, tzinfo=SEOUL),
    )
    page = client.get(event.get_absolute_url()).content.decode()
    link = re.search(r'href="(https://calendar\.google\.com/calendar/render\?[^"]+)"', page).group(1)
    query = parse_qs(urlsplit(html.unescape(link)).query)
    assert query["action"] == ["TEMPLATE"] and query["text"] == ["발표회"]
    assert query["dates"] == ["20270115T050000Z/20270115T070000Z"] and query["ctz"] == ["Asia/Seoul"]
    assert "<script" not in page.split("calendar.google.com")[0][-500:]  # a link, nothing loaded from Google
    program = ProgramFactory(slug="open-one")
    assert "calendar.google.com" in client.get(program.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_search_that_finds_nothing_names_the_typed_word_and_offers_a_way_on(client):
    from programs.models import Category

    page = spaced(client.get("/search/?q=창엽").content.decode())
    assert "찾아본 낱말: 창엽." in page and "지금 접수 중인 전체 지원사업" in page
    space = Category.objects.get(slug="space")
    page = client.get("/search/?q=사무실").content.decode()
    assert f'href="{space.get_absolute_url()}"' in html.unescape(page)  # 사무실 is 공간·시설's word


@pytest.mark.django_db
def test_an_open_round_ranks_above_closed_rounds_whose_titles_match_better(client):
    now = timezone.now()
    for year in (2024, 2025):
        ProgramFactory(
            slug=f"ai-{year}",
            title_ko=f"인공지능 창업 지원 3기 ({year}년)",
            application_opens_at=now - timedelta(days=400 * (2026 - year)),
            application_closes_at=now - timedelta(days=400 * (2026 - year) - 30),
        )
    ProgramFactory(
        slug="ai-open",
        title_ko="AI 창업 9기",
        summary_ko="인공지능 창업 지원",
        rolling=True,
        application_opens_at=now - timedelta(days=3),
        application_closes_at=None,
    )
    for address in ("/programs/?q=인공지능 창업 지원", "/search/?q=인공지능 창업 지원"):
        page = client.get(address).content.decode()
        assert page.index("/programs/ai-open/") < page.index("/programs/ai-2025/"), address
