"""A citizen's suggestion becomes a draft in one click: the add form starts from what the sender wrote, and saving
the draft marks the suggestion accepted and links the two."""

from datetime import date

import pytest
from django.utils import timezone

from core.publishing import Status
from programs.models import Event, Program, Suggestion
from tests.admin_forms import admin_form_data
from tests.factories import CategoryFactory, PartnerFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def suggestion():
    PartnerFactory(slug="gjtp", name_ko="광주테크노파크", name_en="Gwangju Techno Park")
    return Suggestion.objects.create(
        title="드론 실증 지원사업",
        organizer="광주테크노파크",
        starts_on=date(2026, 12, 1),
        ends_on=date(2026, 12, 20),
        link="https://example.org/drone",
        contact_email="sender@example.org",
        description="드론 기업의 실증 비행을 지원합니다.",
    )


def test_the_suggestion_page_offers_both_drafts(client, city_editor, suggestion):
    client.force_login(city_editor)
    page = client.get(suggestion.get_absolute_url()).content.decode()
    assert f"/admin/programs/program/add/?suggestion={suggestion.pk}" in page
    assert f"/admin/programs/event/add/?suggestion={suggestion.pk}" in page


def test_the_add_form_starts_from_every_field_the_sender_wrote(client, city_editor, suggestion):
    client.force_login(city_editor)
    form = client.get(f"/admin/programs/program/add/?suggestion={suggestion.pk}").context["adminform"].form
    assert form.initial["title_ko"] == "드론 실증 지원사업"
    assert form.initial["description_ko"] == "드론 기업의 실증 비행을 지원합니다."
    assert form.initial["apply_url"] == "https://example.org/drone"
    assert form.initial["organizer"] == suggestion.draft_initial("program")["organizer"] is not None
    opens = timezone.localtime(form.initial["application_opens_at"])
    closes = timezone.localtime(form.initial["application_closes_at"])
    assert (opens.date(), opens.hour, closes.date(), closes.hour) == (date(2026, 12, 1), 9, date(2026, 12, 20), 18)
    event_form = client.get(f"/admin/programs/event/add/?suggestion={suggestion.pk}").context["adminform"].form
    assert event_form.initial["registration_url"] == "https://example.org/drone"
    assert timezone.localtime(event_form.initial["starts_at"]).date() == date(2026, 12, 1)


def test_saving_the_draft_accepts_the_suggestion_and_links_them(client, city_editor, suggestion):
    client.force_login(city_editor)
    initial = suggestion.draft_initial("program")
    draft = Program(
        **{key: value for key, value in initial.items() if key != "organizer"},
        organizer_id=initial["organizer"],
        category=CategoryFactory(),
        slug="drone-draft",
    )
    data = admin_form_data(city_editor, draft, status=Status.DRAFT)
    response = client.post(f"/admin/programs/program/add/?suggestion={suggestion.pk}", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    program = Program.objects.get(slug="drone-draft")
    suggestion.refresh_from_db()
    assert program.status == Status.DRAFT and program.title_ko == "드론 실증 지원사업"
    assert suggestion.state == Suggestion.State.ACCEPTED and suggestion.program == program
    assert f"/admin/programs/program/{program.pk}/change/" in client.get(suggestion.get_absolute_url()).content.decode()


def test_a_partner_editor_cannot_use_a_suggestion(client, partner_editor, suggestion):
    client.force_login(partner_editor)
    form = client.get(f"/admin/programs/event/add/?suggestion={suggestion.pk}").context["adminform"].form
    assert "title_ko" not in form.initial
    assert client.get(suggestion.get_absolute_url()).status_code == 403
    assert not Event.objects.exists()


@pytest.mark.parametrize("value", ["abc", "999999", "-1", "1 OR 1=1"])
def test_a_bad_suggestion_number_opens_an_empty_form(client, city_editor, value):
    client.force_login(city_editor)
    response = client.get("/admin/programs/program/add/", {"suggestion": value})
    assert response.status_code == 200 and "title_ko" not in response.context["adminform"].form.initial


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("decision", ["draft", "declined"])
def test_the_sender_gets_a_short_note_once(client, smtp, city_editor, decision):
    from tests.worker import run_worker

    suggestion = Suggestion.objects.create(
        kind="program", title="AI 바우처 설명회", organizer="광주테크노파크", contact_email="sender@example.com"
    )
    client.force_login(city_editor)
    if decision == "draft":
        suggestion.accept(ProgramFactory(status="draft"))
    else:
        response = client.post(f"/admin/programs/suggestion/{suggestion.pk}/change/", {"state": "declined"})
        assert response.status_code == 302
    suggestion.refresh_from_db()
    suggestion.save()  # saved again: no second note
    run_worker()
    [note] = smtp.to("sender@example.com")
    body = note.get_body(("plain",)).get_content()
    assert "AI 바우처 설명회" in body and "Gwangju AI & Start-up Portal" in body
    assert ("accepted" in note["Subject"]) == (decision == "draft")
