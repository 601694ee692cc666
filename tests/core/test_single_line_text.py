"""Single-line text never holds a line break, a control character or a direction mark, on every path that stores it
(the admin form, the import, an approved revision, the registration form), and no stored text can make a calendar
file or an email fail to build (trust review, second round, findings 5 and 12)."""

import pytest
import tablib
from django.core import mail
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.mail import deliver_many, queue_email
from core.models import EmailDelivery, Revision
from core.revisions import propose
from core.text import no_links, one_line, single_line
from programs.ical import calendar_bytes, deadline_components, event_calendar_bytes
from programs.models import Event, Program
from programs.resources import ProgramResource
from registrations.messages import notify
from registrations.models import Registration
from tests.admin_forms import admin_form_data, approve_on_review_page
from tests.factories import CategoryFactory, EventFactory, ProgramFactory

pytestmark = pytest.mark.django_db

# Line breaks, NUL, BEL, ESC, DEL, a C1 control, right-to-left override, isolates, the line separator.
UNSAFE = ["첫 줄\n둘째 줄", "a\r\nBcc: x@example.com", "x\x00", "x\x07", "\x1b[31m빨강", "x\x7f", "x\x85",
          "abc\u202egpj.exe", "x\u2066y\u2069", "x\u2028y"]  # fmt: skip
EXAMPLES = 40


@pytest.mark.parametrize("text", UNSAFE)
def test_the_single_line_check_refuses_unsafe_characters_and_one_line_removes_them(text):
    with pytest.raises(Exception) as refusal:
        single_line(text)
    assert refusal.type.__name__ == "ValidationError"
    cleaned = one_line(text)
    single_line(cleaned)  # passes
    assert "\n" not in cleaned


@pytest.mark.parametrize("text", ["홍길동", "Kim Min-su", "(주)광주테크", "O'Brien & Co.", "광주 AI 스타트업 3.0"])
def test_ordinary_names_pass(text):
    single_line(text)
    no_links(text)


@pytest.mark.parametrize(
    "text", ["http://evil.example", "HTTPS://x.kr/a", "www.win-prize", "evil.com", "win.co.kr now", "me@evil.example"]
)
def test_links_are_refused_in_names(text):
    with pytest.raises(Exception) as refusal:
        no_links(text)
    assert refusal.type.__name__ == "ValidationError"


def test_the_admin_form_refuses_a_title_with_a_line_break(client, city_editor):
    program = ProgramFactory(title_ko="원래 제목")
    client.force_login(city_editor)
    data = admin_form_data(city_editor, program, title_ko="첫 줄\r\n둘째 줄")
    response = client.post(f"/admin/programs/program/{program.pk}/change/", data)
    assert response.status_code == 200 and "한 줄로" in response.content.decode()
    program.refresh_from_db()
    assert program.title_ko == "원래 제목"


def test_the_admin_form_refuses_a_venue_with_a_direction_mark(client, city_editor):
    event = EventFactory(venue_name_ko="광주 본관")
    client.force_login(city_editor)
    data = admin_form_data(city_editor, event, venue_name_ko="본관\u202e관별")
    response = client.post(f"/admin/programs/event/{event.pk}/change/", data)
    assert response.status_code == 200
    event.refresh_from_db()
    assert event.venue_name_ko == "광주 본관"


def test_the_import_refuses_a_title_with_a_line_break_and_writes_nothing(city_editor):
    CategoryFactory(slug="education")
    organizer = ProgramFactory().organizer
    dataset = tablib.Dataset(headers=["slug", "title_ko", "title_en", "category__slug", "organizer__slug"])
    dataset.append(["line-break", "첫 줄\n둘째 줄", "Line", "education", organizer.slug])
    result = ProgramResource(user=city_editor).import_data(dataset, dry_run=False)
    assert result.has_validation_errors()
    assert not Program.objects.filter(slug="line-break").exists()


def test_a_revision_holding_a_line_break_is_not_approved(client, partner_editor, city_editor, institute):
    program = ProgramFactory(organizer=institute, title_ko="원래 제목")
    revision = propose(record=program, author=partner_editor, changes={"title_ko": "새\n제목"}, covered={"title_ko"})
    client.force_login(city_editor)
    approve_on_review_page(client, revision)
    program.refresh_from_db()
    assert program.title_ko == "원래 제목"
    assert Revision.objects.get(pk=revision.pk).state == Revision.State.PENDING


# What was stored before the check (or by a path that skips it) can still break nothing.

# Any text a database can hold (PostgreSQL's text holds no NUL; forms refuse it everywhere).
stored_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"], exclude_characters="\x00"), max_size=40
)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=stored_text, venue=stored_text, summary=stored_text)
def test_no_stored_text_breaks_an_event_calendar_or_its_registration_email(title, venue, summary, client, institute):
    event = EventFactory(organizer=institute, registration_mode="portal", capacity=5)
    Event.objects.filter(pk=event.pk).update(title_ko=title, title_en=title, venue_name_ko=venue, summary_ko=summary)
    event.refresh_from_db()
    assert event_calendar_bytes(event).startswith(b"BEGIN:VCALENDAR")
    assert client.get(f"/events/{event.slug}.ics").status_code == 200
    registration = Registration.objects.create(event=event, name="홍길동", email=f"p{event.pk}@example.com")
    Registration.objects.filter(pk=registration.pk).update(name=title, organisation=venue)
    registration.refresh_from_db()
    notify(registration, "confirmed")
    delivery = EmailDelivery.objects.get(recipient=registration.email)
    mail.outbox.clear()
    deliver_many.call([delivery.pk])
    delivery.refresh_from_db()
    assert delivery.status == EmailDelivery.Status.SENT and len(mail.outbox) == 1


@settings(max_examples=EXAMPLES // 2, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=stored_text)
def test_no_stored_title_breaks_a_programs_deadlines_calendar(title, institute):
    program = ProgramFactory(organizer=institute)
    Program.objects.filter(pk=program.pk).update(title_ko=title, title_en=title)
    program.refresh_from_db()
    assert calendar_bytes(title, deadline_components(program, None)).startswith(b"BEGIN:VCALENDAR")


def test_a_message_that_cannot_be_built_is_marked_failed_and_the_queue_moves_on():
    broken, _ = queue_email(
        "a@example.com", "broken", "Subject", "text", headers={"X-Bad": "a\nb"}, enqueue=False, owner="tests"
    )
    fine, _ = queue_email("b@example.com", "fine", "Subject\non two lines", "text", enqueue=False, owner="tests")
    assert deliver_many.call([broken.pk, fine.pk]) == 1
    broken.refresh_from_db()
    fine.refresh_from_db()
    assert broken.status == EmailDelivery.Status.FAILED and "built" in broken.last_error
    assert fine.status == EmailDelivery.Status.SENT
    assert [message.subject for message in mail.outbox] == ["Subject on two lines"]
