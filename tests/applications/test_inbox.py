"""Each institute's inbox and forms, as an attacker would try them: a table of roles against the paths that reach an
application (the list, its page, its files, the form's page), and the rule that a form keeps its questions once a
round has received a submission. Budget: 30 s a pass (measured 10 s)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import inlineformset_factory
from django.utils import timezone

from applications import services
from applications.admin import QuestionAdminForm, QuestionFormSet
from applications.models import Application, ApplicationForm, Question, QuestionKind
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def submitted(institute):
    program = ProgramFactory(slug="owned-round", organizer=institute)
    form = ApplicationForm.objects.create(program=program, accepting=True)
    question = Question.objects.create(
        form=form, position=1, section_ko="서류", kind=QuestionKind.FILE, label_ko="계획서", file_types="pdf"
    )
    application = Application.objects.create(
        form=form,
        email="founder@example.com",
        name="김지은",
        phone="010",
        stage="pre_founder",
        consented_at=timezone.now(),
    )
    services.file_store(
        application=application, question=question, upload=SimpleUploadedFile("plan.pdf", PDF, "application/pdf")
    )
    services.application_submit(application=application, arrived_at=timezone.now())
    application.refresh_from_db()
    return application


ROLES = ["anonymous", "other_partner_editor", "partner_editor", "city_editor"]
# (role) -> expected status for: the application's admin page, its history, its file, the form's admin page
EXPECTED = {
    "anonymous": (302, 302, 302, 302),
    "other_partner_editor": (403, 403, 403, 403),
    "partner_editor": (200, 200, 200, 200),
    "city_editor": (200, 200, 200, 200),
}


@pytest.mark.parametrize("role", ROLES)
def test_roles_against_the_paths_to_an_application(client, request, submitted, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    file = submitted.files.get()
    paths = (
        f"/admin/applications/application/{submitted.pk}/change/",
        f"/admin/applications/application/{submitted.pk}/history/",
        f"/staff/applications/files/{file.pk}/",
        f"/admin/applications/applicationform/{submitted.form.pk}/change/",
    )
    assert tuple(client.get(path).status_code for path in paths) == EXPECTED[role]
    listing = client.get("/admin/applications/application/")
    shows = listing.status_code == 200 and submitted.receipt_number in listing.content.decode()
    assert shows == (role in ("partner_editor", "city_editor"))
    searched = client.get("/admin/applications/application/", {"q": "김지은"})
    assert (submitted.receipt_number in searched.content.decode()) == shows
    exported = client.post(
        "/admin/applications/application/", {"action": "export_csv", "_selected_action": [submitted.pk]}
    )
    assert (exported.get("Content-Type", "").startswith("text/csv")) == shows
    if EXPECTED[role][2] == 200:
        response = client.get(paths[2])
        assert b"".join(response.streaming_content) == PDF and "no-store" in response["Cache-Control"]


def test_an_editor_builds_forms_only_for_their_own_rounds(client, partner_editor, institute, other_institute):
    own, other = ProgramFactory(organizer=institute), ProgramFactory(organizer=other_institute)
    client.force_login(partner_editor)
    page = client.get("/admin/applications/applicationform/add/")
    assert page.status_code == 200
    choices = page.context["adminform"].form.fields["program"].queryset
    assert own in choices and other not in choices
    answer = client.get(
        "/admin/autocomplete/",
        {"app_label": "applications", "model_name": "applicationform", "field_name": "program", "term": ""},
    )
    assert str(other.pk) not in {item["id"] for item in answer.json().get("results", [])}


def question_formset(form, data):
    FormSet = inlineformset_factory(
        ApplicationForm,
        Question,
        form=QuestionAdminForm,
        formset=QuestionFormSet,
        fields=["position", "section_ko", "kind", "label_ko", "required", "file_types", "max_megabytes"],
        extra=0,
    )
    return FormSet(data, instance=form, prefix="q")


def formset_data(form, changes=None, added=None):
    questions = list(form.questions.all())
    data = {"q-TOTAL_FORMS": str(len(questions) + (1 if added else 0)), "q-INITIAL_FORMS": str(len(questions))}
    for number, question in enumerate(questions):
        row = {
            "id": question.pk,
            "position": question.position,
            "section_ko": question.section_ko,
            "kind": question.kind,
            "label_ko": question.label_ko,
            "required": "on" if question.required else "",
            "file_types": question.file_types,
            "max_megabytes": question.max_megabytes,
        }
        row.update(changes or {})
        data.update({f"q-{number}-{key}": value for key, value in row.items() if value != ""})
    if added:
        number = len(questions)
        data.update({f"q-{number}-{key}": value for key, value in added.items() if value != ""})
    return data


def test_a_form_keeps_its_questions_once_a_round_has_a_submission(submitted):
    form = submitted.form
    assert not question_formset(form, formset_data(form, changes={"label_ko": "바뀐 질문"})).is_valid()
    required = {
        "position": 2,
        "section_ko": "더",
        "kind": "short_text",
        "label_ko": "새 질문",
        "required": "on",
        "file_types": "pdf",
        "max_megabytes": 20,
    }
    assert not question_formset(form, formset_data(form, added=required)).is_valid()
    optional = {**required, "required": ""}
    assert question_formset(form, formset_data(form, added=optional)).is_valid()
    fresh = ApplicationForm.objects.create(program=ProgramFactory())
    Question.objects.create(form=fresh, position=1, section_ko="가", label_ko="원래 질문")
    assert question_formset(fresh, formset_data(fresh, changes={"label_ko": "바뀐 질문"})).is_valid()


def test_a_round_copies_the_form_of_the_familys_previous_round(submitted):
    next_round = ProgramFactory(previous_round=submitted.form.program)
    form = ApplicationForm.objects.create(program=next_round)
    services.form_copy_previous(form=form)
    assert list(form.questions.values_list("label_ko", flat=True)) == ["계획서"]
    with pytest.raises(services.Refused):
        services.form_copy_previous(form=form)  # it has questions now
