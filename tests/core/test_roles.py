"""Who may do what in the admin, as a table (role x page or action -> expected answer), as pretix tests it."""

import pytest
from django.contrib.auth.models import Group

from core.models import Revision
from core.publishing import Status
from core.roles import CITY_EDITORS, PARTNER_EDITORS
from programs.models import Program
from tests.factories import AgreementFactory, EventFactory, PartnerFactory, ProgramFactory, StaffFactory

pytestmark = pytest.mark.django_db

LOGIN = "login"  # anonymous visitors are sent to the login page


@pytest.fixture
def world():
    own_partner = PartnerFactory(slug="gwangju-techno-park")
    other_partner = PartnerFactory(slug="other-institute")
    partner_editor = StaffFactory(username="partner")
    partner_editor.groups.set([Group.objects.get(name=PARTNER_EDITORS)])
    own_partner.editors.add(partner_editor)
    city_editor = StaffFactory(username="city")
    city_editor.groups.set([Group.objects.get(name=CITY_EDITORS)])
    return {
        "users": {"city": city_editor, "partner": partner_editor, "anonymous": None},
        "own_program": ProgramFactory(organizer=own_partner, status=Status.DRAFT, published_at=None),
        "other_program": ProgramFactory(organizer=other_partner, status=Status.DRAFT, published_at=None),
        "own_event": EventFactory(organizer=own_partner),
        "other_event": EventFactory(organizer=other_partner),
        "own_partner": own_partner,
        "other_partner": other_partner,
        "agreement": AgreementFactory(parties=[own_partner]),
    }


def admin_url(world, page):
    kind, _, target = page.partition(":")
    if kind == "review":
        return "/admin/review/"
    if kind == "users":
        return "/admin/auth/user/"
    if kind == "suggestions":
        return "/admin/programs/suggestion/"
    app, model, view = kind.split(".")
    base = f"/admin/{app}/{model}/"
    if view == "list":
        return base
    if view in ("add", "import", "export"):
        return f"{base}{view}/"
    pk = world[target].pk
    return {"change": f"{base}{pk}/change/", "delete": f"{base}{pk}/delete/", "history": f"{base}{pk}/history/"}[view]


PERMISSION_TABLE = [
    # page                                         city  partner  anonymous
    ("programs.program.list", 200, 200, LOGIN),
    ("programs.program.add", 200, 200, LOGIN),
    ("programs.program.change:own_program", 200, 200, LOGIN),
    ("programs.program.change:other_program", 200, 403, LOGIN),
    ("programs.program.delete:own_program", 200, 403, LOGIN),
    ("programs.program.delete:other_program", 200, 403, LOGIN),
    ("programs.program.history:own_program", 200, 200, LOGIN),
    ("programs.program.history:other_program", 200, 403, LOGIN),
    ("programs.program.import", 200, 200, LOGIN),
    ("programs.program.export", 200, 200, LOGIN),
    ("programs.event.list", 200, 200, LOGIN),
    ("programs.event.change:own_event", 200, 200, LOGIN),
    ("programs.event.change:other_event", 200, 403, LOGIN),
    ("programs.event.history:other_event", 200, 403, LOGIN),
    ("programs.event.import", 200, 200, LOGIN),
    ("partners.partner.list", 200, 200, LOGIN),
    ("partners.partner.add", 200, 403, LOGIN),
    ("partners.partner.change:own_partner", 200, 200, LOGIN),
    ("partners.partner.change:other_partner", 200, 403, LOGIN),
    ("partners.partner.history:other_partner", 200, 403, LOGIN),
    ("partners.agreement.list", 200, 403, LOGIN),
    ("partners.agreement.change:agreement", 200, 403, LOGIN),
    ("review", 200, 403, LOGIN),
    ("users", 200, 403, LOGIN),
    ("suggestions", 200, 403, LOGIN),
]
CASES = [
    pytest.param(role, page, expected, id=f"{role}-{page}")
    for page, *answers in PERMISSION_TABLE
    for role, expected in zip(["city", "partner", "anonymous"], answers, strict=True)
]


@pytest.mark.parametrize("role, page, expected", CASES)
def test_permission_table(client, world, role, page, expected):
    user = world["users"][role]
    if user:
        client.force_login(user)
    response = client.get(admin_url(world, page))
    if expected == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    else:
        assert response.status_code == expected


def login(client, world, role):
    client.force_login(world["users"][role])
    return client


def test_a_partner_editor_lists_only_their_institutes_records(client, world):
    page = login(client, world, "partner").get("/admin/programs/program/").content.decode()
    assert world["own_program"].title in page
    assert world["other_program"].title not in page


def test_a_partner_editor_cannot_move_a_record_to_another_institute(client, world):
    program = world["own_program"]
    response = login(client, world, "partner").post(
        f"/admin/programs/program/{program.pk}/change/",
        {
            "title_ko": program.title_ko,
            "slug": program.slug,
            "category": program.category_id,
            "organizer": world["other_partner"].pk,
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    program.refresh_from_db()
    assert program.organizer == world["own_partner"]


def test_a_partner_editor_cannot_publish_by_posting_the_status(client, world):
    program = world["own_program"]
    response = login(client, world, "partner").post(
        f"/admin/programs/program/{program.pk}/change/",
        {
            "title_ko": "고친 제목",
            "slug": program.slug,
            "category": program.category_id,
            "organizer": world["own_partner"].pk,
            "status": Status.PUBLISHED,
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    program.refresh_from_db()
    assert (program.title_ko, program.status) == ("고친 제목", Status.DRAFT)


@pytest.mark.parametrize("action", ["publish", "unpublish", "archive"])
def test_publishing_actions_are_not_offered_to_partner_editors_and_a_forged_one_does_nothing(client, world, action):
    program = world["own_program"]
    listing = login(client, world, "partner").get("/admin/programs/program/")
    assert action not in dict(listing.context["action_form"].fields["action"].choices)
    response = client.post(
        "/admin/programs/program/", {"action": action, "_selected_action": [program.pk]}, follow=True
    )
    assert response.status_code == 200
    program.refresh_from_db()
    assert program.status == Status.DRAFT


def test_a_partner_editor_edits_only_the_profile_text_of_their_institute(client, world):
    partner = world["own_partner"]
    form = login(client, world, "partner").get(f"/admin/partners/partner/{partner.pk}/change/").content.decode()
    assert 'name="summary_ko"' in form and 'name="name_ko"' not in form and 'name="status"' not in form
    response = client.post(
        f"/admin/partners/partner/{partner.pk}/change/",
        {"summary_ko": "새 소개", "name_ko": "바꾼 이름", "status": Status.DRAFT},
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.status == Status.PUBLISHED and partner.name_ko != "바꾼 이름"
    # The institute is live, so the new text waits for the city's review (tests/core/test_revisions.py).
    assert Revision.objects.get().changes == {"summary_ko": "새 소개"}


def test_a_city_editor_cannot_make_a_superuser(client, world):
    target = world["users"]["partner"]
    page = login(client, world, "city").get(f"/admin/auth/user/{target.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in page and 'name="user_permissions"' not in page
    assert CITY_EDITORS not in page and PARTNER_EDITORS in page


def test_the_demo_partner_editor_works_only_for_gwangju_techno_park(settings):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("load_gwangju", verbosity=0)
    call_command("seed_demo", programs=20, events=5, seed=3, verbosity=0)
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.get(username="partner-editor")
    assert editor.groups.get().name == PARTNER_EDITORS
    assert list(editor.edited_partners.values_list("slug", flat=True)) == ["gwangju-techno-park"]
    assert not editor.has_perm("programs.publish_program")
    assert Program.objects.exclude(organizer__slug="gwangju-techno-park").exists()


def test_the_groups_are_brought_in_line_after_every_migrate(world):
    from django.apps import apps
    from django.db.models.signals import post_migrate

    city = Group.objects.get(name=CITY_EDITORS)
    city.permissions.clear()
    Group.objects.filter(name=PARTNER_EDITORS).delete()
    last = list(apps.get_app_configs())[-1]
    post_migrate.send(sender=last, app_config=last, verbosity=0, interactive=False, using="default", apps=apps, plan=[])
    assert city.permissions.filter(codename="publish_program").exists()
    partner = Group.objects.get(name=PARTNER_EDITORS)
    assert partner.permissions.filter(codename="change_program").exists()
    assert not partner.permissions.filter(codename__startswith="publish_").exists()
