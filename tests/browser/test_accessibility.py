"""axe-core (from the npm registry) finds no WCAG 2.1 A/AA violation on any public page type, in both languages."""

import json
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from alerts.models import Alert, SavedSearch, Subscriber
from alerts.tokens import confirm_url, manage_url, unsubscribe_url
from partners.models import Partner
from programs.models import Event, Program
from registrations import services
from registrations.models import Registration
from registrations.tokens import ticket_path
from tests.factories import AgreementFactory, AudienceFactory, EventFactory, PartnerFactory, ProgramFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
PAGES = [
    "/",
    "/programs/",
    "/programs/?category=education&state=open&age=30",
    "/programs/?category=investment&state=closed",
    "/programs/?source=kstartup&region=nationwide",  # national notices: the cards name the portal and 전국
    "/programs/youth-academy/",
    "/programs/youth-academy/?age=45&years=9",
    "/programs/next-academy/",
    "/programs/eligibility/?age=25&years=0",
    "/programs/?age=25&years=0&category=education",  # "who you are": those that fit, then those to check
    "/programs/my-answers/?age=25&years=0",  # answers to remember
    "/programs/compare/?p=youth-academy&p=next-academy",  # two programs side by side
    "/programs/compare/",  # nothing to compare yet
    "/programs/archived-academy/",  # an archived program's address: 410, with where to go on
    "/events/",
    "/events/past/",
    "/events/demo-day/",
    "/events/calendar/",
    "/partners/",
    "/partners/gjtp/",
    "/agreements/",
    "/agreements/ai-agreement/",
    "/search/?q=창업",
    "/search/?q=창업+양자컴퓨터",  # partial matches, with the words left out
    "/search/?q=아카데믜",  # nothing found: the words looked for and "did you mean"
    "/search/?q=창업&in=programs",  # one section in full
    "/programs/?q=아카데믜&category=education",  # the catalogue's own help when the keyword finds nothing
    "/open-data/",
    "/api/",
    "/en/api/",
    "/suggest/",
    "/suggest/thanks/",
    "/alerts/new/?category=education&state=open&age=30",
    "/alerts/new/?start=2026-02-30",  # a search that cannot be saved
    "/alerts/requested/",
    "/alerts/follow/program/youth-academy/",
    "/alerts/follow/institute/gjtp/",
    "/alerts/confirm/tampered/",  # a link that does not work
    "/no-such-page/",
]


@pytest.fixture
def portal():
    partner = PartnerFactory(
        slug="gjtp", name_ko="광주테크노파크", name_en="Gwangju Techno Park", website="https://example.org"
    )
    program = ProgramFactory(
        slug="youth-academy",
        title_ko="청년 창업아카데미",
        title_en="Youth Start-up Academy",
        summary_ko="창업 기초 교육",
        benefit_ko="교육비 지원",
        organizer=partner,
        audiences=[AudienceFactory()],
        min_age=19,
        max_age=39,
        apply_url="https://example.org/apply",
        nationwide=True,
    )
    last_year = ProgramFactory(
        title_ko="지난 공모",
        application_opens_at=timezone.now() - timedelta(days=400),
        application_closes_at=timezone.now() - timedelta(days=370),
    )
    program.previous_round = ProgramFactory(
        title_ko="재작년 공모",
        application_opens_at=timezone.now() - timedelta(days=765),
        application_closes_at=timezone.now() - timedelta(days=735),
        previous_round=last_year,
    )
    program.save()  # a family of three rounds: the program's page lists them with the usual month
    program.sources.create(  # announced on a national portal too: its page credits the source
        source="kstartup",
        source_id="170001",
        source_url="https://www.k-startup.go.kr/web/contents/bizpbanc-ongoing.do?schM=view&pbancSn=170001",
        checked_at=timezone.now(),
    )
    ProgramFactory(
        slug="next-academy",
        title_ko="다음 회차 (예고)",
        application_opens_at=None,
        application_closes_at=None,
        expected_opening=timezone.localdate() + timedelta(days=100),
        previous_round=program,
    )
    EventFactory(
        slug="demo-day",
        title_ko="창업 데모데이",
        program=program,
        organizer=partner,
        venue_name_ko="광주",
        registration_mode="portal",
        capacity=1,
    )
    starts = timezone.now() - timedelta(days=5)
    EventFactory(title_ko="지난 세미나", starts_at=starts, ends_at=starts + timedelta(hours=2))
    AgreementFactory(slug="ai-agreement", parties=[partner], areas_ko="공동 연구\n인력 파견")
    ProgramFactory(slug="archived-academy", title_ko="지난 아카데미", status="archived", organizer=partner)
    return alert_pages() + registration_pages() + busy_day_pages() + application_pages(program)


def busy_day_pages():
    """A day with more events than its cell shows: the month's "+N more" link and the day's own page."""
    noon = timezone.make_aware(datetime.combine(timezone.localdate(), time(12)))
    for number in range(5):
        EventFactory(title_ko=f"같은 날 행사 {number}", starts_at=noon, ends_at=noon + timedelta(hours=1))
    return [f"/events/{noon.year}/{noon.month}/", f"/events/{noon.year}/{noon.month}/{noon.day}/"]


def registration_pages():
    """Registration's pages: the form with seats left and when full, and a ticket's pages in each state."""
    EventFactory(slug="open-day", title_ko="열린 설명회", registration_mode="portal", capacity=30)
    demo_day = Event.objects.get(slug="demo-day")
    confirmed = services.register(demo_day, name="김광주", email="confirmed@example.com", language="ko")
    waiting = services.register(demo_day, name="이대기", email="waiting@example.com", language="ko")
    offered = services.register(demo_day, name="박제안", email="offered@example.com", language="ko")
    Registration.objects.filter(pk=offered.pk).update(status="offered", offered_at=timezone.now())
    return [
        "/events/open-day/register/",
        "/events/demo-day/register/",
        ticket_path(confirmed),
        ticket_path(waiting),
        ticket_path(waiting) + "cancel/",
        ticket_path(offered) + "claim/",
        ticket_path(offered) + "not-me/",
        "/tickets/tampered/",
    ]


def alert_pages():
    """The pages reached by the signed links of alert emails (confirm, manage, unsubscribe)."""
    subscriber = Subscriber.objects.create(email="founder@example.com", language="ko")
    search = SavedSearch.objects.create(query="category=education&state=open")
    alert = Alert.objects.create(subscriber=subscriber, search=search, confirmed_at=timezone.now())
    Alert.objects.create(subscriber=subscriber, search=SavedSearch.objects.create(query="state=open"), paused=True)
    Alert.objects.create(subscriber=subscriber, program=Program.objects.get(slug="youth-academy"))
    Alert.objects.create(subscriber=subscriber, institute=Partner.objects.get(slug="gjtp"), confirmed_at=timezone.now())
    return [
        url.removeprefix(settings.SITE_URL)
        for url in (confirm_url(alert), manage_url(subscriber), unsubscribe_url(subscriber, alert))
    ]


def application_pages(program):
    """Applying on the portal: asking for the link, the application behind it, its details and a section of questions
    (every kind of question but the file, and a file), submitted once so that the receipt shows, and the question
    before withdrawing."""
    from applications import services as applying
    from applications.models import Application, ApplicationForm, Question, QuestionKind
    from applications.tokens import token_of

    form = ApplicationForm.objects.create(program=program, accepting=True)
    for position, kind in enumerate(QuestionKind.values, start=1):
        Question.objects.create(
            form=form,
            position=position,
            section_ko="사업 계획" if kind != QuestionKind.FILE else "제출 서류",
            kind=kind,
            label_ko=f"질문 {position}",
            choices_ko="가\n나" if kind in (QuestionKind.CHOICE, QuestionKind.CHOICES) else "",
            required=False,
        )
    application = Application.objects.create(
        form=form,
        email="applicant@example.com",
        name="김신청",
        phone="010",
        stage="pre_founder",
        consented_at=timezone.now(),
    )
    applying.application_submit(application=application, arrived_at=timezone.now())
    link = f"/apply/{token_of(application)}/"
    sections = [f"{link}section/{number}/" for number in (0, 1, 2)]
    return [f"/programs/{program.slug}/apply/", link, *sections, f"{link}withdraw/"]


def violations(page):
    # Only violations get every node's selector: the other result types, which are not reported, keep one node each.
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    # duplicate-id-aria is left "incomplete" by axe, yet a repeated id breaks a label: count it too.
    duplicate_ids = [item for item in result["incomplete"] if item["id"] == "duplicate-id-aria"]
    return [
        {"id": item["id"], "help": item["help"], "nodes": [node["target"] for node in item["nodes"]][:3]}
        for item in result["violations"] + duplicate_ids
    ]


# Each language at both widths and in both colour schemes, in four passes rather than all six combinations.
@pytest.mark.parametrize(
    "language, width, scheme", [("", 360, "light"), ("", 1280, "dark"), ("/en", 1280, "light"), ("/en", 360, "dark")]
)
def test_no_accessibility_violations(browser, live_server, portal, language, width, scheme):
    assert AXE.exists(), "run npm ci: axe-core comes from the npm registry"
    # The portal's CSP rightly refuses injected scripts; axe is injected by the test, so only it bypasses the CSP.
    context = browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme=scheme, base_url=live_server.url, bypass_csp=True
    )
    context.add_init_script(path=AXE)  # in every page the context opens, before the page's own scripts
    page = context.new_page()
    found = {}
    for path in PAGES + portal:
        page.goto(language + path)
        problems = violations(page)
        if problems:
            found[language + path] = problems
    context.close()
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
