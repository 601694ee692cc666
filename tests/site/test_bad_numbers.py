"""Numbers in addresses and forms are read one way: ASCII digits in range, else a clear 4xx (trust review, second
round, findings 10 and 11). Unicode digits ("²", "①") pass str.isdigit() and then failed int(); a 23-digit id
overflowed SQLite; a date of 0001-01-01 00:00 in Korea time could not be converted to UTC."""

import pytest

from core.numbers import parse_id, parse_int
from core.revisions import propose
from tests.admin_forms import admin_form_data
from tests.factories import EventFactory, ProgramFactory

pytestmark = pytest.mark.django_db

HUGE = "12345678901234567890123"


@pytest.mark.parametrize(
    "raw, expected",
    [("12", 12), (" 7 ", 7), ("0", 0), ("²", None), ("①", None), ("١٢", None), ("", None), (None, None),
     ("-3", None), ("1e3", None), ("9223372036854775807", 9223372036854775807), ("9223372036854775808", None),
     (HUGE, None), ("12.0", None)],
)  # fmt: skip
def test_parse_int_reads_ascii_digits_in_range_only(raw, expected):
    assert parse_int(raw) == expected


def test_parse_id_refuses_zero_and_accepts_a_minimum_below_zero_only_when_asked():
    assert parse_id("0") is None and parse_id("5") == 5
    assert parse_int("-3", minimum=-10) == -3 and parse_int("-30", minimum=-10) is None


@pytest.mark.parametrize(
    "path",
    [
        f"/admin/programs/program/{HUGE}/change/",
        f"/admin/programs/program/{HUGE}/history/",
        f"/admin/programs/program/{HUGE}/delete/",
        "/admin/programs/program/%C2%B2/change/",
        f"/admin/core/revision/{HUGE}/change/",
        f"/admin/partners/partner/{HUGE}/change/",
        f"/admin/registrations/registration/{HUGE}/change/",
        "/admin/registrations/registration/%E2%91%A0/change/",
        f"/admin/registrations/registration/?event={HUGE}",
        "/admin/registrations/registration/?event=%C2%B2",
        f"/admin/programs/program/?suggestion={HUGE}",
        f"/admin/programs/program/add/?suggestion={HUGE}",
        "/admin/programs/program/add/?suggestion=%C2%B2",
        f"/admin/programs/program/?id={HUGE}",
        "/api/v1/programs/?page=%C2%B2",
        "/api/v1/programs/?page_size=%E2%91%A0",
        f"/api/v1/programs/?page={HUGE}",
    ],
)
def test_odd_numbers_in_staff_and_api_addresses_give_a_4xx_or_a_page_never_a_500(client, city_editor, path):
    ProgramFactory()
    client.force_login(city_editor)
    assert client.get(path).status_code < 500


@pytest.mark.parametrize("value", ["²", "①", HUGE, "-1", "x"])
def test_odd_numbers_posted_to_the_review_page_give_404(client, city_editor, partner_editor, institute, value):
    program = ProgramFactory(organizer=institute)
    propose(record=program, author=partner_editor, changes={"summary_ko": "새 요약"}, covered={"summary_ko"})
    client.force_login(city_editor)
    assert client.post("/admin/review/", {"revision": value, "decision": "approve"}).status_code == 404


@pytest.mark.parametrize("field", ["application_opens_at", "application_closes_at", "published_at"])
@pytest.mark.parametrize("day, time", [("0001-01-01", "00:00"), ("9999-12-31", "23:59")])
def test_an_admin_date_outside_plausible_years_is_a_form_error(client, city_editor, field, day, time):
    program = ProgramFactory()
    before = getattr(program, field)
    client.force_login(city_editor)
    data = {**admin_form_data(city_editor, program), f"{field}_0": day, f"{field}_1": time}
    response = client.post(f"/admin/programs/program/{program.pk}/change/", data)
    assert response.status_code == 200 and "1900" in response.content.decode()
    program.refresh_from_db()
    assert getattr(program, field) == before


def test_an_event_starting_in_the_year_one_is_a_form_error(client, city_editor):
    event = EventFactory()
    client.force_login(city_editor)
    data = {**admin_form_data(city_editor, event), "starts_at_0": "0001-01-01", "starts_at_1": "00:00"}
    assert client.post(f"/admin/programs/event/{event.pk}/change/", data).status_code == 200


@pytest.mark.parametrize("value", ["①", "²", HUGE])
def test_odd_numbers_posted_to_the_check_in_list_give_400(client, city_editor, value):
    event = EventFactory(slug="door", registration_mode="portal", capacity=5)
    client.force_login(city_editor)
    assert client.post(f"/events/{event.slug}/check-in/", {"registration": value}).status_code == 400
