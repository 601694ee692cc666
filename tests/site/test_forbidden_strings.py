"""Every page type and every email, in Korean and English, against the strings a careful Korean public-service writer
never leaves: raw particle markers ("(으)로", "을(를)"), Django's slash particles ("이/가"), "회원님" on a site
without accounts, and Korean day counts ("D-9") in English. Budget: 40 s a pass (measured 12 s)."""

import re
from datetime import timedelta

import pytest
from django.core import mail as django_mail
from django.utils import timezone

from alerts import services as alert_services
from alerts.models import Frequency
from core.editor_mail import editor_email
from core.models import EditorSettings, EmailDelivery
from registrations.messages import notify
from registrations.models import Registration
from tests.factories import AgreementFactory, EventFactory, PartnerFactory, ProgramFactory, StaffFactory
from tests.text import spaced

pytestmark = pytest.mark.django_db

RAW_PARTICLES = ["(으)로", "을(를)", "를(을)", "이(가)", "가(이)", "은(는)", "는(은)", "와(과)", "과(와)"]
SLASH_PARTICLES = ["이/가", "을/를", "은/는", "와/과", "(으)로"]
FORBIDDEN = [*RAW_PARTICLES, *SLASH_PARTICLES, "회원님"]
ENGLISH_DAY_COUNT = re.compile(r"\bD-(?:\d+|day)\b")


def problems(text, language):
    found = [word for word in FORBIDDEN if word in text]
    if language == "en":
        found += ENGLISH_DAY_COUNT.findall(text)
    return found


@pytest.fixture
def records(institute):
    """One record of each kind, named so that a particle after its name would show (consonant-final names)."""
    now = timezone.now()
    open_program = ProgramFactory(slug="open-camp", title_ko="창업 캠프", title_en="Start-up camp", organizer=institute)
    upcoming = ProgramFactory(
        slug="coming-camp",
        title_ko="데이터 교실",
        title_en="Data class",
        organizer=institute,
        application_opens_at=now + timedelta(days=3),
        application_closes_at=now + timedelta(days=20),
    )
    event = EventFactory(slug="demo-day", title_ko="데모데이", title_en="Demo day", organizer=institute)
    portal_event = EventFactory(
        slug="open-house", title_ko="오픈 하우스", organizer=institute, registration_mode="portal", capacity=5
    )
    partner = PartnerFactory(slug="gist-lab", name_ko="광주 연구소", name_en="Gwangju lab")
    agreement = AgreementFactory(slug="mou-1", title_ko="인공지능 협약", title_en="AI agreement")
    return {
        "open": open_program,
        "upcoming": upcoming,
        "event": event,
        "portal_event": portal_event,
        "partner": partner,
        "agreement": agreement,
    }


def page_addresses(records):
    month = timezone.localtime(records["event"].starts_at)
    return [
        "/",
        "/programs/",
        "/programs/?age=-5&years=abc",  # Django's own form messages
        "/programs/?q=창엽",
        records["open"].get_absolute_url(),
        records["upcoming"].get_absolute_url(),
        "/programs/eligibility/?age=30&years=2",
        f"/programs/compare/?p={records['open'].slug}&p={records['upcoming'].slug}",
        "/programs/my-answers/",
        "/search/?q=창업",
        "/search/?q=사무실이 필요해요",
        "/search/?q=zzqxw",
        "/events/",
        "/events/past/",
        f"/events/{month.year}/{month.month}/",
        records["event"].get_absolute_url(),
        f"/events/{records['portal_event'].slug}/register/",
        "/partners/",
        records["partner"].get_absolute_url(),
        "/agreements/",
        records["agreement"].get_absolute_url(),
        "/alerts/new/?q=창업",
        f"/alerts/follow/program/{records['open'].slug}/",
        "/open-data/",
        "/api/",
        "/suggest/",
    ]


@pytest.mark.parametrize("language", ["", "/en"])
def test_no_page_type_carries_a_forbidden_string(client, records, language):
    for address in page_addresses(records):
        response = client.get(language + address)
        assert response.status_code == 200, address
        text = spaced(response.content.decode())
        assert not problems(text, "en" if language else "ko"), (language + address, problems(text, language))


REGISTRATION_KINDS = [
    *["confirmed", "waiting", "pending", "offer", "cancelled", "declined", "lapsed"],
    *["reminder_week", "reminder_day", "changed"],
]


@pytest.mark.parametrize("language", ["ko", "en"])
def test_no_email_carries_a_forbidden_string(records, language, settings):
    event = records["portal_event"]
    for number, kind in enumerate(REGISTRATION_KINDS):
        registration = Registration.objects.create(
            event=event,
            name="김지은",
            email=f"person{number}@example.com",
            language=language,
            offered_at=timezone.now() if kind == "offer" else None,
        )
        notify(registration, kind)
    subscriber_email = "founder@example.com"
    alert_services.alert_request(email=subscriber_email, language=language, query="q=창업", frequency=Frequency.DAILY)
    alert_services.alert_request(email=subscriber_email, language=language, program=records["open"])
    editor = StaffFactory(email="editor@example.com")
    chosen = EditorSettings(user=editor, language=language, emails=True)
    for template, context in (
        ("returned", {"record": records["open"], "reason": "기간을 고쳐 주세요", "link": "http://x/", "kind": "draft"}),
        ("approved", {"record": records["open"], "link": "http://x/", "kind": "changes"}),
    ):
        editor_email(editor, f"test:{template}", template, context, chosen=chosen)
    deliveries = list(EmailDelivery.objects.all())
    assert len(deliveries) >= len(REGISTRATION_KINDS) + 4
    for delivery in deliveries:
        for part in (delivery.subject, delivery.body_text, delivery.body_html):
            assert not problems(part, language), (delivery.key, problems(part, language))
        site = "광주 AI·창업 포털" if language == "ko" else "Gwangju AI & Start-up Portal"
        assert delivery.headers["From"].startswith(site), delivery.key  # one name, in the recipient's language
    assert not django_mail.outbox  # everything went through the outbox
