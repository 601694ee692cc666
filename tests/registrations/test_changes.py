"""Registrants hear when their event's time or place changes: everyone with a place, once per change (an editor's
quick second correction in the same message), in their language, outside quiet hours; nothing for other edits."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import EmailDelivery, Revision
from core.services import revision_approve
from registrations import services
from registrations.changes import ANNOUNCE_AFTER
from registrations.models import Registration
from tests.admin_forms import admin_form_data
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
    assert "2층 대회의실" in text and "2026년 3월 20일(금) 오후 2:00" in text  # noon two hours later, in Seoul
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


def test_a_move_proposed_in_the_admin_is_announced_when_a_city_editor_approves_it(
    registrants, event, smtp, clock, partner_editor, city_editor, client
):
    client.force_login(partner_editor)
    url = f"/admin/programs/event/{event.pk}/change/"
    assert "바뀐 일시·장소는 공개되고 10분 뒤 포털 신청자에게 이메일로 알립니다" in client.get(url).content.decode()
    new_start = timezone.localtime(event.starts_at + timedelta(days=1))
    new_end = new_start + timedelta(hours=3)
    data = admin_form_data(
        partner_editor, event,
        starts_at_0=new_start.strftime("%Y-%m-%d"), starts_at_1=new_start.strftime("%H:%M:%S"),
        ends_at_0=new_end.strftime("%Y-%m-%d"), ends_at_1=new_end.strftime("%H:%M:%S"),
    )  # fmt: skip
    assert client.post(url, data).status_code == 302  # a published event's change waits for the city's review
    clock.shift(ANNOUNCE_AFTER)
    run_worker()
    assert notices(smtp) == {}  # the public event has not moved yet

    revision_approve(revision=Revision.objects.get(state=Revision.State.PENDING), reviewer=city_editor)
    clock.shift(ANNOUNCE_AFTER)
    run_worker()
    assert sorted(notices(smtp)) == ["confirmed@example.com", "english@example.com", "waiting@example.com"]
    [message] = [m for m in smtp.to("confirmed@example.com") if "변경" in m["Subject"]]
    assert "2026년 3월 21일(토) 오후 12:00" in message.get_body(("plain",)).get_content()
