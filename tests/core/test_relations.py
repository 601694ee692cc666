"""Relation choices, autocompletes and the view-on-site redirect follow the row-level rule: a partner editor links
only to their own records or public ones, and never learns another institute's draft."""

import json

import pytest
from django.contrib.contenttypes.models import ContentType

from core.publishing import Status
from core.roles import CITY_EDITORS, PARTNER_EDITORS
from programs.models import Event, Program
from tests.admin_forms import admin_form_data
from tests.factories import EventFactory, PartnerFactory, ProgramFactory, staff_in

pytestmark = pytest.mark.django_db

DRAFT = {"status": Status.DRAFT, "published_at": None}


@pytest.fixture
def world():
    own, other = PartnerFactory(slug="own"), PartnerFactory(slug="other")
    editor = staff_in(PARTNER_EDITORS, own, username="partner")
    city = staff_in(CITY_EDITORS, username="city")
    return {
        "own": own,
        "other": other,
        "secret_partner": PartnerFactory(slug="secret-partner", name_ko="비공개 기관", **DRAFT),
        "editor": editor,
        "city": city,
        "own_program": ProgramFactory(organizer=own, **DRAFT),
        "own_event": EventFactory(organizer=own, **DRAFT),
        "other_draft": ProgramFactory(organizer=other, title_ko="다른 기관 초안", **DRAFT),
        "other_published": ProgramFactory(organizer=other, title_ko="다른 기관 공개 사업"),
    }


def post_change(client, user, record, **changes):
    client.force_login(user)
    url = f"/admin/programs/{record._meta.model_name}/{record.pk}/change/"
    return client.post(url, admin_form_data(user, record, **changes))


@pytest.mark.parametrize(
    "record, field, target",
    [
        ("own_program", "previous_round", "other_draft"),
        ("own_program", "previous_round", "other_published"),
        ("own_program", "co_organizers", "secret_partner"),
        ("own_event", "program", "other_draft"),
        ("own_event", "program", "other_published"),
        ("own_event", "co_hosts", "secret_partner"),
    ],
)
def test_a_partner_editor_cannot_link_to_what_the_rule_keeps_from_them(client, world, record, field, target):
    value = str(world[target].pk)
    response = post_change(client, world["editor"], world[record], **{field: [value] if "co_" in field else value})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    saved = type(world[record]).objects.get(pk=world[record].pk)
    linked = getattr(saved, field)
    assert (list(linked.all()) if "co_" in field else linked) in ([], None)


def test_a_partner_editor_may_name_a_public_institute_as_co_organizer(client, world):
    response = post_change(client, world["editor"], world["own_program"], co_organizers=[str(world["other"].pk)])
    assert response.status_code == 302
    assert list(Program.objects.get(pk=world["own_program"].pk).co_organizers.all()) == [world["other"]]


def test_the_form_offers_no_draft_of_another_institute(client, world):
    client.force_login(world["editor"])
    page = client.get(f"/admin/programs/program/{world['own_program'].pk}/change/").content.decode()
    assert "비공개 기관" not in page and "다른 기관 초안" not in page


def test_what_a_city_editor_linked_stays_linked_when_a_partner_editor_saves(client, world):
    program = world["own_program"]
    program.co_organizers.set([world["secret_partner"]])
    response = post_change(client, world["editor"], program, title_ko="고친 제목")
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.title_ko == "고친 제목" and list(program.co_organizers.all()) == [world["secret_partner"]]


def autocomplete(client, user, model, field, term=""):
    client.force_login(user)
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "programs", "model_name": model, "field_name": field, "term": term},
    )
    return response.status_code, [row["text"] for row in json.loads(response.content or b"{}").get("results", [])]


def test_autocompletes_list_only_the_editors_own_records(client, world):
    status, titles = autocomplete(client, world["editor"], "program", "previous_round")
    assert status == 200 and world["own_program"].title in titles
    assert "다른 기관 초안" not in titles and "다른 기관 공개 사업" not in titles
    status, titles = autocomplete(client, world["editor"], "event", "program")
    assert "다른 기관 초안" not in titles


VIEW_ON_SITE = [
    # record           city  partner  anonymous
    ("own_program", 302, 302, "login"),
    ("other_draft", 302, 404, "login"),
    ("other_published", 302, 404, "login"),
    ("secret_partner", 302, 404, "login"),
]


@pytest.mark.parametrize("record, city, partner, anonymous", VIEW_ON_SITE)
def test_the_view_on_site_redirect_follows_the_row_level_rule(client, world, record, city, partner, anonymous):
    target = world[record]
    url = f"/admin/r/{ContentType.objects.get_for_model(target).pk}/{target.pk}/"
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    for role, expected in (("city", city), ("editor", partner)):
        client.force_login(world[role])
        response = client.get(url)
        assert response.status_code == expected, role
        if expected == 302:
            assert response["Location"] == target.get_absolute_url()


@pytest.mark.parametrize("url", ["/admin/r/999999/1/", "/admin/r/1/not-a-number/", "/en/admin/r/1/99999999/"])
def test_a_malformed_view_on_site_address_is_a_404(client, world, url):
    client.force_login(world["city"])
    assert client.get(url).status_code == 404


def test_relations_to_events_follow_the_rule_too(world):
    assert list(Event.objects.editable_by(world["editor"])) == [world["own_event"]]
    assert set(Program.objects.linkable_by(world["editor"])) == {world["own_program"], world["other_published"]}


@pytest.mark.parametrize(
    "column, value",
    [("co_organizers", "secret-partner"), ("program__slug", "DRAFT_PROGRAM")],
)
def test_an_import_cannot_link_to_another_institutes_draft(world, column, value):
    import tablib

    from programs.resources import EventResource, ProgramResource

    value = world["other_draft"].slug if value == "DRAFT_PROGRAM" else value
    resource_class = EventResource if column == "program__slug" else ProgramResource
    record = world["own_event"] if resource_class is EventResource else world["own_program"]
    header = ["slug", "title_ko", "organizer__slug", column]
    dataset = tablib.Dataset([record.slug, "가져온 제목", "own", value], headers=header)
    result = resource_class(user=world["editor"]).import_data(dataset)
    assert result.has_validation_errors()
    assert type(record).objects.get(pk=record.pk).title_ko != "가져온 제목"
