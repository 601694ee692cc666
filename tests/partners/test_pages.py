"""The institutes' and agreements' pages: grouped by kind, each institute with its programs, events and agreements."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from programs.templatetags import programs_tags
from tests.factories import AgreementFactory, EventFactory, PartnerFactory, ProgramFactory
from tests.text import spaced

pytestmark = pytest.mark.django_db


def html(response):
    return spaced(response)


def test_partner_list_groups_by_kind_and_filters(client):
    PartnerFactory(name_ko="어느 재단", kind="foundation")
    PartnerFactory(name_ko="어느 대학", kind="university")
    everything = html(client.get("/partners/"))
    assert "어느 재단" in everything and "어느 대학" in everything
    assert "재단" in everything and "대학" in everything
    only_universities = html(client.get("/partners/?kind=university"))
    assert "어느 대학" in only_universities and "어느 재단" not in only_universities
    assert "어느 재단" in html(client.get("/partners/?kind=<script>"))


def test_partner_detail_lists_programs_open_first_events_and_agreements(client):
    partner = PartnerFactory(name_ko="광주테크노파크")
    closed = ProgramFactory(
        organizer=partner,
        title_ko="마감 사업",
        application_opens_at=timezone.now() - timedelta(days=30),
        application_closes_at=timezone.now() - timedelta(days=1),
    )
    open_program = ProgramFactory(organizer=partner, title_ko="접수 사업")
    co_organized = ProgramFactory(title_ko="공동 주관 사업", co_organizers=[partner])
    EventFactory(organizer=partner, title_ko="기관 행사")
    EventFactory(title_ko="공동 개최 행사").co_hosts.add(partner)
    AgreementFactory(title_ko="기관 협약", parties=[partner])
    ProgramFactory(title_ko="다른 기관 사업")
    EventFactory(title_ko="다른 기관 행사")
    page = html(client.get(partner.get_absolute_url()))
    assert page.index(open_program.title) < page.index(closed.title)
    assert co_organized.title in page and "공동 개최 행사" in page
    assert "기관 행사" in page and "기관 협약" in page
    assert "다른 기관 사업" not in page and "다른 기관 행사" not in page


def test_agreement_pages_show_date_place_parties_and_areas(client):
    parties = [PartnerFactory(name_ko="광주광역시"), PartnerFactory(name_ko="한국전자기술연구원")]
    agreement = AgreementFactory(
        title_ko="AI 업무협약", place_ko="광주테크노파크 회의실", areas_ko="공동 연구\n인력 파견", parties=parties
    )
    listing = html(client.get("/agreements/"))
    assert "AI 업무협약" in listing and "광주광역시" in listing
    detail = html(client.get(agreement.get_absolute_url()))
    for expected in [
        "광주테크노파크 회의실",
        "<li>공동 연구</li>",
        "<li>인력 파견</li>",
        parties[1].get_absolute_url(),
    ]:
        assert expected in detail, expected


def test_kind_tabs_only_for_kinds_that_have_institutes_and_one_name_everywhere(client):
    PartnerFactory(name_ko="정보통신기획평가원", short_name_ko="IITP", kind="research")
    page = html(client.get("/partners/"))
    assert "?kind=research" in page and "?kind=investor" not in page
    assert "IITP (정보통신기획평가원)" in page
    assert "IITP (정보통신기획평가원)" in html(client.get("/programs/"))  # the catalogue's institute filter


def test_directory_card_says_what_an_institute_does_or_what_it_runs_here(client):
    PartnerFactory(name_ko="설명 있는 기관", summary_ko="AI 기업의 실증을 돕습니다.", kind="support")
    busy = PartnerFactory(name_ko="사업 많은 기관", kind="foundation")
    ProgramFactory(organizer=busy)
    ProgramFactory(co_organizers=[busy])
    ProgramFactory(organizer=busy, co_organizers=[busy])  # counted once
    ProgramFactory(organizer=busy, status="draft")  # not public
    EventFactory(organizer=busy)
    PartnerFactory(name_ko="조용한 기관", kind="university")
    page = html(client.get("/partners/"))
    card = page[page.index("설명 있는 기관") :]
    assert "AI 기업의 실증을 돕습니다." in card[: card.index("</article>")]
    card = page[page.index("사업 많은 기관") :]
    assert "재단 · 이 포털의 지원사업 3개, 행사 1개" in card[: card.index("</article>")]
    card = page[page.index("조용한 기관") :]
    assert "대학 · 아직 이 포털에 올린 것이 없습니다" in card[: card.index("</article>")]
    english = html(client.get("/en/partners/"))
    assert "Foundation · on this portal: 3 programs, 1 event" in english


def test_directory_card_and_page_link_the_contacts_staff_entered(client):
    partner = PartnerFactory(
        name_ko="연락 기관",
        website="https://example.org/",
        phone="062-123-4567",
        email="hello@example.org",
        address_ko="광주광역시 북구 첨단과기로 123",
    )
    for page in (html(client.get("/partners/")), html(client.get(partner.get_absolute_url()))):
        assert 'href="tel:0621234567"' in page
        assert 'href="mailto:hello@example.org"' in page
        assert 'href="https://example.org/"' in page
        assert "첨단과기로 123" in page


def test_an_institutes_activity_is_drawn_once_for_every_address_and_an_edit_shows_at_once(client):
    partner = PartnerFactory(name_ko="광주테크노파크")
    ProgramFactory(organizer=partner, title_ko="첫 사업")
    assert "첫 사업" in html(client.get(partner.get_absolute_url() + "?utm_source=newsletter"))
    with CaptureQueriesContext(connection) as reads:
        again = html(client.get(partner.get_absolute_url() + "?fbclid=abc"))
    assert "첫 사업" in again
    read_tables = " ".join(query["sql"] for query in reads.captured_queries)
    assert "programs_program" not in read_tables and "programs_event" not in read_tables  # from the cache
    ProgramFactory(organizer=partner, title_ko="새 사업")
    EventFactory(organizer=partner, title_ko="새 행사")
    page = html(client.get(partner.get_absolute_url() + "?fbclid=abc"))
    assert "새 사업" in page and "새 행사" in page


def test_a_busy_institute_shows_its_first_programs_and_events_and_links_to_the_rest(client, monkeypatch):
    monkeypatch.setattr(programs_tags, "PARTNER_PROGRAMS", 2)
    monkeypatch.setattr(programs_tags, "PARTNER_EVENTS", 2)
    busy, quiet = PartnerFactory(slug="busy", name_ko="바쁜 기관"), PartnerFactory(slug="quiet", name_ko="한가한 기관")
    for number in range(3):
        ProgramFactory(organizer=busy, title_ko=f"바쁜 사업 {number}")
        EventFactory(organizer=busy, title_ko=f"바쁜 행사 {number}")
    for number in range(2):
        ProgramFactory(organizer=quiet, title_ko=f"한가한 사업 {number}")
        EventFactory(organizer=quiet, title_ko=f"한가한 행사 {number}")
    page = html(client.get(busy.get_absolute_url()))
    assert sum(f"바쁜 사업 {number}" in page for number in range(3)) == 2
    assert sum(f"바쁜 행사 {number}" in page for number in range(3)) == 2
    assert 'href="/programs/?organizer=busy"' in page and 'href="/events/?organizer=busy"' in page
    everything = html(client.get("/programs/?organizer=busy"))
    assert all(f"바쁜 사업 {number}" in everything for number in range(3))
    page = html(client.get(quiet.get_absolute_url()))
    assert "한가한 사업 1" in page and "한가한 행사 1" in page
    assert "?organizer=quiet" not in page


def test_an_institutes_events_stay_drawn_while_programs_and_the_institute_are_edited(client, monkeypatch):
    from programs.models import Event

    monkeypatch.setattr(programs_tags, "PARTNER_EVENTS", 1)  # its events then link to the rest, with its name
    partner = PartnerFactory(name_ko="옛 이름 기관")
    program = ProgramFactory(organizer=partner, title_ko="첫 사업")
    first, _ = EventFactory(organizer=partner, title_ko="첫 행사"), EventFactory(organizer=partner)
    assert "첫 행사" in html(client.get(partner.get_absolute_url()))
    Event.objects.filter(pk=first.pk).update(title_ko="몰래 바뀐 행사")  # behind the cache's back: shows what is kept
    program.title_ko = "고친 사업"
    program.save()
    partner.summary_ko = "새 소개"
    partner.save()
    page = html(client.get(partner.get_absolute_url()))
    assert "고친 사업" in page and "새 소개" in page  # the program and the institute: at once
    assert "첫 행사" in page and "몰래 바뀐 행사" not in page  # its events: kept
    partner.name_ko = "새 이름 기관"
    partner.save()
    page = html(client.get(partner.get_absolute_url()))  # a new name: drawn again, as the link to the rest names it
    assert "새 이름 기관 주관 예정 행사 전체 보기" in page and "몰래 바뀐 행사" in page
    Event.objects.filter(pk=first.pk).update(title_ko="또 바뀐 행사")
    first.refresh_from_db()
    first.save()  # an event's own save draws them again
    assert "또 바뀐 행사" in html(client.get(partner.get_absolute_url()))
