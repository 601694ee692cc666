"""Program.audience_tags, the eligibility rule's derived column (#38): on every path that changes a program's audiences
it equals what the rule reads from the links (rules.audience_tags_column). tests/programs/test_rules.py checks that the
catalogue's groups, which read the column, agree with each program's verdict."""

import pytest
import tablib

from programs.demo import demo_records_create
from programs.models import Audience, Program
from programs.resources import ProgramResource
from programs.rules import audience_tags_column
from programs.services import program_next_round
from tests.admin_forms import admin_form_data
from tests.factories import AudienceFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tags():
    student = AudienceFactory(slug="student", name_ko="대학생", name_en="Students")
    researcher = AudienceFactory(slug="researcher", name_ko="연구자", name_en="Researchers")
    return student, researcher


def column_follows_the_links():
    """Every program's column as stored, against the rule applied to its links as stored."""
    stored = dict(Program.objects.values_list("pk", "audience_tags"))
    expected = {
        program.pk: audience_tags_column(audience.slug for audience in program.audiences.all())
        for program in Program.objects.prefetch_related("audiences")
    }
    return stored == expected


def test_the_column_holds_only_the_tags_a_person_confirms_padded_and_sorted():
    assert audience_tags_column(["student", "pre-founder", "citizen", "youth", "researcher"]) == " researcher student "
    assert audience_tags_column(["early-stage", "citizen"]) == ""


def test_tags_set_added_removed_from_either_side_and_cleared(tags):
    student, researcher = tags
    program = ProgramFactory(audiences=[student])
    assert Program.objects.get(pk=program.pk).audience_tags == " student "
    researcher.programs.add(program)  # from the audience's side
    assert Program.objects.get(pk=program.pk).audience_tags == " researcher student "
    program.audiences.remove(student)
    assert Program.objects.get(pk=program.pk).audience_tags == " researcher "
    program.audiences.clear()
    assert Program.objects.get(pk=program.pk).audience_tags == ""


def test_an_admin_save_keeps_the_column_with_the_form(client, superuser, tags):
    student, researcher = tags
    program = ProgramFactory(audiences=[student])
    client.force_login(superuser)
    data = admin_form_data(superuser, program, audiences=[str(researcher.pk)])
    response = client.post(f"/admin/programs/program/{program.pk}/change/", data)
    assert response.status_code == 302
    assert Program.objects.get(pk=program.pk).audience_tags == " researcher "
    assert column_follows_the_links()


def test_a_save_of_a_stale_copy_or_a_restored_version_does_not_bring_back_old_tags(client, superuser, tags):
    student, researcher = tags
    program = ProgramFactory(audiences=[student])
    stale = Program.objects.get(pk=program.pk)  # read while it was for students
    old_version = program.history.first()
    program.audiences.set([researcher])
    stale.title_ko = "다른 제목"
    stale.save()
    assert Program.objects.get(pk=program.pk).audience_tags == " researcher "
    stale.save(update_fields=["title_ko"])
    assert Program.objects.get(pk=program.pk).audience_tags == " researcher "
    old_version.instance.save()  # as django-simple-history restores a version: audiences are not versioned
    assert column_follows_the_links()


def test_an_import_a_next_round_and_a_deleted_audience_keep_the_column(tags, institute):
    student, researcher = tags
    ProgramFactory(slug="imported", organizer=institute, category__slug="education")
    rows = "slug,title_ko,category__slug,organizer__slug,audiences\n"
    rows += f'imported,가져온 사업,education,{institute.slug},"researcher,student"\n'
    result = ProgramResource().import_data(tablib.Dataset().load(rows, format="csv"))
    assert not result.has_errors() and not result.has_validation_errors()
    assert Program.objects.get(slug="imported").audience_tags == " researcher student "

    following = program_next_round(program=Program.objects.get(slug="imported"))
    assert Program.objects.get(pk=following.pk).audience_tags == " researcher student "

    researcher.delete()  # its links go without m2m_changed
    assert set(Program.objects.values_list("audience_tags", flat=True)) == {" student "}
    assert column_follows_the_links()


def test_sample_programs_are_seeded_with_their_column():
    demo_records_create(programs=40, events=0, seed=3)  # bulk-created: no save, no m2m_changed
    assert Program.objects.exclude(audience_tags="").exists()  # the seed tags some programs
    assert Audience.objects.filter(programs__isnull=False).exists()
    assert column_follows_the_links()
