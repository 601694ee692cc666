"""City editors manage partner editors' accounts only, never lose a group by saving, and lift partner editors' locks."""

import pytest
from django.contrib.auth.models import Group

from core.roles import CITY_EDITORS, PARTNER_EDITORS
from tests.admin_forms import admin_form_data
from tests.factories import StaffFactory, staff_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return staff_in(CITY_EDITORS, username="city-a")


@pytest.fixture
def other_city():
    return staff_in(CITY_EDITORS, username="city-b")


@pytest.fixture
def partner():
    return staff_in(PARTNER_EDITORS, username="partner-a")


def user_url(user, view="change"):
    return f"/admin/auth/user/{user.pk}/{view}/"


PASSWORD_FORM = {"password1": "a-new-Strong-pass-42", "password2": "a-new-Strong-pass-42"}


def test_a_city_editor_cannot_set_another_city_editors_password(client, city, other_city):
    client.force_login(city)
    assert client.get(user_url(other_city, "password")).status_code == 403
    assert client.post(user_url(other_city, "password"), PASSWORD_FORM).status_code == 403
    other_city.refresh_from_db()
    assert other_city.check_password("test-password")


def test_a_city_editor_cannot_change_another_city_editors_account(client, city, other_city):
    client.force_login(city)
    data = admin_form_data(city, other_city, is_active="")
    assert client.post(user_url(other_city), data).status_code == 403
    other_city.refresh_from_db()
    assert other_city.is_active and other_city.groups.filter(name=CITY_EDITORS).exists()


def test_a_city_editor_cannot_touch_a_superuser(client, city):
    root = StaffFactory(username="root", is_superuser=True)
    client.force_login(city)
    assert client.get(user_url(root)).status_code in (302, 404)
    assert client.post(user_url(root, "password"), PASSWORD_FORM).status_code in (302, 403, 404)
    root.refresh_from_db()
    assert root.check_password("test-password")


def test_saving_their_own_account_keeps_the_city_editors_group(client, city):
    client.force_login(city)
    response = client.post(user_url(city), admin_form_data(city, city, first_name="민지"))
    assert response.status_code == 302
    city.refresh_from_db()
    assert city.first_name == "민지" and list(city.groups.values_list("name", flat=True)) == [CITY_EDITORS]


def test_a_city_editor_manages_partner_editors_and_sets_their_password(client, city, partner):
    client.force_login(city)
    assert client.post(user_url(partner, "password"), PASSWORD_FORM).status_code == 302
    partner.refresh_from_db()
    assert partner.check_password(PASSWORD_FORM["password1"])


def test_saving_an_account_keeps_groups_the_editor_cannot_see(client, city, partner):
    hidden = Group.objects.create(name="Data stewards")
    partner.groups.add(hidden)
    client.force_login(city)
    client.post(user_url(partner), admin_form_data(city, partner, last_name="김"))
    assert set(partner.groups.values_list("name", flat=True)) == {PARTNER_EDITORS, "Data stewards"}


def test_a_city_editor_lifts_a_partner_editors_lock_but_not_a_city_editors(client, city, other_city, partner):
    from axes.models import AccessAttempt

    for account in (partner, other_city):
        AccessAttempt.objects.create(
            username=account.username, ip_address="192.0.2.1", user_agent="test", failures_since_start=5
        )
    client.force_login(city)
    response = client.post(
        "/admin/auth/user/", {"action": "unlock_sign_in", "_selected_action": [partner.pk, other_city.pk]}
    )
    assert response.status_code == 302
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == [other_city.username]


def test_the_lockout_page_says_who_can_lift_a_lock(client):
    StaffFactory(username="editor")
    for _ in range(5):
        response = client.post(
            "/admin/login/?next=/admin/", {"username": "editor", "password": "wrong", "next": "/admin/"}
        )
    page = response.content.decode()
    assert response.status_code == 429 and "시 편집자" in page and "관리자" in page
