"""Ownership as one core concept (core.ownership): every institute-owned model says its path to its institute, and
one question, asked of a queryset or a record, answers for every role and every model; no module outside the core
writes the rule again."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from core.ownership import InstituteOwned
from core.publishing import Status
from partners.models import Agreement, Partner
from programs.models import Event, Program
from registrations.models import Registration
from tests.factories import AgreementFactory, EventFactory, ProgramFactory, StaffFactory

pytestmark = pytest.mark.django_db

PATHS = {
    "partners.Partner": "pk",
    "partners.Agreement": None,
    "programs.Program": "organizer",
    "programs.Event": "organizer",
    "registrations.Registration": "event__organizer",
    "applications.ApplicationForm": "program__organizer",
    "applications.Application": "form__program__organizer",
    "applications.Rubric": "form__program__organizer",
    "applications.Reviewer": "institute",
    "applications.Assignment": "application__form__program__organizer",
    "applications.Appeal": "application__form__program__organizer",
}


def test_every_institute_owned_model_declares_its_path():
    owned = {
        model._meta.label: model.institute_path
        for model in apps.get_models()
        if issubclass(model, InstituteOwned) and not model._meta.proxy
    }
    assert owned == PATHS


@pytest.fixture
def records(institute, other_institute):
    """One record of each institute-owned model for institute A, and the same for B."""
    made = {}
    for name, owner in (("a", institute), ("b", other_institute)):
        event = EventFactory(
            organizer=owner, status=Status.DRAFT, published_at=None, registration_mode="portal", capacity=5
        )
        made[name] = {
            Partner: owner,
            Program: ProgramFactory(organizer=owner, status=Status.DRAFT, published_at=None),
            Event: event,
            Registration: Registration.objects.create(event=event, name="김", email=f"{name}@example.com"),
        }
    made["city"] = {Agreement: AgreementFactory()}
    return made


# model          record of   a      b      city   superuser
TABLE = [
    (Partner, "a", True, False, True, True),
    (Partner, "b", False, True, True, True),
    (Program, "a", True, False, True, True),
    (Program, "b", False, True, True, True),
    (Event, "a", True, False, True, True),
    (Event, "b", False, True, True, True),
    (Registration, "a", True, False, True, True),
    (Registration, "b", False, True, True, True),
    (Agreement, "city", False, False, True, True),
]
ROLES = ["a", "b", "city", "superuser"]


@pytest.fixture
def people(partner_editor, other_partner_editor, city_editor):
    return {
        "a": partner_editor,
        "b": other_partner_editor,
        "city": city_editor,
        "superuser": StaffFactory(username="root", is_superuser=True),
    }


@pytest.mark.parametrize(
    "model, owner, role, expected",
    [
        pytest.param(model, owner, role, expected, id=f"{model.__name__}-{owner}-{role}")
        for model, owner, *answers in TABLE
        for role, expected in zip(ROLES, answers, strict=True)
    ],
)
def test_one_question_answers_for_every_model_and_role(records, people, model, owner, role, expected):
    record, user = records[owner][model], people[role]
    assert record.is_editable_by(user) is expected
    assert model.objects.editable_by(user).filter(pk=record.pk).exists() is expected


ADMIN_PAGES = {
    Program: "/admin/programs/program/{pk}/change/",
    Event: "/admin/programs/event/{pk}/change/",
    Partner: "/admin/partners/partner/{pk}/change/",
    Registration: "/admin/registrations/registration/{pk}/change/",
}


@pytest.mark.parametrize("model", list(ADMIN_PAGES), ids=lambda model: model.__name__)
def test_the_admin_asks_the_same_question_on_the_page_and_the_list(client, records, people, model):
    own, others = records["a"][model], records["b"][model]
    client.force_login(people["a"])
    assert client.get(ADMIN_PAGES[model].format(pk=own.pk)).status_code == 200
    assert client.get(ADMIN_PAGES[model].format(pk=others.pk)).status_code == 403
    listed = client.get(ADMIN_PAGES[model].split("{pk}")[0]).context["cl"].result_list
    assert own in listed and others not in listed


SCOPE = re.compile(r"partner_ids\(|\.edited_partners\b|organizer__in=|organizer_id__in=")
# Filters by institute that are not a permission: what the public sees of an institute, what its followers hear of.
NOT_SCOPING = {("programs/templatetags/programs_tags.py", "organizer__in=ids"), ("alerts/sending.py", "organizer__in=")}


def test_no_module_outside_the_core_decides_institute_scope_by_itself():
    base = Path(settings.BASE_DIR)
    offenders = []
    for package in ("alerts", "api", "gwangju_portal", "partners", "programs", "registrations"):
        for path in (base / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            relative = str(path.relative_to(base))
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                if SCOPE.search(line) and not any(relative == file and part in line for file, part in NOT_SCOPING):
                    offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []
