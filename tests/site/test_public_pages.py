from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.publishing import Status
from programs.models import Program
from tests.factories import AgreementFactory, AudienceFactory, EventFactory, PartnerFactory, ProgramFactory

pytestmark = pytest.mark.django_db

UNPUBLISHED = [
    {"status": Status.DRAFT, "published_at": None},
    {"status": Status.REVIEW, "published_at": None},
    {"status": Status.ARCHIVED},
    {"status": Status.PUBLISHED, "published_at": timezone.now() + timedelta(days=365)},
]


def html(response):
    return response.content.decode()


def test_home_lists_open_programs_closing_soonest_first_with_days_left(client):
    later = ProgramFactory(title_ko="나중 마감", application_closes_at=timezone.now() + timedelta(days=20))
    sooner = ProgramFactory(title_ko="먼저 마감", application_closes_at=timezone.now() + timedelta(days=2, hours=1))
    ProgramFactory(title_ko="마감된 사업", application_closes_at=timezone.now() - timedelta(days=1))
    EventFactory(title_ko="다가오는 데모데이")
    partner = PartnerFactory(name_ko="광주 테스트 기관")
    response = client.get("/")
    page = html(response)
    assert response.status_code == 200
    assert page.index(sooner.title) < page.index(later.title)
    assert "마감된 사업" not in page
    assert "D-2" in page
    assert "다가오는 데모데이" in page
    assert partner.name in page
    assert 'name="q"' in page


def test_program_list_is_paginated_by_twenty(client):
    ProgramFactory.create_batch(21)
    first = client.get("/programs/")
    second = client.get("/programs/?page=2")
    assert first.status_code == second.status_code == 200
    assert len(first.context["programs"]) == 20
    assert len(second.context["programs"]) == 1
    assert "지원사업 21개" in html(first)


@pytest.mark.parametrize("page", ["999", "abc", "-1", "0"])
def test_a_bad_page_number_shows_a_page_instead_of_an_error(client, page):
    ProgramFactory()
    response = client.get(f"/programs/?page={page}")
    assert response.status_code == 200
    assert len(response.context["programs"]) == 1


def test_program_detail_shows_everything_a_founder_needs(client):
    co_organizer = PartnerFactory(name_ko="공동 기관")
    program = ProgramFactory(
        title_ko="청년 창업아카데미",
        co_organizers=[co_organizer],
        audiences=[AudienceFactory()],
        min_age=19,
        max_age=39,
        max_business_years=3,
        benefit_ko="교육비 전액 지원",
        how_to_apply_ko="온라인 신청",
        apply_url="https://example.org/apply",
        contact_ko="062-000-0000",
        source_url="https://example.org/notice",
    )
    EventFactory(title_ko="아카데미 설명회", program=program)
    EventFactory(title_ko="비공개 설명회", program=program, status=Status.DRAFT, published_at=None)
    page = html(client.get(program.get_absolute_url()))
    assert program.days_left == 30
    for expected in [
        program.title,
        program.organizer.get_absolute_url(),
        co_organizer.get_absolute_url(),
        "교육",
        "청년",  # youth, as the age rule makes it
        "초기창업기업(3년 미만)",  # and the stages the business-years rule makes it for
        "대학생",  # the tag no rule expresses
        "만 19~39세, 개업 3년 이내 또는 예비창업자, 대학생 대상",  # who may apply, in one sentence
        "접수 중",
        "D-30",
        "교육비 전액 지원",
        "온라인 신청",
        "https://example.org/apply",
        "062-000-0000",
        "아카데미 설명회",
        "https://example.org/notice",
    ]:
        assert expected in page, expected
    assert "비공개 설명회" not in page
    assert page.count("<h1") == 1
    assert 'aria-label="현재 위치"' in page


def test_event_pages(client):
    program = ProgramFactory(title_ko="관련 사업")
    upcoming = EventFactory(
        title_ko="AI 데모데이",
        venue_name_ko="김대중컨벤션센터",
        online_url="https://example.org/live",
        registration_url="https://example.org/register",
        program=program,
    )
    past = EventFactory(
        title_ko="지난 세미나",
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=3) + timedelta(hours=2),
    )
    upcoming_list = html(client.get("/events/"))
    past_list = html(client.get("/events/past/"))
    assert "AI 데모데이" in upcoming_list and "지난 세미나" not in upcoming_list
    assert "지난 세미나" in past_list and "AI 데모데이" not in past_list
    detail = html(client.get(upcoming.get_absolute_url()))
    local_start = timezone.localtime(upcoming.starts_at)
    for expected in [
        "김대중컨벤션센터",
        "https://example.org/live",
        "https://example.org/register",
        upcoming.organizer.get_absolute_url(),
        program.get_absolute_url(),
        local_start.isoformat(),
        f"{local_start.year}년 {local_start.month}월 {local_start.day}일",
    ]:
        assert expected in detail, expected
    assert "지난 행사" in html(client.get(past.get_absolute_url()))


@pytest.mark.parametrize("hidden", UNPUBLISHED, ids=["draft", "review", "archived", "scheduled"])
def test_unpublished_records_are_not_found(client, hidden):
    records = [
        ProgramFactory(**hidden),
        EventFactory(**hidden),
        PartnerFactory(**hidden),
        AgreementFactory(**hidden),
    ]
    for record in records:
        # A program archived while public says it is gone (410, with where to go on); the rest are not found.
        gone = isinstance(record, Program) and hidden["status"] == Status.ARCHIVED
        assert client.get(record.get_absolute_url()).status_code == (410 if gone else 404)
    for listing in ["/", "/programs/", "/events/", "/partners/", "/agreements/"]:
        page = html(client.get(listing))
        assert all(str(record) not in page for record in records), listing


@pytest.mark.parametrize(
    "url", ["/programs/nope/", "/events/nope/", "/partners/nope/", "/agreements/nope/", "/nowhere/"]
)
def test_unknown_addresses_are_404_with_a_friendly_page(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "페이지를 찾을 수 없습니다" in html(response)


def test_search_finds_records_of_every_kind_in_sections(client):
    ProgramFactory(title_ko="청년 창업 교육")
    EventFactory(title_en="Start-up night", title_ko="창업의 밤")
    PartnerFactory(name_ko="창업진흥 기관")
    AgreementFactory(title_ko="창업 협력 협약")
    ProgramFactory(title_ko="투자 설명회")
    response = client.get("/search/", {"q": "창업"})
    page = html(response)
    assert response.status_code == 200
    counts = {section.key: section.count for section in response.context["sections"]}
    assert counts == {"programs": 1, "events": 1, "partners": 1, "agreements": 1}
    assert "청년 <mark>창업</mark> 교육" in page and "투자 설명회" not in page


def test_search_results_are_drawn_once_for_every_address_asking_the_same_and_an_edit_shows_at_once(client):
    ProgramFactory(title_ko="드론 창업 교육")
    assert "<mark>드론</mark> 창업 교육" in html(client.get("/search/", {"q": "드론", "utm_source": "newsletter"}))
    with CaptureQueriesContext(connection) as reads:
        again = html(client.get("/search/", {"q": " 드론 ", "fbclid": "abc"}))
    assert "<mark>드론</mark> 창업 교육" in again
    read = " ".join(query["sql"] for query in reads.captured_queries)
    assert "programs_program" not in read and "programs_event" not in read  # from the cache
    EventFactory(title_ko="드론 시연회")
    page = html(client.get("/search/", {"q": "드론", "fbclid": "abc"}))
    assert "<mark>드론</mark> 시연회" in page and "“드론” 검색 결과 2건" in page


def test_search_is_case_insensitive_in_english_and_escapes_the_query(client):
    ProgramFactory(title_en="AI Bootcamp")
    response = client.get("/en/search/", {"q": "bootcamp"})
    assert response.context["sections"][0].count == 1
    attack = client.get("/search/", {"q": "<script>alert(1)</script>"})
    assert attack.status_code == 200
    assert "<script>alert(1)</script>" not in html(attack)
    assert "&lt;script&gt;" in html(attack)


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_the_events_list_links_the_month_calendar_and_the_subscription(client):
    page = html(client.get("/events/"))
    assert 'href="/events/calendar/"' in page and 'href="/events/calendar.ics"' in page
    assert 'href="/en/events/calendar/"' in html(client.get("/en/events/"))


def test_a_program_page_says_how_to_apply_first_with_contact_links(client):
    program = ProgramFactory(
        slug="apply-first",
        how_to_apply_ko="온라인 접수\n제출 서류: 신청서, 사업계획서",
        apply_url="https://example.org/apply",
        contact_ko="창업지원팀 062-610-2400, startup@example.org",
    )
    page = html(client.get(program.get_absolute_url()))
    assert page.index("apply-title") < page.index("fit-title")  # how to apply before the eligibility check
    assert 'href="https://example.org/apply"' in page and "제출 서류" in page
    assert 'href="tel:0626102400"' in page and 'href="mailto:startup@example.org"' in page


def test_without_a_contact_the_organizer_is_named_with_its_phone(client):
    partner = PartnerFactory(name_ko="광주 테스트 기관", phone="062-000-1234")
    program = ProgramFactory(organizer=partner, contact_ko="", apply_url="")
    page = html(client.get(program.get_absolute_url()))
    assert 'href="tel:0620001234"' in page and "광주 테스트 기관" in page


def test_a_closed_program_says_so_and_offers_no_eligibility_check(client):
    closed = ProgramFactory(
        application_opens_at=timezone.now() - timedelta(days=60),
        application_closes_at=timezone.now() - timedelta(days=30),
        apply_url="https://example.org/apply",
    )
    page = html(client.get(closed.get_absolute_url()))
    assert "fit-title" not in page and 'href="https://example.org/apply"' not in page
    assert "apply-title" in page


def test_an_event_page_says_how_to_take_part_first(client):
    event = EventFactory(
        slug="demo-day",
        venue_name_ko="광주 AI 창업캠프",
        venue_address_ko="광주광역시 샘플로 1",
        directions_ko="샘플역 2번 출구에서 걸어서 5분",
        directions_en="5 minutes' walk from exit 2 of Sample station",
        online_url="https://example.org/live",
        registration_url="https://example.org/register",
    )
    page = html(client.get(event.get_absolute_url()))
    block = page[page.index("attend-title") : page.index("portal-facts")]
    for expected in [
        "광주광역시 샘플로 1",
        "찾아오는 길: 샘플역 2번 출구에서 걸어서 5분",
        'href="https://example.org/live"',
        'href="https://example.org/register"',
    ]:
        assert expected in block, expected
    assert "Getting there: 5 minutes&#x27; walk from exit 2" in html(client.get(f"/en{event.get_absolute_url()}"))
    later = EventFactory(
        venue_name_ko="", venue_address_ko="", place_details_by=timezone.localdate() + timedelta(days=5)
    )
    assert "안내" in html(client.get(later.get_absolute_url())) or "announced" in html(
        client.get(later.get_absolute_url())
    )


def test_events_are_filtered_online_or_in_person(client):
    EventFactory(title_ko="온라인 설명회", venue_name_ko="", venue_address_ko="", online_url="https://example.org/live")
    EventFactory(title_ko="현장 데모데이")
    online = html(client.get("/events/?mode=online"))
    assert "온라인 설명회" in online and "현장 데모데이" not in online
    in_person = html(client.get("/events/?mode=in_person"))
    assert "현장 데모데이" in in_person and "온라인 설명회" not in in_person
    everything = html(client.get("/events/"))
    assert "온라인 설명회" in everything and 'href="?mode=online"' in everything
    assert client.get("/events/?mode=nonsense").status_code == 200
