"""The editor's desk on the admin home: per role, counts of what needs the editor, each linking to a change list of
exactly those records, in a handful of queries."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from core.models import Revision
from core.publishing import Status
from programs.models import Program, Suggestion
from tests.clock import SEOUL
from tests.factories import EventFactory, PartnerFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def lines(response):
    with translation.override("en"):
        return {str(line.label): line for _heading, group in response.context["desk"] for line in group}


@pytest.fixture
def records(institute):
    """Two of each for the editor's institute, one of each for another institute."""
    other = PartnerFactory()
    now = timezone.now()
    for organizer in (institute, institute, other):
        ProgramFactory(organizer=organizer, status=Status.DRAFT, published_at=None)
        ProgramFactory(organizer=organizer, status=Status.REVIEW, published_at=None)
        ProgramFactory(organizer=organizer, application_closes_at=now + timedelta(days=3))
        EventFactory(organizer=organizer, starts_at=now + timedelta(days=2), ends_at=now + timedelta(days=2, hours=2))
    stale = ProgramFactory(organizer=institute, application_closes_at=now + timedelta(days=60))
    Program.objects.filter(pk=stale.pk).update(updated_at=now - timedelta(days=200))
    Suggestion.objects.create(title="시민 제보", organizer="기관", contact_email="a@example.org")
    return other


def test_a_partner_editor_sees_their_own_institutes_work(client, partner_editor, records):
    client.force_login(partner_editor)
    desk = lines(client.get("/admin/"))
    assert desk["Program drafts"].count == 2 and desk["Programs in review"].count == 2
    assert desk["Your programs closing within 7 days"].count == 2
    assert desk["Your events this week"].count == 2
    assert desk["Programs not updated for 180 days"].count == 1
    assert "New suggestions from citizens" not in desk


def test_a_city_editor_sees_what_waits_for_review_across_institutes(client, city_editor, records):
    client.force_login(city_editor)
    desk = lines(client.get("/admin/"))
    assert desk["New programs submitted"].count == 3 and "오늘 제출" in desk["New programs submitted"].note
    assert desk["Programs closing within 7 days"].count == 3
    assert desk["Events this week"].count == 3
    assert desk["New suggestions from citizens"].count == 1
    assert desk["Changes to live records"].count == Revision.objects.pending().count()


def test_each_line_links_to_a_change_list_of_exactly_those_records(client, partner_editor, city_editor, records):
    for editor in (partner_editor, city_editor):
        client.force_login(editor)
        for label, line in lines(client.get("/admin/")).items():
            if "/admin/review/" in line.url:
                continue
            listed = client.get(line.url)
            assert listed.status_code == 200, label
            assert listed.context["cl"].result_count == line.count, (editor, label)


def test_quiet_institutes_are_those_with_nothing_published_for_90_days(client, city_editor, institute):
    busy = PartnerFactory()
    ProgramFactory(organizer=busy)
    old = ProgramFactory(organizer=institute)
    Program.objects.filter(pk=old.pk).update(published_at=timezone.now() - timedelta(days=120))
    client.force_login(city_editor)
    line = lines(client.get("/admin/"))["Institutes with nothing published for 90 days"]
    listed = client.get(line.url).context["cl"].result_list
    assert institute in listed and busy not in listed


@pytest.mark.parametrize("role", ["partner", "city"])
def test_the_desk_costs_a_handful_of_queries_however_many_records(partner_editor, city_editor, role):
    from django.contrib.auth.models import User

    from gwangju_portal.desk import desk

    editor = partner_editor if role == "partner" else city_editor
    counts = []
    for _round in range(2):
        ProgramFactory(organizer=editor.edited_partners.first() or PartnerFactory())
        EventFactory()
        fresh = User.objects.get(pk=editor.pk)  # no role or institute remembered from the round before
        with CaptureQueriesContext(connection) as queries:
            desk(fresh)
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1] <= 10


def test_the_desk_reads_in_korean(client, partner_editor):
    client.force_login(partner_editor)
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "작성 중인 지원사업" in page and "7일 안에 마감되는 내 지원사업" in page


def listed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return {record.slug for record in response.context["cl"].result_list}


def test_needs_my_action_is_drafts_and_returned_changes_for_a_partner_and_review_for_the_city(
    client, partner_editor, city_editor, institute
):
    draft = ProgramFactory(organizer=institute, status=Status.DRAFT, published_at=None, slug="draft")
    submitted = ProgramFactory(organizer=institute, status=Status.REVIEW, published_at=None, slug="submitted")
    live = ProgramFactory(organizer=institute, slug="live")
    returned = ProgramFactory(organizer=institute, slug="returned")
    Revision.objects.create(**content_object_type(returned), object_id=returned.pk, title="x", author=partner_editor,
                            state=Revision.State.REJECTED, reason="날짜를 고쳐 주세요")  # fmt: skip
    Revision.objects.create(**content_object_type(live), object_id=live.pk, title="y", author=partner_editor)
    client.force_login(partner_editor)
    assert listed(client, "/admin/programs/program/?action=needed") == {draft.slug, returned.slug}
    client.force_login(city_editor)
    assert listed(client, "/admin/programs/program/?action=needed") == {submitted.slug, live.slug}


def content_object_type(record):
    from django.contrib.contenttypes.models import ContentType

    return {"content_type": ContentType.objects.get_for_model(record)}


def test_mine_lists_what_this_editor_changed(client, partner_editor, institute):
    from tests.admin_forms import admin_form_data

    theirs = ProgramFactory(organizer=institute, slug="theirs")
    mine = ProgramFactory(organizer=institute, slug="mine", status=Status.DRAFT, published_at=None)
    client.force_login(partner_editor)
    url = f"/admin/programs/program/{mine.pk}/change/"
    assert client.post(url, admin_form_data(partner_editor, mine, title_ko="내가 고친 제목")).status_code == 302
    assert listed(client, "/admin/programs/program/?mine=yes") == {"mine"}
    assert theirs.slug in listed(client, "/admin/programs/program/")


@time_machine.travel(datetime(2026, 12, 7, 10, 0, tzinfo=SEOUL))  # D-n counts calendar days: not near midnight
def test_the_program_list_shows_state_and_d_n_beside_the_title(client, city_editor):
    ProgramFactory(slug="soon", application_closes_at=timezone.now() + timedelta(days=3, hours=1))
    client.force_login(city_editor)
    page = client.get("/admin/programs/program/").content.decode()
    assert "portal-state-closing" in page and "D-3" in page


@pytest.mark.parametrize("model", ["program", "event"])
def test_the_form_groups_every_field_in_the_public_pages_order_with_languages_side_by_side(client, city_editor, model):
    from django.contrib import admin
    from django.contrib.admin.utils import flatten_fieldsets

    from programs.models import Event

    record = ProgramFactory() if model == "program" else EventFactory()
    client.force_login(city_editor)
    response = client.get(f"/admin/programs/{model}/{record.pk}/change/")
    model_admin = admin.site._registry[Program if model == "program" else Event]
    request = response.wsgi_request
    shown = set(flatten_fieldsets(model_admin.get_fieldsets(request, record)))
    assert set(model_admin.get_fields(request, record)) <= shown  # nothing an editor could fill is left out
    first_line = model_admin.get_fieldsets(request, record)[0][1]["fields"][0]
    assert first_line == ("title_ko", "title_en")
    page = response.content.decode()
    assert page.index('name="title_ko"') < page.index('name="title_en"') < page.index('name="summary_ko"')
    if model == "program":
        assert "portal-state" in page  # the derived state and D-n beside the dates


def test_the_grouped_form_still_saves(client, city_editor):
    from tests.admin_forms import admin_form_data

    program = ProgramFactory(title_ko="원래 제목")
    client.force_login(city_editor)
    data = admin_form_data(city_editor, program, title_ko="고친 제목", title_en="Mended title", max_age=39)
    assert client.post(f"/admin/programs/program/{program.pk}/change/", data).status_code == 302
    program.refresh_from_db()
    assert (program.title_ko, program.title_en, program.max_age) == ("고친 제목", "Mended title", 39)
