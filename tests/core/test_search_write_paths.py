"""Every path that writes a record keeps its search document current (shared/DECISIONS.md, Search)."""

import pytest
import tablib
from django.core.management import call_command
from django.db.models.signals import post_migrate

from core.analysis import ANALYSER_VERSION
from core.models import Revision
from core.roles import CITY_EDITORS
from programs.models import Program
from programs.resources import ProgramResource
from tests.admin_forms import admin_form_data, approve_on_review_page
from tests.factories import CategoryFactory, PartnerFactory, ProgramFactory, staff_in

pytestmark = pytest.mark.django_db


def found(query):
    return sorted(Program.objects.search(query).values_list("slug", flat=True))


def test_the_admin_form_indexes_the_new_text_and_the_chosen_audiences(client, city_editor, institute):
    from tests.factories import AudienceFactory

    program = ProgramFactory(organizer=institute, title_ko="원래 제목")
    students = AudienceFactory(slug="student", name_ko="대학생", name_en="Students")
    client.force_login(city_editor)
    url = f"/admin/programs/program/{program.pk}/change/"
    data = admin_form_data(city_editor, program, title_ko="드론 비행 교실", audiences=[str(students.pk)])
    assert client.post(url, data).status_code == 302
    assert found("드론") == found("대학생") == [program.slug]
    assert found("원래") == []


def test_an_approved_revision_is_searched_by_its_new_text(client, partner_editor, city_editor, institute):
    program = ProgramFactory(organizer=institute, title_ko="원래 제목")
    client.force_login(partner_editor)
    url = f"/admin/programs/program/{program.pk}/change/"
    client.post(url, admin_form_data(partner_editor, program, title_ko="수소 실증 사업"))
    assert found("수소") == []  # waiting for review: the public text is unchanged
    client.force_login(city_editor)
    approve_on_review_page(client, Revision.objects.get())
    assert found("수소") == [program.slug]


def test_an_import_indexes_every_row():
    CategoryFactory(slug="education")
    PartnerFactory(slug="gjtp", name_ko="광주테크노파크", name_en="Gwangju Techno Park")
    rows = tablib.Dataset(headers=["slug", "title_ko", "title_en", "category__slug", "organizer__slug"])
    rows.append(["drone-camp", "드론 캠프에서 배우기", "Drone camps", "education", "gjtp"])
    result = ProgramResource(user=staff_in(CITY_EDITORS)).import_data(rows, dry_run=False)
    assert not result.has_errors()
    program = Program.objects.get(slug="drone-camp")
    assert program.search_version == ANALYSER_VERSION
    assert found("드론 캠프") == found("drone camp") == found("테크노파크") == ["drone-camp"]


def test_load_gwangju_indexes_the_real_records_with_their_institutes_names():
    call_command("load_gwangju", verbosity=0)
    loaded = Program.objects.exclude(search_version=ANALYSER_VERSION)
    assert Program.objects.exists() and not loaded.exists()
    organizer = Program.objects.select_related("organizer").first().organizer
    assert Program.objects.first().slug in found(organizer.name_ko)


def test_after_migrate_documents_an_older_analysis_made_are_rebuilt():
    from django.apps import apps

    program = ProgramFactory(title_ko="메이커톤 참가자 모집")
    Program.objects.filter(pk=program.pk).update(search_document="", search_title="", search_version=1)
    assert found("메이커톤") == []
    last = list(apps.get_app_configs())[-1]
    post_migrate.send(sender=last, app_config=last, verbosity=0, interactive=False, using="default", apps=apps, plan=[])
    assert found("메이커톤") == [program.slug]


def test_reindex_search_reports_its_progress(capsys):
    ProgramFactory(title_ko="드론 실증")
    call_command("reindex_search", batch_size=1)
    captured = capsys.readouterr()
    assert "search documents written" in captured.out and "programs.Program" in captured.err
