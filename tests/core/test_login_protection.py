"""django-axes: a username and address pair is locked for 15 minutes after 5 failed sign-ins, and it is logged."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def sign_in(client, password, address="192.0.2.10"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_five_failures_lock_the_pair_for_15_minutes_and_are_logged(client, caplog):
    StaffFactory(username="editor")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(4):
            assert sign_in(client, "wrong").status_code == 200  # the form again, with its error
        with caplog.at_level("WARNING", logger="axes"):
            locked = sign_in(client, "wrong")
        assert locked.status_code == 429
        assert "15" in locked.content.decode()
        assert any(
            "locking out" in record.getMessage().lower() and "editor" in record.getMessage()
            for record in caplog.records
        )
        assert sign_in(client, "test-password").status_code == 429  # even the right password
        assert sign_in(client, "test-password", address="192.0.2.99").status_code == 302  # another address
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        assert sign_in(client, "test-password").status_code == 302  # never locked for good


def test_a_success_resets_the_count(client):
    StaffFactory(username="editor")
    for _ in range(4):
        sign_in(client, "wrong")
    assert sign_in(client, "test-password").status_code == 302
    client.logout()
    for _ in range(4):
        assert sign_in(client, "wrong").status_code == 200


def test_behind_the_proxy_the_address_is_the_one_the_proxy_appended(rf, settings):
    from core.security import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7", REMOTE_ADDR="127.0.0.1")
    settings.BEHIND_PROXY = False
    assert client_ip(request) == "127.0.0.1"  # a header anyone can send is not trusted without the proxy
    settings.BEHIND_PROXY = True
    assert client_ip(request) == "203.0.113.7"
