"""Every path that reaches a registration of institute A's event, tried by every role, with the expected outcome as a
table: OK (it works, or shows the registrant) or NO (403, the sign-in page, or nothing shown and nothing changed).
A partner editor of institute A is "a", of institute B "b"."""

import pytest

from registrations.models import Registration
from registrations.tokens import check_in_url
from tests.factories import StaffFactory
from tests.registrations.conftest import register

pytestmark = pytest.mark.django_db

OK, NO = "ok", "no"
CHANGELIST = "/admin/registrations/registration/"

# path                 anonymous  a   b   city superuser
TABLE = [
    ("list", NO, OK, NO, OK, OK),
    ("view", NO, OK, NO, OK, OK),
    ("edit", NO, OK, NO, OK, OK),
    ("cancel_action", NO, OK, NO, OK, OK),
    ("export_action", NO, OK, NO, OK, OK),
    ("add", NO, OK, NO, OK, OK),
    ("delete", NO, NO, NO, NO, NO),
    ("check_in_qr", NO, OK, NO, OK, OK),
    ("check_in_by_name", NO, OK, NO, OK, OK),
]
ROLES = ["anonymous", "a", "b", "city", "superuser"]
CASES = [(path, role, outcome) for path, *outcomes in TABLE for role, outcome in zip(ROLES, outcomes, strict=True)]


@pytest.fixture
def people(partner_editor, other_partner_editor, city_editor):
    return {
        "a": partner_editor,
        "b": other_partner_editor,
        "city": city_editor,
        "superuser": StaffFactory(username="root", is_superuser=True),
    }


def attempt(client, path, event, registration):
    """Try the path; returns True when it worked."""
    fresh = lambda: Registration.objects.get(pk=registration.pk)  # noqa: E731
    if path == "list":
        return "김광주" in client.get(CHANGELIST).content.decode()
    if path == "view":
        response = client.get(f"{CHANGELIST}{registration.pk}/change/")
        return response.status_code == 200 and "김광주" in response.content.decode()
    if path == "edit":
        client.post(f"{CHANGELIST}{registration.pk}/change/", {"name": "바뀐 이름", "phone": "", "organisation": ""})
        return fresh().name == "바뀐 이름"
    if path == "cancel_action":
        client.post(CHANGELIST, {"action": "cancel_selected", "_selected_action": [registration.pk]})
        return fresh().status == Registration.Status.CANCELLED
    if path == "export_action":
        response = client.post(CHANGELIST, {"action": "export_csv", "_selected_action": [registration.pk]})
        return response.status_code == 200 and "김광주" in response.content.decode("utf-8-sig", errors="replace")
    if path == "add":
        form = {"event": event.pk, "name": "현장", "email": "walkin@example.com", "language": "ko"}
        client.post(f"{CHANGELIST}add/", form)
        return Registration.objects.filter(email="walkin@example.com").exists()
    if path == "delete":
        client.post(f"{CHANGELIST}{registration.pk}/delete/", {"post": "yes"})
        return not Registration.objects.filter(pk=registration.pk).exists()
    if path == "check_in_qr":
        client.post(check_in_url(registration).removeprefix("http://testserver"))
        return fresh().checked_in_at is not None
    if path == "check_in_by_name":
        client.post(f"/events/{event.slug}/check-in/", {"registration": registration.pk})
        return fresh().checked_in_at is not None
    raise AssertionError(path)


@pytest.mark.parametrize("path, role, outcome", CASES)
def test_role_against_path(client, event, people, path, role, outcome):
    register(client, event, "kim@example.com", name="김광주")
    registration = Registration.objects.get()
    if role != "anonymous":
        client.force_login(people[role])
    assert attempt(client, path, event, registration) == (outcome == OK)
