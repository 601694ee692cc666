"""The organizer's side: check-in by the ticket's QR link or by name (the organizing institute's staff only), the
registrants page with its actions, adding someone by hand, exports; each path tried by every role."""

import csv
import io
import re

import openpyxl
import pytest

from registrations import services
from registrations.messages import qr_code
from registrations.models import Registration
from registrations.tokens import check_in_url
from tests.factories import EventFactory
from tests.registrations.conftest import register

pytestmark = pytest.mark.django_db

Status = Registration.Status
CHANGELIST = "/admin/registrations/registration/"


@pytest.fixture
def registrants(client, event):
    for number, name in enumerate(["김민지", '=HYPERLINK("evil")', "박서준"]):
        register(client, event, f"person{number}@example.com", name=name)
    return list(Registration.objects.order_by("queued_at", "pk"))


@pytest.fixture
def other_event(clock, other_institute):
    return EventFactory(slug="other-day", organizer=other_institute, registration_mode="portal", capacity=5)


def path_of(url):
    return url.removeprefix("http://testserver")


def test_the_qr_code_holds_the_check_in_link(registrants):
    first = registrants[0]
    assert qr_code(first).designator  # a QR code could be made of it
    assert check_in_url(first).startswith("http://testserver/check-in/")


def test_check_in_by_qr_link_as_the_organizers_staff(client, registrants, partner_editor, clock):
    url = path_of(check_in_url(registrants[0]))
    client.force_login(partner_editor)
    page = client.get(url).content.decode()
    assert "김민지" in page and 'type="submit"' in page
    assert client.post(url).status_code == 200
    again = client.post(url).content.decode()
    assert "12:00" in again and 'type="submit"' not in again  # "already checked in at 12:00"
    assert Registration.objects.get(pk=registrants[0].pk).checked_in_by == partner_editor


@pytest.mark.parametrize(
    "who, status",
    [("anonymous", 302), ("other_partner_editor", 403), ("partner_editor", 200), ("city_editor", 200)],
)
def test_check_in_paths_by_role(client, request, event, registrants, other_event, who, status):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    paths = [path_of(check_in_url(registrants[0])), f"/events/{event.slug}/check-in/?q=김"]
    for path in paths:
        response = client.get(path)
        assert response.status_code == status, path
        if status == 302:
            assert response["Location"].startswith("/admin/login/")
    posted = client.post(path_of(check_in_url(registrants[0])))
    assert posted.status_code == status
    assert Registration.objects.get(pk=registrants[0].pk).checked_in_at is not None if status == 200 else None is None
    if status != 200:
        assert Registration.objects.get(pk=registrants[0].pk).checked_in_at is None


def test_check_in_by_name_without_a_ticket(client, event, registrants, partner_editor):
    client.force_login(partner_editor)
    page = client.get(f"/events/{event.slug}/check-in/", {"q": "김"}).content.decode()
    assert "김민지" in page and "HYPERLINK" not in page
    assert "박서준" not in client.get(f"/events/{event.slug}/check-in/", {"q": "박"}).content.decode()  # waiting
    third = registrants[2]
    assert third.status == Status.WAITING  # the event holds 2: the third person waits
    first = registrants[0]
    response = client.post(f"/events/{event.slug}/check-in/?q=김", {"registration": first.pk})
    assert response.status_code == 302
    assert Registration.objects.get(pk=first.pk).checked_in_at is not None
    assert client.post(f"/events/{event.slug}/check-in/", {"registration": "x"}).status_code == 400
    assert client.post(f"/events/{event.slug}/check-in/", {"registration": third.pk}).status_code == 302
    assert Registration.objects.get(pk=third.pk).checked_in_at is None  # only confirmed people check in


def test_partner_editors_see_their_own_events_registrants_only(
    client, event, registrants, other_event, partner_editor, other_partner_editor, city_editor
):
    register(client, other_event, "elsewhere@example.com", name="다른기관참가자")
    foreign = Registration.objects.get(event=other_event)
    client.force_login(partner_editor)
    listing = client.get(CHANGELIST).content.decode()
    assert "김민지" in listing and "다른기관참가자" not in listing
    assert client.get(f"{CHANGELIST}{foreign.pk}/change/").status_code == 403
    assert client.post(f"{CHANGELIST}{foreign.pk}/change/", {"name": "hijacked"}).status_code == 403
    # an action on another institute's row changes nothing: the action sees only the editor's own rows
    client.post(CHANGELIST, {"action": "cancel_selected", "_selected_action": [foreign.pk]})
    assert Registration.objects.get(pk=foreign.pk).status == Status.CONFIRMED
    client.force_login(city_editor)
    assert "다른기관참가자" in client.get(CHANGELIST).content.decode()


def test_live_counts_and_actions_on_the_registrants_page(client, event, registrants, partner_editor, smtp):
    client.force_login(partner_editor)
    page = client.get(CHANGELIST, {"event": event.pk}).content.decode()
    assert re.search(r"2\D+2\D+0\D+0\D+1", page)  # seats 2, confirmed 2, offered 0, free 0, waiting 1
    client.post(CHANGELIST, {"action": "decline_selected", "_selected_action": [registrants[0].pk]})
    assert Registration.objects.get(pk=registrants[0].pk).status == Status.DECLINED
    assert Registration.objects.get(pk=registrants[2].pk).status == Status.OFFERED  # the seat passed on


def test_move_up_the_waiting_list(client, event, registrants, partner_editor):
    for number in range(3, 6):
        register(client, event, f"person{number}@example.com", name=f"대기{number}")
    last = Registration.objects.get(email="person5@example.com")
    assert last.waiting_position() == 4
    client.force_login(partner_editor)
    client.post(CHANGELIST, {"action": "move_up_selected", "_selected_action": [last.pk]})
    assert Registration.objects.get(pk=last.pk).waiting_position() == 1


def test_add_someone_by_hand_only_to_ones_own_events(client, event, registrants, other_event, partner_editor):
    client.force_login(partner_editor)
    form = {
        "name": "현장등록",
        "email": "walkin@example.com",
        "language": "ko",
        "business_years": "",
        "phone": "",
        "organisation": "",
    }
    refused = client.post(f"{CHANGELIST}add/", {**form, "event": other_event.pk})
    assert refused.status_code == 200 and not Registration.objects.filter(email="walkin@example.com").exists()
    added = client.post(f"{CHANGELIST}add/", {**form, "event": event.pk})
    assert added.status_code == 302
    assert Registration.objects.get(email="walkin@example.com").status == Status.WAITING  # the event is full
    duplicate = client.post(f"{CHANGELIST}add/", {**form, "event": event.pk})
    assert duplicate.status_code == 200 and Registration.objects.filter(email="walkin@example.com").count() == 1


def test_exports_are_formula_safe(client, event, registrants, partner_editor):
    client.force_login(partner_editor)
    chosen = [registration.pk for registration in registrants]
    response = client.post(CHANGELIST, {"action": "export_csv", "_selected_action": chosen})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 4 and '\'=HYPERLINK("evil")' in rows[2]
    response = client.post(CHANGELIST, {"action": "export_xlsx", "_selected_action": chosen})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=3, column=3).value.startswith("'=")
    response = client.post(CHANGELIST, {"action": "export_summary_csv", "_selected_action": chosen})
    summary = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_years = [row for row in summary if row[1] in ("3년 미만", "Under 3 years")]
    assert by_years and by_years[0][2:] == ["3", "2", "0"]


def test_services_refuse_what_makes_no_sense(event, registrants):
    confirmed, waiting = registrants[0], registrants[2]
    assert services.approve(confirmed) is False
    assert services.move_up(confirmed) is False
    registration, checked = services.check_in(waiting, None)
    assert checked is False and registration.checked_in_at is None


def test_the_event_form_refuses_registration_on_the_portal_without_seats(client, city_editor, clock):
    from tests.admin_forms import admin_form_data

    draft = EventFactory(slug="no-seats", status="draft", published_at=None)
    client.force_login(city_editor)
    data = admin_form_data(city_editor, draft, registration_mode="portal", capacity="")
    response = client.post(f"/admin/programs/event/{draft.pk}/change/", data)
    assert response.status_code == 200 and "1석 이상" in response.content.decode()
    data = admin_form_data(city_editor, draft, registration_mode="portal", capacity="50", overbooking_percent="80")
    assert client.post(f"/admin/programs/event/{draft.pk}/change/", data).status_code == 200  # at most 50 %
    draft.refresh_from_db()
    assert draft.registration_mode == "link"
