"""Registrants hear when their event's time or place changes: everyone with a place, once per change (an editor's
quick second correction in the same message), in their language, outside quiet hours; nothing for other edits."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import EmailDelivery
from registrations import services
from registrations.changes import ANNOUNCE_AFTER
from registrations.models import Registration
from tests.registrations.conftest import register
from tests.worker import run_worker

pytestmark = pytest.mark.django_db(transaction=True)  # notices are scheduled when the event's save commits


def notices(smtp):
    """{recipient: [subject, ...]} of the change notices received."""
    found = {}
    for message in smtp.messages:
        subject = " ".join(message["Subject"].split())  # a long subject's folding may leave a space in front
        if "변경" in subject or "New time or place" in subject:
            found.setdefault(message["To"], []).append(subject)
    return found


@pytest.fixture
def registrants(client, event, smtp):
    register(client, event, "confirmed@example.com")
    register(client, event, "english@example.com", language="/en")
    register(client, event, "waiting@example.com")  # two seats: this one waits
    register(client, event, "gone@example.com")
    services.cancel(Registration.objects.get(email="gone@example.com"))
    run_worker()  # tickets and waiting-list places: they were told the event as it was


def test_a_new_time_and_a_quick_second_fix_reach_everyone_with_a_place_once(registrants, event, smtp, clock):
    event.starts_at += timedelta(hours=2)
    event.ends_at += timedelta(hours=2)
    event.save()
    clock.shift(timedelta(minutes=3))
    event.venue_name_ko = "광주 AI 창업캠프 2층 대회의실"  # the editor's second thought, within minutes
    event.save()
    clock.shift(ANNOUNCE_AFTER)
    run_worker()
    assert notices(smtp) == {
        "confirmed@example.com": ["일시·장소 변경: " + event.title_ko],
        "english@example.com": ["New time or place: Demo day"],
        "waiting@example.com": ["일시·장소 변경: " + event.title_ko],
    }  # the cancelled registration hears nothing
    [message] = [m for m in smtp.to("confirmed@example.com") if "변경" in m["Subject"]]
    text = message.get_body(("plain",)).get_content()
    assert "2층 대회의실" in text and "2026년 3월 20일 오후 2:00" in text  # noon two hours later, in Seoul
    assert [part.get_filename() for part in message.iter_attachments()] == ["event.ics"]  # a seat: the new calendar
    [waiting] = [m for m in smtp.to("waiting@example.com") if "변경" in m["Subject"]]
    assert list(waiting.iter_attachments()) == []

    clock.shift(timedelta(hours=1))
    event.save()  # saved again unchanged
    event.summary_ko = "요약을 고쳤습니다."  # neither time nor place
    event.save()
    clock.shift(ANNOUNCE_AFTER)
    run_worker()
    assert sum(len(subjects) for subjects in notices(smtp).values()) == 3


def test_a_change_back_is_news_again(registrants, event, smtp, clock):
    first_start = event.starts_at
    for start in (first_start + timedelta(days=1), first_start):
        event.starts_at, event.ends_at = start, start + timedelta(hours=3)
        event.save()
        clock.shift(ANNOUNCE_AFTER)
        run_worker()
    assert len(notices(smtp)["confirmed@example.com"]) == 2


def test_a_change_in_the_evening_waits_for_the_morning(registrants, event, smtp, clock):
    clock.shift(timedelta(hours=10))  # 22:00 in Seoul
    event.online_url = "https://meet.example.com/demo-day"
    event.save()
    clock.shift(ANNOUNCE_AFTER)
    run_worker()
    assert notices(smtp) == {}
    waiting = EmailDelivery.objects.filter(key__contains=":changed:")
    assert waiting.count() == 3
    assert {timezone.localtime(d.not_before).hour for d in waiting} == {8}
    clock.shift(timedelta(hours=10))
    run_worker()
    assert len(notices(smtp)) == 3


def test_a_past_event_announces_nothing(registrants, event, smtp, clock):
    clock.shift(timedelta(days=11))  # the event is over
    event.venue_address_ko = "광주광역시 (바뀐 샘플 주소)"
    event.save()
    clock.shift(ANNOUNCE_AFTER)
    run_worker()
    assert notices(smtp) == {}
