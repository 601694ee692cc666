"""Following a program (reminders 7 days and 1 day before closing, a message the day it opens, material changes old
-> new, a typo fix sends nothing) and an institute (its new programs and events), through a real SMTP server."""

import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from alerts.models import Alert
from alerts.sending import alerts_send
from programs.models import Program
from tests.clock import SEOUL
from tests.factories import EventFactory, PartnerFactory, ProgramFactory
from tests.worker import run_worker

pytestmark = pytest.mark.django_db(transaction=True)

MORNING = datetime(2026, 3, 10, 10, 0, tzinfo=SEOUL)


@pytest.fixture
def clock():
    with time_machine.travel(MORNING, tick=False) as traveller:
        yield traveller


def text(message):
    return message.get_body(("plain",)).get_content()


def follow(client, smtp, kind, slug, email="founder@example.com", **extra):
    response = client.post(f"/alerts/follow/{kind}/{slug}/", {"email": email, "consent": "on", **extra})
    assert response.status_code == 302
    run_worker()
    url = re.search(r"http://testserver(/alerts/confirm/\S+/)", text(smtp.to(email)[-1])).group(1)
    assert client.post(url).status_code == 200


def sent(smtp, kind_word=None):
    """The alert messages received (not confirmations), after the worker ran."""
    run_worker()
    return [message for message in smtp.messages if "List-Unsubscribe" in message]


@pytest.fixture
def program(clock):
    return ProgramFactory(
        slug="youth-academy",
        title_ko="청년 창업 아카데미",
        title="청년 창업 아카데미",
        application_closes_at=MORNING + timedelta(days=10, hours=8),  # 18:00, ten days on
    )


def test_program_and_institute_pages_offer_to_follow(client, program):
    page = client.get("/programs/youth-academy/").content.decode()
    assert 'href="/alerts/follow/program/youth-academy/"' in page
    partner_page = client.get(program.organizer.get_absolute_url()).content.decode()
    assert f'href="/alerts/follow/institute/{program.organizer.slug}/"' in partner_page
    assert client.get("/alerts/follow/program/no-such-program/").status_code == 404
    draft = ProgramFactory(slug="draft", status="draft")
    assert client.get(f"/alerts/follow/program/{draft.slug}/").status_code == 404
    assert client.get("/alerts/follow/sideways/youth-academy/").status_code == 404


def test_a_typo_fix_sends_nothing_and_a_new_closing_date_sends_old_and_new(client, smtp, clock, program):
    follow(client, smtp, "program", "youth-academy")
    clock.shift(timedelta(minutes=5))
    program.title_ko = program.title = "청년 창업 아카데미 (오타 수정)"
    program.description_ko = "설명을 고쳤습니다"
    program.save()
    assert alerts_send() == 0
    Program.objects.filter(pk=program.pk).update(application_closes_at=MORNING + timedelta(days=20, hours=8))
    clock.shift(timedelta(minutes=5))
    assert alerts_send() == 1
    assert alerts_send() == 0
    [message] = sent(smtp)
    body = text(message)
    assert "접수 마감" in body or "Applications close" in body
    old, new = re.search(r": (.+) -> (.+)", body).groups()
    assert "3월 20일" in old and "3월 30일" in new
    assert "<del>" in message.get_body(("html",)).get_content()


def test_eligibility_link_and_attachment_changes_count(client, smtp, clock, program):
    follow(client, smtp, "program", "youth-academy")
    clock.shift(timedelta(minutes=5))
    Program.objects.filter(pk=program.pk).update(max_age=39, apply_url="https://example.org/new-form")
    program.attachments.create(title="공고문.pdf", file=SimpleUploadedFile("notice.pdf", b"%PDF-1.4 notice"))
    assert alerts_send() == 1
    body = text(sent(smtp)[0])
    assert "39" in body and "https://example.org/new-form" in body and "공고문.pdf" in body


def test_reminders_seven_days_and_one_day_before_closing(client, smtp, clock, program):
    follow(client, smtp, "program", "youth-academy")
    alerts_send()  # the watch starts
    clock.move_to(MORNING + timedelta(days=2, hours=23))  # 8 days before closing, 09:00
    assert alerts_send() == 0
    clock.move_to(MORNING + timedelta(days=3, hours=9))  # 19:00, 6 days 23 hours left
    assert alerts_send() == 1
    clock.shift(timedelta(minutes=5))
    assert alerts_send() == 0
    clock.move_to(MORNING + timedelta(days=9, hours=8, minutes=5))  # the day before, 18:05
    assert alerts_send() == 1
    subjects = [message["Subject"] for message in sent(smtp)]
    assert len(subjects) == 2 and "7" in subjects[0]


def test_a_message_on_the_day_an_upcoming_program_opens(client, smtp, clock):
    ProgramFactory(
        slug="next-round",
        application_opens_at=MORNING + timedelta(days=1, hours=-1),  # tomorrow 09:00
        application_closes_at=MORNING + timedelta(days=30),
    )
    follow(client, smtp, "program", "next-round")
    alerts_send()
    clock.move_to(MORNING + timedelta(days=1, hours=-1, minutes=-5))
    assert alerts_send() == 0
    clock.move_to(MORNING + timedelta(days=1, hours=-1, minutes=5))
    assert alerts_send() == 1
    assert alerts_send() == 0
    assert "접수" in sent(smtp)[0]["Subject"]


def test_changes_at_night_come_at_eight_as_one_message(client, smtp, clock, program):
    follow(client, smtp, "program", "youth-academy")
    clock.move_to(datetime(2026, 3, 10, 22, 0, tzinfo=SEOUL))
    Program.objects.filter(pk=program.pk).update(min_age=19)
    clock.shift(timedelta(minutes=30))
    Program.objects.filter(pk=program.pk).update(min_age=20)
    assert alerts_send() == 0
    clock.move_to(datetime(2026, 3, 11, 8, 0, tzinfo=SEOUL))
    assert alerts_send() == 1
    [message] = sent(smtp)
    assert re.search(r": — -> 20", text(message))


def test_following_an_institute_brings_its_new_programs_and_events(client, smtp, clock):
    institute = PartnerFactory(slug="gjtp", name_ko="광주테크노파크", name="광주테크노파크")
    other = PartnerFactory(slug="other")
    follow(client, smtp, "institute", "gjtp", frequency="immediate")
    clock.shift(timedelta(minutes=5))
    ProgramFactory(title_ko="기관 새 사업", title="기관 새 사업", organizer=institute, published_at=timezone.now())
    EventFactory(title_ko="기관 설명회", title="기관 설명회", organizer=institute, published_at=timezone.now())
    ProgramFactory(title_ko="다른 기관 사업", title="다른 기관 사업", organizer=other, published_at=timezone.now())
    clock.shift(timedelta(minutes=1))
    assert alerts_send() == 1
    body = text(sent(smtp)[0])
    assert "기관 새 사업" in body and "기관 설명회" in body and "다른 기관 사업" not in body


def test_followers_and_the_manage_page(client, smtp, clock, program):
    follow(client, smtp, "program", "youth-academy")
    alert = Alert.objects.get()
    page = client.get(alert.subscriber.get_absolute_url().removeprefix("http://testserver")).content.decode()
    assert "청년 창업 아카데미" in page and 'value="frequency"' not in page


@pytest.mark.parametrize(("persona", "listed"), [("partner_editor", ["mine"]), ("city_editor", ["mine", "theirs"])])
def test_staff_see_follower_counts_of_their_programs(client, request, smtp, clock, institute, persona, listed):
    ProgramFactory(slug="mine", organizer=institute)
    ProgramFactory(slug="theirs")
    for number in range(2):
        follow(client, smtp, "program", "mine", email=f"p{number}@example.com")
    follow(client, smtp, "program", "theirs", email="p9@example.com")
    client.force_login(request.getfixturevalue(persona))
    page = client.get("/admin/alerts/followedprogram/")
    assert page.status_code == 200
    rows = [(program.slug, program.followers) for program in page.context["cl"].result_list]
    assert [slug for slug, _ in rows] == listed and rows[0] == ("mine", 2)
    assert "@example.com" not in page.content.decode()


def test_a_program_nobody_follows_any_more_is_no_longer_watched(client, smtp, clock, program):
    from alerts.models import ProgramWatch
    from alerts.services import alert_delete, alerts_clean_up

    follow(client, smtp, "program", "youth-academy")
    assert ProgramWatch.objects.filter(program=program).exists()
    alerts_clean_up()
    assert ProgramWatch.objects.filter(program=program).exists()
    alert_delete(Alert.objects.get())
    alerts_clean_up()
    assert not ProgramWatch.objects.filter(program=program).exists()
