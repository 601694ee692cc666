"""A data subject's request answered in one place: a city editor finds everything kept about an address across the
apps, exports or erases it, the counts stay, and each answer is recorded (ownership issue)."""

import json

import pytest

from alerts.models import Alert, SavedSearch, Subscriber
from applications.models import Application, ApplicationForm
from core.mail import queue_email
from core.models import AddressRequest, EmailDelivery
from core.signed import address_digest
from programs.models import Suggestion
from registrations import services
from registrations.models import Registration
from tests.factories import EventFactory, ProgramFactory

pytestmark = pytest.mark.django_db

ADDRESS = "person@example.com"
PAGE = "/admin/addresses/"


@pytest.fixture
def kept(institute):
    """The same address in every app: an alert, a place in an event, a suggestion, an application, and emails."""
    subscriber = Subscriber.objects.create(email=ADDRESS, language="ko")
    Alert.objects.create(subscriber=subscriber, search=SavedSearch.objects.create(query="state=open"))
    event = EventFactory(organizer=institute, registration_mode="portal", capacity=5)
    place = services.register(event, name="김개인", email=ADDRESS, language="ko")
    services.register(event, name="다른 사람", email="other@example.com", language="ko")
    Suggestion.objects.create(title="제안한 사업", organizer="기관", contact_email=ADDRESS)
    form = ApplicationForm.objects.create(program=ProgramFactory(organizer=institute), accepting=True)
    Application.objects.create(form=form, email=ADDRESS, name="김신청")
    queue_email(ADDRESS, "confirm:1:x", "알림 확인", "본문", owner="alerts")
    queue_email(ADDRESS, f"registration:{place.pk}:confirmed", "입장권", "본문", owner="registrations")
    return event


@pytest.mark.parametrize("who, status, erased", [("partner_editor", 403, 403), ("city_editor", 200, 302)])
def test_only_city_editors_answer_requests(client, request, who, status, erased, kept):
    client.force_login(request.getfixturevalue(who))
    assert client.get(PAGE).status_code == status
    assert client.post(PAGE, {"email": ADDRESS, "action": "erase", "confirm": "on"}).status_code == erased
    assert Subscriber.objects.exists() == (status == 403)


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(PAGE).status_code == 302


def test_finding_shows_what_every_app_keeps_and_is_recorded(client, city_editor, kept):
    client.force_login(city_editor)
    page = client.post(PAGE, {"email": ADDRESS.upper(), "action": "find"}).content.decode()
    for shown in ("김개인", "제안한 사업", "김신청", "state=open", "입장권", "registrations", "alerts", "programs"):
        assert shown in page, shown
    assert "다른 사람" not in page
    record = AddressRequest.objects.get()
    assert record.kind == "access" and record.handled_by == city_editor
    assert record.digest == address_digest(ADDRESS) and ADDRESS not in json.dumps(record.counts)
    assert record.counts["registrations:registrations"] == 1 and record.counts["core:email log"] == 2


def test_export_is_a_json_file_of_everything_kept(client, city_editor, kept):
    client.force_login(city_editor)
    response = client.post(PAGE, {"email": ADDRESS, "action": "export"})
    assert response["Content-Disposition"].startswith("attachment")
    body = json.loads(response.content)
    apps = {part["app"] for part in body["kept"] if part["rows"]}
    assert apps == {"alerts", "applications", "registrations", "programs", "core"}
    assert AddressRequest.objects.get().kind == "export"


def test_erasure_needs_a_confirmation_then_erases_across_apps_and_keeps_the_counts(client, city_editor, kept):
    client.force_login(city_editor)
    refused = client.post(PAGE, {"email": ADDRESS, "action": "erase"})
    assert refused.status_code == 400 and Subscriber.objects.exists()
    client.post(PAGE, {"email": ADDRESS, "action": "erase", "confirm": "on", "note": "2026-12-01 전자우편 요청"})
    assert not Subscriber.objects.exists()
    assert not EmailDelivery.objects.filter(recipient=ADDRESS).exists()
    assert not Suggestion.objects.filter(contact_email=ADDRESS).exists() and Suggestion.objects.count() == 1
    assert not Registration.objects.filter(email=ADDRESS).exists()
    assert not Application.objects.filter(email=ADDRESS).exists() and Application.objects.get().erased_at
    assert kept.registrations.count() == 2  # the counts stay
    assert Registration.objects.get(email="other@example.com").status == Registration.Status.CONFIRMED
    record = AddressRequest.objects.get()
    assert record.kind == "erasure" and record.note.startswith("2026")
    # alerts: the subscriber and its alert (with its email); registrations: the place (with its email)
    assert record.counts == {"alerts": 2, "applications": 1, "programs": 1, "registrations": 1, "core": 0}
    page = client.post(PAGE, {"email": ADDRESS, "action": "find"}).content.decode()
    assert "김개인" not in page and "제안한 사업" not in page and "김신청" not in page


@pytest.mark.parametrize("email", ["not-an-address", "a@b.c\n", ""])
def test_a_bad_address_is_a_form_error(client, city_editor, email):
    client.force_login(city_editor)
    assert client.post(PAGE, {"email": email, "action": "find"}).status_code == 400
