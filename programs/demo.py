"""Generated sample records for trying the portal and for benchmarks. Every title says it is a sample."""

import random
import secrets
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from core.generation import bump_content_generation
from core.publishing import Status
from core.roles import CITY_EDITORS, PARTNER_EDITORS
from partners.models import Partner

from .models import Attachment, Audience, Category, Event, Program, Technology
from .rules import DERIVED, EVERYONE, audience_tags_column
from .services import gwangju_records_load, program_next_round

BATCH_SIZE = 2000
SAMPLE_SLUG_PREFIX = "sample-"
DEMO_PARTNER_SLUG = "gwangju-techno-park"

# (Korean, English, the technology's slug: programs/migrations/0020)
TOPICS = [
    ("AI 스타트업", "AI start-up", "ai"),
    ("데이터", "Data", "data"),
    ("수소산업", "Hydrogen industry", "energy"),
    ("모빌리티", "Mobility", "mobility"),
    ("헬스케어", "Healthcare", "healthcare"),
    ("에너지", "Energy", "energy"),
    ("문화콘텐츠", "Cultural content", "content"),
    ("스마트제조", "Smart manufacturing", "manufacturing"),
]
# (Korean, English, the field of support's slug: a sample is filed under the field its title names)
PROGRAM_KINDS = [
    ("창업 지원사업", "start-up support", "commercialization"),
    ("교육 과정", "training course", "education"),
    ("투자 유치 지원", "investment readiness", "investment"),
    ("멘토링 프로그램", "mentoring program", "mentoring"),
    ("R&D 과제", "R&D grant", "rnd"),
    ("해외진출 지원", "global market support", "market"),
    ("입주기업 모집", "incubator space call", "space"),
]
SAMPLE_PROCESS = (
    "서류 평가\n발표 평가\n최종 선정",
    "Paper review\nPitch review\nFinal selection",
)
EVENT_KINDS = [
    ("설명회", "information session"),
    ("데모데이", "demo day"),
    ("네트워킹 데이", "networking day"),
    ("세미나", "seminar"),
    ("해커톤", "hackathon"),
]
# (Korean name, English name, sample address or None when the event is online, directions, English address)
VENUES = [
    (
        "광주 AI 창업캠프 (샘플)",
        "Gwangju AI Start-up Camp (sample)",
        "광주광역시 샘플로 1",
        (
            "샘플 안내: 샘플역 2번 출구에서 걸어서 5분, 본관 3층 세미나실",
            "Sample: 5 minutes' walk from exit 2 of Sample station, main building, 3rd floor",
        ),
        "1 Sample-ro, Gwangju (sample)",
    ),
    ("온라인", "Online", None, ("", ""), None),
]
STATES = ["open", "open", "upcoming", "closed", "rolling"]


def _at(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _application_window(state, today, rng):
    """Opening and closing times for a sample in the given state, relative to today."""
    if state == "rolling":
        return None, None
    if state == "open":
        opens = today - timedelta(days=rng.randint(1, 30))
        closes = today + timedelta(days=rng.randint(0, 60))
    elif state == "upcoming":
        opens = today + timedelta(days=rng.randint(1, 30))
        closes = opens + timedelta(days=rng.randint(7, 45))
    else:
        closes = today - timedelta(days=rng.randint(1, 120))
        opens = closes - timedelta(days=rng.randint(14, 60))
    return _at(opens, 9), _at(closes, 18)


def _sample_program(number, token, today, now, rng, categories, partners):
    topic, kind = rng.choice(TOPICS), rng.choice(PROGRAM_KINDS)
    title_ko = f"[샘플] {topic[0]} {kind[0]} {number}기"
    title_en = f"[Sample] {topic[1]} {kind[1]}, round {number}"
    state = rng.choice(STATES)
    opens, closes = _application_window(state, today, rng)
    min_age = rng.choice([None, None, 19])
    max_age = rng.choice([None, 39]) if min_age else None
    per_company = rng.choice([None, 10_000_000, 30_000_000, 50_000_000, 100_000_000])
    places = rng.choice([None, 5, 10, 20, 30])
    opens_on = timezone.localtime(opens).date() if opens else today
    # Business years as year numbers (programs/rules.py): none, pre-founders only, up to year 3, years 4 to 7...
    min_years, max_years = rng.choice([(None, None), (None, 0), (None, 3), (4, 7), (None, 7), (1, None)])
    program = Program(
        slug=f"{SAMPLE_SLUG_PREFIX}{token}-{number}",
        title=title_ko,
        title_ko=title_ko,
        title_en=title_en,
        summary_ko=f"생성된 샘플 데이터입니다: {topic[0]} 분야 {kind[0]}.",
        summary_en=f"Generated sample data: {kind[1]} ({topic[1]}).",
        description_ko="이 프로그램은 포털 시연을 위해 생성된 샘플이며 실제 사업이 아닙니다.",
        description_en="This program is a generated sample for demonstrating the portal; it is not a real program.",
        benefit_ko="샘플 지원 내용",
        benefit_en="Sample benefit",
        # Filled in as a real notice would be (the publishing contract), with sample values only.
        how_to_apply_ko="샘플: 신청서와 사업계획서를 온라인으로 제출합니다.\n"
        "제출 서류: 신청서, 사업계획서, 사업자등록증(해당 시)",
        how_to_apply_en="Sample: submit the application form and a business plan online.\n"
        "Documents: application form, business plan, business registration (if any)",
        apply_url=f"https://example.org/apply/{token}-{number}",
        contact_ko="샘플 담당자 062-000-0000, sample@example.org",
        contact_en="Sample contact 062-000-0000, sample@example.org",
        category=next((category for category in categories if category.slug == kind[2]), rng.choice(categories)),
        organizer=rng.choice(partners),
        expected_places=places,
        support_per_company=per_company,
        support_total=per_company * places if per_company and places else None,
        selection_process_ko=SAMPLE_PROCESS[0],
        selection_process_en=SAMPLE_PROCESS[1],
        schedule_ko=f"{opens_on + timedelta(days=45):%Y-%m-%d} 서류 평가 결과 발표 (샘플)\n"
        f"{opens_on + timedelta(days=60):%Y-%m-%d} 최종 선정 발표 (샘플)",
        schedule_en=f"{opens_on + timedelta(days=45):%Y-%m-%d} paper review results (sample)\n"
        f"{opens_on + timedelta(days=60):%Y-%m-%d} final selection (sample)",
        min_age=min_age,
        max_age=max_age,
        min_business_years=min_years,
        max_business_years=max_years,
        application_opens_at=opens,
        application_closes_at=closes,
        rolling=state == "rolling",
        status=Status.PUBLISHED,
        published_at=now - timedelta(days=rng.randint(1, 90)),
    )
    program.sample_technology = topic[2]
    return program


def _sample_event(number, token, today, now, rng, categories, partners, programs):
    topic, kind = rng.choice(TOPICS), rng.choice(EVENT_KINDS)
    venue = rng.choice(VENUES)
    starts_at = _at(today + timedelta(days=rng.randint(-90, 120)), rng.choice([10, 14, 19]))
    title_ko = f"[샘플] {topic[0]} {kind[0]} #{number}"
    return Event(
        slug=f"{SAMPLE_SLUG_PREFIX}event-{token}-{number}",
        title=title_ko,
        title_ko=title_ko,
        title_en=f"[Sample] {topic[1]} {kind[1]} #{number}",
        summary_ko="생성된 샘플 행사입니다.",
        summary_en="A generated sample event.",
        organizer=rng.choice(partners),
        category=rng.choice(categories),
        program=rng.choice(programs) if programs and rng.random() < 0.3 else None,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=rng.randint(1, 6)),
        venue_name=venue[0],
        venue_name_ko=venue[0],
        venue_name_en=venue[1],
        venue_address=venue[2] or "",
        venue_address_ko=venue[2] or "",
        venue_address_en=venue[4] or "",
        directions=venue[3][0],
        directions_ko=venue[3][0],
        directions_en=venue[3][1],
        online_url="" if venue[2] else f"https://example.org/live/{token}-{number}",
        registration_url=f"https://example.org/register/{token}-{number}",
        capacity=rng.choice([None, 30, 100, 200]),
        status=Status.PUBLISHED,
        published_at=now - timedelta(days=rng.randint(1, 30)),
    )


def sample_tags(audiences, rng):
    """None, one or two of the audiences no rule expresses (students, researchers...): stages and youth follow
    from the sample's rules."""
    tags = [audience for audience in audiences if audience.slug not in DERIVED | EVERYONE]
    return rng.sample(tags, min(len(tags), rng.choice([0, 0, 1, 2])))


def demo_records_exist():
    return Program.objects.filter(slug__startswith=SAMPLE_SLUG_PREFIX).exists()


def demo_records_create(*, programs, events, seed=None):
    """Bulk-create sample programs and events; returns how many of each were made."""
    rng = random.Random(seed)
    token = secrets.token_hex(3)
    partners = list(Partner.objects.published())
    if not partners:
        gwangju_records_load()
        partners = list(Partner.objects.published())
    categories = list(Category.objects.all())
    audiences = list(Audience.objects.all())
    technologies = dict(Technology.objects.values_list("slug", "pk"))
    today, now = timezone.localdate(), timezone.now()

    linkable_programs = []  # sample events link to some of the first sample programs
    for start in range(0, programs, BATCH_SIZE):
        batch = [
            _sample_program(number, token, today, now, rng, categories, partners)
            for number in range(start + 1, min(start + BATCH_SIZE, programs) + 1)
        ]
        chosen = [sample_tags(audiences, rng) for program in batch]
        for program, its_audiences in zip(batch, chosen, strict=True):
            program.refresh_search_document(program.search_related_texts(audiences=its_audiences))
            program.audience_tags = audience_tags_column(audience.slug for audience in its_audiences)
        Program.objects.bulk_create(batch)
        if len(linkable_programs) < BATCH_SIZE:
            linkable_programs.extend(batch)
        links = [
            Program.audiences.through(program_id=program.pk, audience_id=audience.pk)
            for program, its_audiences in zip(batch, chosen, strict=True)
            for audience in its_audiences
        ]
        Program.audiences.through.objects.bulk_create(links)
        Technologies = Program.technologies.through
        Technologies.objects.bulk_create(
            [
                Technologies(program_id=program.pk, technology_id=technologies[program.sample_technology])
                for program in batch
                if program.sample_technology in technologies
            ]
        )

    sample_notices_attach(linkable_programs[::3])
    rounds = sample_families_create(linkable_programs, rng)

    for start in range(0, events, BATCH_SIZE):
        batch = [
            _sample_event(number, token, today, now, rng, categories, partners, linkable_programs)
            for number in range(start + 1, min(start + BATCH_SIZE, events) + 1)
        ]
        for event in batch:
            event.refresh_search_document()
        Event.objects.bulk_create(batch)
    bump_content_generation()  # bulk inserts send no signals
    return {"programs": programs, "rounds": rounds, "events": events}


SAMPLE_FAMILIES = 12  # at most; one for every 20 sample programs


def _years_earlier(moment, years):
    return moment.replace(year=moment.year - years, day=min(moment.day, 28))


def sample_families_create(programs, rng):
    """Earlier yearly rounds for some sample programs (families of 2 to 5 rounds, each opening in about the same
    month), and for every other family an announced next round, made as an editor's "duplicate as next round"."""
    dated = [program for program in programs if program.application_opens_at and program.application_closes_at]
    made = 0
    for number, program in enumerate(dated[: min(SAMPLE_FAMILIES, len(programs) // 20)]):
        audiences = list(program.audiences.all())
        earlier = None
        for back in range(rng.randint(1, 4), 0, -1):
            round_ = Program.objects.get(pk=program.pk)
            round_.pk = round_.id = None
            round_._state.adding = True
            round_.slug = f"{program.slug}-{back}y"
            shift = rng.choice([0, 0, 0, 1])  # now and then a month later, as real rounds drift
            round_.application_opens_at = _years_earlier(program.application_opens_at, back) + timedelta(
                days=31 * shift
            )
            round_.application_closes_at = round_.application_opens_at + timedelta(days=30)
            year = timezone.localtime(round_.application_opens_at).year
            round_.title = round_.title_ko = f"{program.title_ko} ({year}년)"
            round_.title_en = f"{program.title_en} ({year})"
            round_.previous_round = earlier
            round_.published_at = round_.application_opens_at - timedelta(days=7)
            round_.save()
            round_.audiences.set(audiences)
            round_.technologies.set(program.technologies.all())
            earlier, made = round_, made + 1
        program.previous_round = earlier
        program.save(update_fields=["previous_round"])
        if number % 2 == 0:
            announced = program_next_round(program=program)
            announced.title = announced.title_ko = f"{program.title_ko} · 다음 회차 예고"
            announced.title_en = f"{program.title_en}: next round announced"
            announced.status, announced.published_at = Status.PUBLISHED, timezone.now()
            announced.save()
            made += 1
    return made


SAMPLE_NOTICE_NAME = "attachments/sample-notice.pdf"


def sample_notice_pdf():
    """A one-page PDF saying that it is a sample (so a sample program's 공고문 opens like a real one)."""
    text = "(Sample notice - generated for the portal demo, not a real program) Tj"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        None,  # the page's content stream
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    stream = f"BT /F1 14 Tf 56 780 Td {text} ET".encode()
    objects[3] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
    body, offsets = b"%PDF-1.4\n", []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (number, content)
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return body


def sample_notices_attach(programs):
    """Every given sample program gets the sample notice as its 공고문 (one stored file, shared)."""
    if not programs:
        return
    content = sample_notice_pdf()
    if not default_storage.exists(SAMPLE_NOTICE_NAME):
        default_storage.save(SAMPLE_NOTICE_NAME, ContentFile(content))
    Attachment.objects.bulk_create(
        Attachment(program=program, title="[샘플] 모집 공고문", file=SAMPLE_NOTICE_NAME, size=len(content))
        for program in programs
    )


def demo_accounts_create(*, password):
    """The two demo staff accounts: a city editor, and a partner editor of Gwangju Techno Park."""
    users = get_user_model()
    accounts = []
    for username, role in [("city-editor", CITY_EDITORS), ("partner-editor", PARTNER_EDITORS)]:
        account, _ = users.objects.get_or_create(username=username)
        account.is_staff = True
        account.set_password(password)
        account.save()
        account.groups.set([Group.objects.get(name=role)])
        accounts.append(account)
    Partner.objects.get(slug=DEMO_PARTNER_SLUG).editors.add(accounts[1])
    return accounts
