"""A slug left empty is made from the English title, or <prefix>-<id> when there is none; a Korean editor never has
to type one."""

import pytest

from core.publishing import Status
from programs.models import Event, Program
from tests.admin_forms import admin_form_data
from tests.factories import EventFactory, PartnerFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def test_an_empty_slug_comes_from_the_english_title_and_stays_unique():
    first = ProgramFactory(slug="", title_en="Youth Start-up Academy")
    second = ProgramFactory(slug="", title_en="Youth Start-up Academy")
    assert (first.slug, second.slug) == ("youth-start-up-academy", "youth-start-up-academy-2")


def test_a_korean_only_record_gets_its_number():
    program = ProgramFactory(slug="", title_en="", title_ko="청년 창업 아카데미")
    event = EventFactory(slug="", title_en="")
    partner = PartnerFactory(slug="", name_en="")
    assert program.slug == f"p-{program.pk}" and event.slug == f"e-{event.pk}" and partner.slug == f"i-{partner.pk}"
    assert Program.objects.get(pk=program.pk).slug == program.slug
    assert Event.objects.get(pk=event.pk).slug == event.slug


def test_a_korean_only_draft_saves_in_the_admin_with_a_made_slug(client, partner_editor, institute):
    template = ProgramFactory(organizer=institute, status=Status.DRAFT, published_at=None)
    client.force_login(partner_editor)
    data = admin_form_data(partner_editor, template, title_ko="한국어로만 쓴 초안", title_en="", slug="")
    data.pop("status", None)
    response = client.post("/admin/programs/program/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    made = Program.objects.get(title_ko="한국어로만 쓴 초안")
    assert made.slug == f"p-{made.pk}" and made.get_absolute_url() == f"/programs/p-{made.pk}/"
