"""Bulk edits editors ask for: extend the closing date of several programs (a confirmation page, then history, or
revisions for a partner editor's live programs), and archive past events."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import Revision
from core.publishing import Status
from programs.models import Event, Program
from tests.admin_forms import approve_selected
from tests.factories import EventFactory, PartnerFactory, ProgramFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/programs/program/"


def extend(client, programs, when=None):
    data = {"action": "extend_closing_date", "_selected_action": [str(p.pk) for p in programs]}
    if when is not None:
        local = timezone.localtime(when)
        data.update({"extend": "1", "closes_at_0": local.strftime("%Y-%m-%d"), "closes_at_1": local.strftime("%H:%M")})
    return client.post(CHANGELIST, data)


def test_the_action_first_shows_a_confirmation_page_and_changes_nothing(client, city_editor):
    program = ProgramFactory(title_ko="연장할 사업")
    before = program.application_closes_at
    client.force_login(city_editor)
    page = extend(client, [program])
    assert page.status_code == 200 and "연장할 사업" in page.content.decode()
    program.refresh_from_db()
    assert program.application_closes_at == before


def test_a_city_editor_extends_several_programs_and_each_history_says_so(client, city_editor):
    programs = [ProgramFactory(), ProgramFactory(status=Status.DRAFT, published_at=None)]
    new = (timezone.now() + timedelta(days=60)).replace(second=0, microsecond=0)
    client.force_login(city_editor)
    assert extend(client, programs, new).status_code == 302
    for program in programs:
        program.refresh_from_db()
        assert program.application_closes_at == new
        assert str(city_editor) in program.history.first().history_change_reason  # who, in the history


def test_a_partner_editors_live_programs_wait_as_revisions_and_drafts_change_at_once(
    client, partner_editor, city_editor, institute
):
    live = ProgramFactory(organizer=institute)
    draft = ProgramFactory(organizer=institute, status=Status.DRAFT, published_at=None)
    others = ProgramFactory(organizer=PartnerFactory())
    before = {p.pk: p.application_closes_at for p in (live, others)}
    new = (timezone.now() + timedelta(days=45)).replace(second=0, microsecond=0)
    client.force_login(partner_editor)
    assert extend(client, [live, draft, others], new).status_code == 302
    for program in (live, draft, others):
        program.refresh_from_db()
    assert draft.application_closes_at == new
    assert live.application_closes_at == before[live.pk] and others.application_closes_at == before[others.pk]
    revision = Revision.objects.pending().get()
    assert revision.object_id == live.pk and "application_closes_at" in revision.changes
    client.force_login(city_editor)  # the city approves them together
    approve_selected(client, [str(revision.pk)])
    live.refresh_from_db()
    assert live.application_closes_at == new


def test_a_time_that_would_shorten_a_program_is_refused_and_nothing_changes(client, city_editor):
    late = ProgramFactory(title_ko="늦게 마감", application_closes_at=timezone.now() + timedelta(days=90))
    early = ProgramFactory(application_closes_at=timezone.now() + timedelta(days=5))
    client.force_login(city_editor)
    response = extend(client, [late, early], timezone.now() + timedelta(days=30))
    assert response.status_code == 200 and "늦게 마감" in str(response.context["form"].errors)
    assert Program.objects.get(pk=early.pk).application_closes_at == early.application_closes_at


def test_past_events_are_listed_for_archiving_and_the_city_archives_them(client, city_editor):
    now = timezone.now()
    past = EventFactory(starts_at=now - timedelta(days=10), ends_at=now - timedelta(days=9))
    coming = EventFactory(starts_at=now + timedelta(days=3), ends_at=now + timedelta(days=3, hours=2))
    client.force_login(city_editor)
    listed = client.get("/admin/programs/event/?when=over").context["cl"].result_list
    assert list(listed) == [past]
    client.post("/admin/programs/event/", {"action": "archive", "_selected_action": [str(past.pk)]})
    assert Event.objects.get(pk=past.pk).status == Status.ARCHIVED
    assert Event.objects.get(pk=coming.pk).status == Status.PUBLISHED
