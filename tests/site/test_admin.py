from datetime import timedelta

import pytest
from django.utils import timezone

from partners.models import Partner
from programs.models import Event, Program
from tests.factories import AgreementFactory, CategoryFactory, EventFactory, PartnerFactory, ProgramFactory

pytestmark = pytest.mark.django_db

MODELS = ["partners/partner", "partners/agreement", "programs/program", "programs/event", "programs/category"]


@pytest.fixture
def records():
    program = ProgramFactory()
    return {
        "partners/partner": program.organizer,
        "partners/agreement": AgreementFactory(),
        "programs/program": program,
        "programs/event": EventFactory(program=program),
        "programs/category": program.category,
    }


@pytest.mark.parametrize("model", MODELS)
def test_admin_pages_load_for_staff(staff_client, records, model):
    record = records[model]
    for url in [f"/admin/{model}/", f"/admin/{model}/add/", f"/admin/{model}/{record.pk}/change/"]:
        assert staff_client.get(url).status_code == 200, url


@pytest.mark.parametrize("model", MODELS)
def test_admin_sends_anonymous_visitors_to_login(client, model):
    response = client.get(f"/admin/{model}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_program_changelist_shows_status_and_view_on_site(staff_client, records):
    page = staff_client.get("/admin/programs/program/").content.decode()
    assert "portal-status-published" in page and "게시됨" in page
    change = staff_client.get(f"/admin/programs/program/{records['programs/program'].pk}/change/").content.decode()
    assert "viewsitelink" in change


def test_admin_search_and_autocomplete_for_partners(staff_client):
    PartnerFactory(name_ko="광주테크노파크", name_en="Gwangju Techno Park")
    results = staff_client.get("/admin/partners/partner/", {"q": "Techno"}).content.decode()
    assert "광주테크노파크" in results
    autocomplete = staff_client.get(
        "/admin/autocomplete/",
        {"term": "테크노", "app_label": "programs", "model_name": "program", "field_name": "organizer"},
    )
    assert [item["text"] for item in autocomplete.json()["results"]] == ["광주테크노파크"]


def program_form(partner, category, **changes):
    now = timezone.localtime()
    data = {
        "title_ko": "새 지원사업",
        "title_en": "New program",
        "slug": "new-program",
        "category": category.pk,
        "organizer": partner.pk,
        "status": "draft",
        "application_opens_at_0": now.date().isoformat(),
        "application_opens_at_1": "09:00:00",
        "application_closes_at_0": (now.date() + timedelta(days=10)).isoformat(),
        "application_closes_at_1": "18:00:00",
        # the attachments inline, empty
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_admin_saves_a_valid_program(staff_client):
    partner, category = PartnerFactory(), CategoryFactory()
    response = staff_client.post("/admin/programs/program/add/", program_form(partner, category))
    assert response.status_code == 302
    assert Program.objects.get(slug="new-program").title_en == "New program"


@pytest.mark.parametrize(
    "changes, message",
    [
        (
            {"application_closes_at_0": "2020-01-01"},
            "접수 마감은 접수 시작보다 빠를 수 없습니다.",
        ),
        ({"min_age": "40", "max_age": "20"}, "최대 나이는 최소 나이보다 작을 수 없습니다."),
    ],
)
def test_admin_refuses_inconsistent_programs_with_a_clear_message(staff_client, changes, message):
    partner, category = PartnerFactory(), CategoryFactory()
    response = staff_client.post("/admin/programs/program/add/", program_form(partner, category, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'value="새 지원사업"' in response.content.decode()
    assert not Program.objects.filter(slug="new-program").exists()


def test_admin_refuses_an_event_ending_before_it_starts(staff_client):
    partner = PartnerFactory()
    response = staff_client.post(
        "/admin/programs/event/add/",
        {
            "title_ko": "행사",
            "slug": "bad-event",
            "organizer": partner.pk,
            "status": "draft",
            "starts_at_0": "2030-05-01",
            "starts_at_1": "14:00:00",
            "ends_at_0": "2030-05-01",
            "ends_at_1": "13:00:00",
        },
    )
    assert response.status_code == 200
    assert "행사 종료 일시는 시작 일시보다 빠를 수 없습니다." in response.content.decode()
    assert not Event.objects.exists()


def test_publishing_in_the_admin_stamps_the_time(staff_client):
    partner = PartnerFactory(status="draft", published_at=None)
    data = {
        "name_ko": partner.name_ko,
        "name_en": partner.name_en,
        "slug": partner.slug,
        "kind": partner.kind,
        "status": "published",
    }
    response = staff_client.post(f"/admin/partners/partner/{partner.pk}/change/", data)
    assert response.status_code == 302
    assert Partner.objects.published().filter(pk=partner.pk).exists()


def test_an_audiences_code_cannot_be_renamed_but_its_names_can(client, city_editor):
    from programs.models import Audience
    from tests.factories import AudienceFactory

    students = AudienceFactory()
    client.force_login(city_editor)
    form = client.get(f"/admin/programs/audience/{students.pk}/change/").content.decode()
    assert 'name="slug"' not in form
    response = client.post(
        f"/admin/programs/audience/{students.pk}/change/",
        {"name_ko": "대학생 (재학생)", "name_en": "Students", "slug": "renamed", "position": "0"},
    )
    assert response.status_code == 302
    students = Audience.objects.get(pk=students.pk)
    assert (students.slug, students.name_ko) == ("student", "대학생 (재학생)")
