"""Saved-search alerts without an account, through a real SMTP server: ask, confirm by email, receive digests of new
matching programs (never in quiet hours, never twice), manage with a signed link, one-click unsubscribe, erasure."""

import re
from datetime import datetime, timedelta
from unittest import mock

import pytest
import time_machine
from django.core.cache import caches
from django.utils import timezone

from alerts import sending
from alerts.models import Alert, Frequency, SavedSearch, Subscriber
from alerts.sending import alerts_send
from alerts.services import alerts_clean_up
from core import mail
from core.mail import MessageBatch, deliveries_resume
from core.models import EmailDelivery
from tests.clock import SEOUL
from tests.factories import CategoryFactory, ProgramFactory
from tests.text import spaced
from tests.worker import run_worker

pytestmark = pytest.mark.django_db(transaction=True)

MORNING = datetime(2026, 3, 10, 10, 0, tzinfo=SEOUL)  # a Tuesday
FILTERS = "state=open&category=education"


@pytest.fixture
def clock():
    with time_machine.travel(MORNING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def categories():
    return CategoryFactory(), CategoryFactory(slug="investment", name_ko="투자", name_en="Investment")


def ask(client, email="founder@example.com", frequency="immediate", filters=FILTERS, language=""):
    return client.post(f"{language}/alerts/new/?{filters}", {"email": email, "frequency": frequency, "consent": "on"})


def link(message, path):
    body = message.get_body(("plain",)).get_content()
    return re.search(rf"http://testserver(/(?:en/)?alerts/{path}/[^/\s]+/)", body).group(1)


def confirm(client, smtp, email="founder@example.com"):
    run_worker()
    url = link(smtp.to(email)[-1], "confirm")
    assert client.post(url).status_code == 200
    return url


def publish(title, category, when=None):
    return ProgramFactory(title_ko=title, title=title, category=category, published_at=when or timezone.now())


def digests(smtp, email="founder@example.com"):
    return [message for message in smtp.to(email) if "List-Unsubscribe" in message]


def test_the_catalogue_offers_an_alert_with_its_filters(client, categories):
    page = client.get(f"/programs/?{FILTERS}&sort=newest&page=1").content.decode()
    assert f'href="/alerts/new/?{FILTERS.replace("&", "&amp;")}"' in page


def test_the_form_shows_the_search_in_words_and_refuses_a_broken_one(client, categories):
    page = client.get(f"/alerts/new/?{FILTERS}")
    assert page.status_code == 200
    assert "교육" in page.content.decode() and "Cache-Control" in page and "no-store" in page["Cache-Control"]
    assert client.get("/alerts/new/?start=2026-02-30").status_code == 400
    assert client.get("/en/alerts/new/?age=-5").status_code == 400


def test_bad_input_is_shown_again_and_nothing_is_saved(client, categories):
    response = client.post(f"/alerts/new/?{FILTERS}", {"email": "not-an-address", "frequency": "hourly"})
    assert response.status_code == 400
    assert 'value="not-an-address"' in response.content.decode()
    assert set(response.context["form"].errors) == {"email", "frequency", "consent"}
    assert Subscriber.objects.count() == 0


def test_the_whole_journey(client, smtp, clock, categories):
    education, investment = categories
    assert ask(client).status_code == 302
    run_worker()
    [confirmation] = smtp.to("founder@example.com")
    assert confirmation["Subject"] and "List-Unsubscribe" not in confirmation
    publish("확인 전 교육", education)
    clock.shift(timedelta(minutes=5))
    assert alerts_send() == 0  # nothing before the confirmation
    confirm_page = client.get(link(confirmation, "confirm"))
    assert confirm_page.status_code == 200 and Alert.objects.get().confirmed_at is None  # a GET confirms nothing
    confirm(client, smtp)
    again = client.get(link(confirmation, "confirm"))  # the link opened a second time
    assert "이미 시작된 알림입니다" in spaced(again) and "/alerts/manage/" in again.content.decode()
    clock.shift(timedelta(minutes=5))
    publish("청년 창업 교육", education)
    publish("투자 설명회", investment)
    clock.shift(timedelta(minutes=1))
    assert alerts_send() == 1
    assert alerts_send() == 0  # run again at once: nothing new
    run_worker()
    [digest] = digests(smtp)
    text = digest.get_body(("plain",)).get_content()
    assert "청년 창업 교육" in text and "투자 설명회" not in text and "확인 전 교육" not in text
    assert "D-" in text and "/programs/" in text
    html = digest.get_body(("html",)).get_content()
    assert "<img" not in html and 'lang="ko"' in html
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.fullmatch(r"<http://testserver(.*)>", "".join(str(digest["List-Unsubscribe"]).split())).group(1)
    # the mail program's one-click POST: no page, no CSRF token
    client.cookies.clear()
    response = client.post(unsubscribe, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    clock.shift(timedelta(minutes=5))
    publish("두 번째 교육", education)
    clock.shift(timedelta(minutes=1))
    assert alerts_send() == 0
    assert Alert.objects.count() == 0


def test_english_requests_get_english_email(client, smtp, clock, categories):
    ask(client, language="/en")
    run_worker()
    [message] = smtp.messages
    assert "/en/alerts/confirm/" in message.get_body(("plain",)).get_content()
    assert "Confirm" in message["Subject"]


def test_the_same_search_saved_twice_is_one_alert(client, smtp, clock, categories):
    ask(client, filters="category=education&state=open")
    ask(client, filters="state=open&category=education&category=education&sort=newest&page=2")
    ask(client, email="FOUNDER@example.com ", filters="category=education&state=open")
    assert (Subscriber.objects.count(), SavedSearch.objects.count(), Alert.objects.count()) == (1, 1, 1)
    ask(client, email="other@example.com", filters="state=open&category=education")
    assert (SavedSearch.objects.count(), Alert.objects.count()) == (1, 2)


def test_links_that_are_tampered_or_expired_get_a_clear_400(client, smtp, clock, categories):
    ask(client)
    run_worker()
    url = link(smtp.messages[0], "confirm")
    assert client.get(url[:-3] + "xx/").status_code == 400
    assert client.get("/alerts/manage/nonsense/").status_code == 400
    assert client.post("/alerts/unsubscribe/nonsense/").status_code == 400
    clock.shift(timedelta(hours=49))
    response = client.post(url)
    assert response.status_code == 400 and "48" in response.content.decode()
    assert Alert.objects.get().confirmed_at is None


def test_no_address_enumeration_and_rate_limits(client, smtp, clock, categories, settings):
    ask(client, email="known@example.com")
    confirm(client, smtp, "known@example.com")
    known = ask(client, email="known@example.com", filters="state=open")
    unknown = ask(client, email="unknown@example.com", filters="state=open")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert client.get(known["Location"]).content == client.get(unknown["Location"]).content
    # per address: at most three confirmations an hour, then the same answer and no email
    for _ in range(4):
        assert ask(client, email="target@example.com").status_code == 302
    run_worker()
    assert len(smtp.to("target@example.com")) == settings.ALERT_CONFIRMATIONS_PER_ADDRESS_PER_HOUR
    # per visitor's address: the eleventh request of the hour gets 429, with what was typed kept
    caches["counters"].clear()  # the rate limits live there, out of the pages' way
    for number in range(settings.ALERT_REQUESTS_PER_HOUR):
        assert ask(client, email=f"person{number}@example.com").status_code == 302
    response = ask(client, email="one-more@example.com")
    assert response.status_code == 429 and "one-more@example.com" in response.content.decode()


def test_quiet_hours_hold_digests_until_eight(client, smtp, categories):
    education, _ = categories
    with time_machine.travel(MORNING, tick=False) as clock:
        ask(client)
        confirm(client, smtp)
        clock.move_to(datetime(2026, 3, 10, 21, 30, tzinfo=SEOUL))
        publish("밤에 올라온 교육", education)
        clock.shift(timedelta(minutes=5))
        assert alerts_send() == 0
        clock.move_to(datetime(2026, 3, 11, 7, 55, tzinfo=SEOUL))
        assert alerts_send() == 0
        clock.move_to(datetime(2026, 3, 11, 8, 0, tzinfo=SEOUL))
        assert alerts_send() == 1


@pytest.mark.parametrize(
    ("frequency", "not_yet", "due"),
    [
        ("daily", datetime(2026, 3, 10, 20, 0), datetime(2026, 3, 11, 8, 0)),
        ("weekly", datetime(2026, 3, 15, 20, 0), datetime(2026, 3, 16, 8, 0)),  # Monday
    ],
)
def test_daily_and_weekly_digests_come_at_eight(client, smtp, categories, frequency, not_yet, due):
    education, _ = categories
    with time_machine.travel(MORNING, tick=False) as clock:
        ask(client, frequency=frequency)
        confirm(client, smtp)
        clock.shift(timedelta(hours=1))
        publish("새 교육", education)
        clock.move_to(not_yet.replace(tzinfo=SEOUL))
        assert alerts_send() == 0
        clock.move_to(due.replace(tzinfo=SEOUL))
        assert alerts_send() == 1
        clock.shift(timedelta(hours=3))
        assert alerts_send() == 0


def test_a_run_that_dies_half_way_is_finished_by_the_next_exactly_once(client, smtp, clock, categories):
    education, _ = categories
    for number in range(3):
        ask(client, email=f"p{number}@example.com")
        confirm(client, smtp, f"p{number}@example.com")
    clock.shift(timedelta(minutes=5))
    publish("새 교육", education)
    clock.shift(timedelta(minutes=1))
    real_queue, calls = sending.digest_queue, []

    def die_on_the_second(*args):
        calls.append(args)
        if len(calls) == 2:
            raise KeyboardInterrupt  # killed while queueing the second address's digest
        real_queue(*args)

    with mock.patch.object(sending, "digest_queue", side_effect=die_on_the_second), pytest.raises(KeyboardInterrupt):
        alerts_send()
    assert EmailDelivery.objects.count() == 3  # the confirmations only: the dead run's transaction left nothing
    assert alerts_send() == 3
    assert alerts_send() == 0
    run_worker()
    clock.shift(mail.stalled_after() + timedelta(minutes=1))
    assert deliveries_resume() == 0  # nothing was left without its task
    assert sorted(message["To"] for message in smtp.messages if "List-Unsubscribe" in message) == [
        f"p{number}@example.com" for number in range(3)
    ]


def test_two_runs_at_once_send_one_digest(client, smtp, clock, categories):
    education, _ = categories
    ask(client)
    confirm(client, smtp)
    clock.shift(timedelta(minutes=5))
    publish("새 교육", education)
    clock.shift(timedelta(minutes=1))
    now = timezone.now()
    stale = list(Alert.objects.select_related("subscriber", "search"))  # what a second run read meanwhile
    due = Alert.objects.all()
    found = sending.news_found(due, stale[0].covered_until, now)
    records = sending.records_read(found)
    assert alerts_send() == 1  # the first run
    with pytest.raises(sending.Conflict):  # the second finds the alert moved on, and rolls back
        sending.digests_queue(stale, found, records, now, MessageBatch(owner="alerts", fresh=True), sending.Snippets())
    assert EmailDelivery.objects.filter(key__startswith="digest:").count() == 1


def test_manage_page_changes_pauses_deletes_and_erases(client, smtp, clock, categories):
    education, _ = categories
    ask(client)
    confirm(client, smtp)
    ask(client, filters="category=investment")
    confirm(client, smtp)
    subscriber = Subscriber.objects.get()
    manage = subscriber.get_absolute_url().removeprefix("http://testserver")
    page = client.get(manage)
    assert page.status_code == 200 and page.content.decode().count('name="action" value="delete"') == 2
    assert "투자" in spaced(page) and "알림 1" not in spaced(page)  # labelled by what they follow, not a number
    first, second = subscriber.alerts.order_by("pk")
    assert client.post(manage, {"action": "frequency", "alert": first.pk, "frequency": "weekly"}).status_code == 302
    assert client.post(manage, {"action": "frequency", "alert": first.pk, "frequency": "hourly"}).status_code == 400
    assert client.post(manage, {"action": "pause", "alert": second.pk}).status_code == 302
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.frequency, second.paused) == (Frequency.WEEKLY, True)
    other = Subscriber.objects.create(email="other@example.com", language="ko")
    theirs = Alert.objects.create(subscriber=other, search=first.search)
    assert client.post(manage, {"action": "delete", "alert": theirs.pk}).status_code == 404
    assert client.post(manage, {"action": "delete", "alert": "1 OR 1=1"}).status_code == 404
    deleted = client.post(manage, {"action": "delete", "alert": second.pk}, follow=True)
    assert deleted.status_code == 200 and "“투자” 알림을 삭제했습니다." in spaced(deleted)
    assert list(subscriber.alerts.all()) == [first]
    asked = client.post(manage, {"action": "erase"})  # asks first
    assert asked.status_code == 200 and 'value="erase-confirmed"' in asked.content.decode()
    assert Subscriber.objects.filter(email="founder@example.com").exists()
    assert client.post(manage, {"action": "erase-confirmed"}).status_code == 200
    assert not Subscriber.objects.filter(email="founder@example.com").exists()
    assert not EmailDelivery.objects.filter(recipient="founder@example.com").exists()
    assert client.get(manage).status_code == 400  # the address is gone
    assert Alert.objects.filter(pk=theirs.pk).exists()


def test_unconfirmed_requests_and_idle_addresses_are_erased(client, smtp, clock, categories):
    ask(client, email="never@example.com")
    ask(client, email="left@example.com")
    confirm(client, smtp, "left@example.com")
    Alert.objects.filter(subscriber__email="left@example.com").delete()
    clock.shift(timedelta(days=6))
    assert alerts_clean_up() == (0, 0)
    clock.shift(timedelta(days=2))
    requests, erased = alerts_clean_up()
    assert (requests, erased) == (1, 1)
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["left@example.com"]
    clock.shift(timedelta(days=23))
    assert alerts_clean_up() == (0, 1)
    assert Subscriber.objects.count() == 0 and SavedSearch.objects.count() == 0


def test_an_address_that_keeps_bouncing_is_paused(client, smtp, clock, categories):
    education, _ = categories
    ask(client)
    confirm(client, smtp)
    for number in range(3):
        EmailDelivery.objects.create(
            recipient="founder@example.com", key=f"old:{number}", message_id=f"<{number}@x>", subject="x",
            status=EmailDelivery.Status.FAILED,
        )  # fmt: skip
    clock.shift(timedelta(minutes=5))
    publish("새 교육", education)
    clock.shift(timedelta(minutes=1))
    assert alerts_send() == 0
    assert Subscriber.objects.get().paused_for_bounces


@pytest.mark.parametrize("persona", ["partner_editor", "city_editor"])
def test_staff_see_how_many_saved_each_search_never_who(client, request, categories, persona):
    search = SavedSearch.objects.create(query="category=education&state=open")
    unconfirmed = SavedSearch.objects.create(query="state=open")
    for number in range(3):
        subscriber = Subscriber.objects.create(email=f"p{number}@example.com", language="ko")
        Alert.objects.create(subscriber=subscriber, search=search, confirmed_at=timezone.now())
    Alert.objects.create(subscriber=subscriber, search=unconfirmed)
    client.force_login(request.getfixturevalue(persona))
    page = client.get("/admin/alerts/savedsearch/")
    assert page.status_code == 200
    assert [(row.pk, row.people) for row in page.context["cl"].result_list] == [(search.pk, 3)]
    assert "@example.com" not in page.content.decode() and "교육" in page.content.decode()
    assert client.get(f"/admin/alerts/savedsearch/{search.pk}/delete/").status_code == 403
    assert client.get("/admin/alerts/subscriber/").status_code == 404


def test_a_long_digest_shows_twenty_and_links_to_the_rest(client, smtp, clock, categories):
    education, _ = categories
    ask(client)
    confirm(client, smtp)
    clock.shift(timedelta(minutes=5))
    for number in range(22):
        publish(f"교육 {number:02d}", education)
    clock.shift(timedelta(minutes=1))
    assert alerts_send() == 1
    run_worker()
    body = digests(smtp)[0].get_body(("plain",)).get_content()
    assert body.count("\n* ") == 20
    assert re.search(r"2.*http://testserver/programs/\?category=education&state=open", body)
    assert "22" in digests(smtp)[0]["Subject"]


def test_a_search_whose_filter_was_removed_finds_nothing_and_says_so(client, smtp, clock, categories):
    education, investment = categories
    ask(client, filters="category=investment&state=open")
    confirm(client, smtp)
    investment.delete()  # a field of support removed by the city
    clock.shift(timedelta(minutes=5))
    publish("아무 교육", education)
    clock.shift(timedelta(minutes=1))
    assert alerts_send() == 0  # not every open program
    manage = Subscriber.objects.get().get_absolute_url().removeprefix("http://testserver")
    page = client.get(manage)
    assert page.status_code == 200 and "이 검색의 필터 중 하나가 더 이상 없어" in page.content.decode()


def test_the_send_alerts_command(client, smtp, clock, categories, capsys):
    from django.core.management import CommandError, call_command

    education, _ = categories
    ask(client)
    confirm(client, smtp)
    clock.shift(timedelta(minutes=5))
    publish("새 교육", education)
    call_command("send_alerts", now="2026-03-10T22:00+09:00")  # quiet hours: nothing
    assert capsys.readouterr().out.startswith("0 emails queued")
    call_command("send_alerts")
    assert capsys.readouterr().out.startswith("1 emails queued")
    call_command("send_alerts")  # again at once: nothing twice
    assert capsys.readouterr().out.startswith("0 emails queued")
    with pytest.raises(CommandError):
        call_command("send_alerts", now="yesterday")


def test_each_distinct_search_is_matched_once_whoever_saved_it(client, smtp, clock, categories):
    education, _ = categories
    for number in range(5):
        ask(client, email=f"p{number}@example.com")
        confirm(client, smtp, f"p{number}@example.com")
    clock.shift(timedelta(minutes=5))
    publish("새 교육", education)
    clock.shift(timedelta(minutes=1))
    with mock.patch.object(sending, "matching", wraps=sending.matching) as matched:
        assert alerts_send() == 5
    assert matched.call_count == 1
