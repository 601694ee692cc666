import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from core.publishing import Status
from core.roles import PARTNER_EDITORS, is_city_editor
from partners.models import Agreement, Partner
from programs.models import Event, Program

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        model.__name__: sorted(model.objects.values_list("slug", "updated_at"))
        for model in (Partner, Agreement, Program, Event)
    }


def test_load_gwangju_loads_the_real_records_in_both_languages():
    call_command("load_gwangju", stdout=None)
    agreement = Agreement.objects.get(slug="2019-gwangju-ai-four-way-agreement")
    assert agreement.signed_on.isoformat() == "2019-10-28"
    assert sorted(agreement.parties.values_list("slug", flat=True)) == [
        "city-of-gwangju",
        "gwangju-techno-park",
        "iitp",
        "keti",
    ]
    assert len(agreement.area_list) == 4
    assert agreement.title_ko and agreement.title_en
    assert Partner.objects.get(slug="keti").name_ko == "한국전자기술연구원"
    assert Partner.objects.get(slug="keti").name_en == "Korea Electronics Technology Institute"
    assert Program.objects.filter(title_en="FunFun Investment", title_ko="펀펀 투자").exists()
    event = Event.objects.get(slug="2019-gwangju-technology-commercialization-week")
    assert event.starts_at.year == 2019 and event.venue_name_en == "Gwangju Innopolis Center"
    assert not Partner.objects.exclude(status=Status.PUBLISHED).exists()
    assert all(program.application_state == "closed" for program in Program.objects.all())


def test_load_gwangju_twice_changes_nothing(capsys):
    call_command("load_gwangju")
    first = snapshot()
    call_command("load_gwangju")
    assert snapshot() == first
    assert "0 created, 0 updated, 19 unchanged" in capsys.readouterr().out


def test_load_gwangju_repairs_an_edited_record():
    call_command("load_gwangju")
    Partner.objects.filter(slug="keti").update(name_en="Changed")
    call_command("load_gwangju")
    assert Partner.objects.get(slug="keti").name_en == "Korea Electronics Technology Institute"


def test_seed_demo_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG=1"):
        call_command("seed_demo", programs=1, events=1)
    assert not Program.objects.exists()


def test_seed_demo_adds_labelled_samples_in_every_state_and_demo_accounts(settings, capsys, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setenv("DEMO_PASSWORD", "another-password")
    call_command("seed_demo", programs=200, events=40, seed=7)
    samples = Program.objects.filter(slug__startswith="sample-")
    out = capsys.readouterr().out
    rounds = int(re.search(r"and (\d+) earlier or announced rounds", out).group(1))
    assert samples.count() == 200 + rounds and rounds >= 10  # ten families of 2 to 5 rounds, half announced next
    assert Event.objects.filter(slug__startswith="sample-").count() == 40
    assert all(p.title_ko.startswith("[샘플]") and p.title_en.startswith("[Sample]") for p in samples)
    states = {program.application_state for program in samples}
    assert states == {"open", "closing", "upcoming", "closed", "rolling", "forecast"}
    assert samples.published().count() == samples.count()
    assert Program.audiences.through.objects.filter(program__in=samples).count() >= 100  # tags: students, researchers
    assert "city-editor" in out and "partner-editor" in out and "another-password" in out
    city_editor = get_user_model().objects.get(username="city-editor")
    partner_editor = get_user_model().objects.get(username="partner-editor")
    assert city_editor.check_password("another-password") and partner_editor.check_password("another-password")
    assert city_editor.is_staff and is_city_editor(city_editor) and not city_editor.is_superuser
    assert partner_editor.is_staff and not is_city_editor(partner_editor)
    assert list(partner_editor.groups.values_list("name", flat=True)) == [PARTNER_EDITORS]
    assert list(partner_editor.edited_partners.values_list("slug", flat=True)) == ["gwangju-techno-park"]
    assert partner_editor.has_perm("programs.change_program")
    assert not partner_editor.has_perm("programs.delete_program")


def test_seed_demo_if_empty_adds_nothing_the_second_time(settings):
    settings.DEBUG = True
    call_command("seed_demo", programs=5, events=2, if_empty=True)
    call_command("seed_demo", programs=5, events=2, if_empty=True)
    assert Program.objects.filter(slug__startswith="sample-").count() == 5
    assert get_user_model().objects.filter(username__in=["city-editor", "partner-editor"]).count() == 2


def test_sample_programs_tag_only_audiences_no_rule_expresses_and_show_the_stages_their_rules_make(settings):
    from programs.rules import DERIVED, STAGES

    settings.DEBUG = True
    call_command("load_gwangju", verbosity=0)
    call_command("seed_demo", programs=120, events=10, seed=5, verbosity=0)
    samples = Program.objects.filter(slug__startswith="sample-").prefetch_related("audiences")
    assert samples.count() >= 120  # with the earlier and announced rounds of some
    stages_seen = set()
    for program in samples:
        assert not {audience.slug for audience in program.audiences.all()} & DERIVED, program.slug
        shown = {audience.slug for audience in program.audiences_shown()}
        stages_seen |= shown & {stage.slug for stage in STAGES}
        assert program.how_to_apply_ko and program.contact_ko and program.publishing_problems() == {}
    assert stages_seen == {"pre-founder", "early-stage", "growth", "mature"}


def test_some_sample_programs_carry_a_sample_notice_that_opens_as_a_pdf(client, settings):
    from core.attachments import validate_attachment
    from programs.models import Attachment

    settings.DEBUG = True
    call_command("load_gwangju", verbosity=0)
    call_command("seed_demo", programs=30, events=0, seed=5, verbosity=0)
    notices = Attachment.objects.filter(program__slug__startswith="sample-")
    assert notices.count() == 10 and {notice.title for notice in notices} == {"[샘플] 모집 공고문"}
    notice = notices.first()
    validate_attachment(notice.file)  # the content matches the extension
    response = client.get(notice.get_absolute_url())
    body = b"".join(response.streaming_content)
    assert response.status_code == 200 and body.startswith(b"%PDF-1.4") and body.rstrip().endswith(b"%%EOF")
