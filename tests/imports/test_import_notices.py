"""National notices imported through recorded answers: the first run makes exactly the programs for Gwangju (one
per program found in both sources, linked to an institute's own record), a second changes nothing, a changed
deadline is one update with its history and its followers' alert, editors' changes and hidden records survive,
withdrawn notices are archived, a source that times out fails alone, uncertain matches wait for a city editor, and
each program is marked by source on its card, in the API, the open data and the filters. Budget: 70 s a pass."""

import importlib
import json
import re
from datetime import date, datetime

import pytest
import time_machine
from django.utils import timezone

from alerts.sending import alerts_send
from core.publishing import Status
from imports import bizinfo, kstartup
from imports.kstartup import YEAR_BRACKETS, bracket_range
from imports.models import ImportRun
from imports.notices import period
from imports.services import notices_import
from imports.transport import Transport
from partners.models import Partner
from programs.models import Program, ProgramSource
from tests.clock import SEOUL
from tests.factories import CategoryFactory, PartnerFactory, ProgramFactory
from tests.imports.recorded import INSTITUTE_OWN, Replay, bizinfo_item, kstartup_item
from tests.worker import run_worker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sources(settings):
    settings.KSTARTUP_SERVICE_KEY, settings.BIZINFO_API_KEY = "test-key-k", "test-key-b"
    categories = importlib.import_module("programs.migrations.0002_categories_and_audiences").CATEGORIES
    for slug, name_ko, name_en in categories:  # the migration's list, which a transactional test's flush removes
        CategoryFactory(slug=slug, name_ko=name_ko, name_en=name_en)
    PartnerFactory(slug="city-of-gwangju", name_ko="광주광역시", phone="062-120")
    PartnerFactory(slug="gjtp", name_ko="광주테크노파크", phone="062-602-7000")
    replay = Replay()
    replay.own = ProgramFactory(
        title_ko=INSTITUTE_OWN,
        title=INSTITUTE_OWN,
        application_closes_at=timezone.make_aware(timezone.datetime(2027, 3, 31, 18, 0)),
    )
    return replay


def run(replay, source):
    return notices_import(source=source, transport=Transport(fetch=replay, sleep=lambda seconds: None))


def for_gwangju(regions):
    return any("광주" in region or region == "전국" for region in regions)


def expected(replay):
    """The notices each source lists for Gwangju, read from the recorded items themselves."""
    kstartup_ids = {
        str(item["pbanc_sn"])
        for item in replay.kstartup_items
        if item["biz_pbanc_nm"] and for_gwangju([item["supt_regin"]])
    }
    bizinfo_ids = {item["pblancId"] for item in replay.bizinfo_items if for_gwangju(item["hashTags"].split(",")[2:])}
    return kstartup_ids, bizinfo_ids


def test_the_first_run_makes_one_program_per_notice_for_gwangju_and_a_second_changes_nothing(sources):
    replay = sources
    kstartup_ids, bizinfo_ids = expected(replay)
    first_k, first_b = run(replay, kstartup.SOURCE), run(replay, bizinfo.SOURCE)
    assert (first_k.outcome, first_b.outcome) == ("done", "done")
    assert first_k.created == len(kstartup_ids) - 1 and first_k.updated == 1  # the institute's own, linked
    assert first_b.created == len(bizinfo_ids) - 6 and first_b.updated == 6  # six were already there
    assert first_k.failed == 1 and "170099" in first_k.log  # the item without a title
    assert "malformed JSON, read as RSS" in first_b.log
    assert set(ProgramSource.objects.filter(source="kstartup").values_list("source_id", flat=True)) == kstartup_ids
    assert set(ProgramSource.objects.filter(source="bizinfo").values_list("source_id", flat=True)) == bizinfo_ids
    both = Program.objects.filter(title_ko__startswith="2027년 광주 공동 창업지원")
    assert both.count() == 6 and all(program.sources.count() == 2 for program in both)
    assert replay.own.sources.get().source == "kstartup"
    assert not Program.objects.filter(title_ko__contains="서울").exists()
    assert not ProgramSource.objects.filter(region__in=["서울", "부산", "대구", "경기"]).exists()
    undetermined = Program.objects.get(sources__source_id="PBLN_000000000000017")
    assert undetermined.application_closes_at is None and "일정 미정" in undetermined.schedule_ko
    assert Program.objects.get(sources__source_id="PBLN_000000000000008").organizer.slug == "gjtp"
    programs_before = Program.objects.count()
    second_k, second_b = run(replay, kstartup.SOURCE), run(replay, bizinfo.SOURCE)
    assert (second_k.created, second_k.updated, second_b.created, second_b.updated) == (0, 0, 0, 0)
    assert second_k.unchanged == len(kstartup_ids) and Program.objects.count() == programs_before


@time_machine.travel(datetime(2026, 12, 7, 10, 0, tzinfo=SEOUL))  # a change's alert waits out the night
def test_a_changed_deadline_is_one_update_with_history_and_an_alert_for_followers(client, smtp, sources):
    replay = sources
    run(replay, kstartup.SOURCE)
    program = Program.objects.get(sources__source_id="170015")
    client.post(f"/alerts/follow/program/{program.slug}/", {"email": "founder@example.com", "consent": "on"})
    run_worker()
    body = smtp.to("founder@example.com")[-1].get_body(("plain",)).get_content()
    client.post(re.search(r"http://testserver(/alerts/confirm/\S+/)", body).group(1))
    alerts_send()
    history = program.history.count()
    replay.kstartup_items[15] = kstartup_item(15, closes="20270415")
    again = run(replay, kstartup.SOURCE)
    assert again.updated == 1 and again.created == 0
    program.refresh_from_db()
    assert timezone.localtime(program.application_closes_at).date() == date(2027, 4, 15)
    assert program.history.count() == history + 1
    assert alerts_send() == 1


def test_editors_changes_and_hidden_records_survive_and_withdrawn_notices_are_archived(sources):
    replay = sources
    run(replay, kstartup.SOURCE)
    edited = Program.objects.get(sources__source_id="170007")
    edited.title_ko = edited.title = "편집자가 고친 제목"
    edited.save()
    hidden = Program.objects.get(sources__source_id="170008")
    hidden.status = Status.DRAFT
    hidden.save()
    replay.kstartup_items[7]["pbanc_rcpt_end_dt"] = "20270420"  # the source changes another field of the edited one
    withdrawn_id = str(replay.kstartup_items.pop(14)["pbanc_sn"])
    again = run(replay, kstartup.SOURCE)
    edited.refresh_from_db()
    hidden.refresh_from_db()
    assert edited.title_ko == "편집자가 고친 제목"
    assert timezone.localtime(edited.application_closes_at).date() == date(2027, 4, 20)
    assert hidden.status == Status.DRAFT
    gone = Program.objects.get(sources__source_id=withdrawn_id)
    assert gone.status == Status.ARCHIVED and again.archived == 1
    assert ProgramSource.objects.get(source_id=withdrawn_id).withdrawn_at is not None
    assert (gone.notice_sources, Program.objects.get(pk=edited.pk).notice_sources) == ("", "kstartup")


def test_a_source_that_times_out_fails_alone_and_a_missing_key_skips_with_a_line(sources, settings):
    replay = sources
    replay.timing_out.add(kstartup.SOURCE)
    failed, done = run(replay, kstartup.SOURCE), run(replay, bizinfo.SOURCE)
    assert failed.outcome == ImportRun.Outcome.FAILED and "gave up after 3 attempts" in failed.log
    assert done.outcome == ImportRun.Outcome.DONE and done.created > 0
    settings.BIZINFO_API_KEY = ""
    skipped = notices_import(source=bizinfo.SOURCE)
    assert skipped.outcome == ImportRun.Outcome.SKIPPED and "BIZINFO_API_KEY" in skipped.log


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("20270301 ~ 20270331", (date(2027, 3, 1), date(2027, 3, 31), "", False)),
        ("2027-03-01 ~ 추후 공지", (date(2027, 3, 1), None, "2027-03-01 ~ 추후 공지", False)),
        ("사업별 상이", (None, None, "사업별 상이", False)),
        ("상시 접수", (None, None, "상시 접수", True)),
        ("20270331 ~ 20270301", (date(2027, 3, 31), None, "", False)),
    ],
)
def test_periods_as_sources_write_them(written, read):
    assert period(written) == read


@pytest.mark.parametrize(
    ("chosen", "years"),
    [
        (["예비창업자"], (None, 0)),
        (["예비창업자", "1년미만", "2년미만", "3년미만"], (None, 3)),
        (["3년미만", "5년미만", "7년미만"], (3, 7)),
        (list(YEAR_BRACKETS), (None, None)),
    ],
)
def test_business_years_brackets_become_year_numbers(chosen, years):
    assert bracket_range(chosen, YEAR_BRACKETS) == years


def test_imported_programs_credit_their_sources_on_the_page_the_api_and_the_desk(client, sources, city_editor):
    replay = sources
    run(replay, kstartup.SOURCE)
    run(replay, bizinfo.SOURCE)
    shared = Program.objects.filter(title_ko__startswith="2027년 광주 공동 창업지원").first()
    page = client.get(shared.get_absolute_url()).content.decode()
    for link in shared.sources.all():
        assert f'href="{link.source_url.replace("&", "&amp;")}"' in page
    assert "K-Startup" in page and "기업마당" in page
    record = client.get(f"/api/v1/programs/{shared.slug}/").json()
    assert {item["source"]["code"] for item in record["sources"]} == {"kstartup", "bizinfo"}
    listed = client.get("/api/v1/programs/", {"page_size": 100}).json()["results"]
    assert any(item["sources"] for item in listed)
    client.force_login(city_editor)
    desk = client.get("/admin/").content.decode()
    assert "/admin/imports/importrun/?source__exact=kstartup" in desk


def slugs(client, path, **params):
    return {item["slug"] for item in client.get(path, {"page_size": 100, **params}).json()["results"]}


def test_cards_open_data_and_filters_mark_each_program_by_source(client, sources):
    replay = sources
    run(replay, kstartup.SOURCE)
    run(replay, bizinfo.SOURCE)
    live = Program.objects.published()
    shared = live.filter(title_ko__startswith="2027년 광주 공동 창업지원").first()
    only_here = ProgramFactory(title_ko="기관이 직접 올린 사업")
    nationwide = live.filter(nationwide=True)
    assert nationwide.exists() and live.filter(nationwide=False, sources__isnull=False).exists()

    card = client.get("/programs/", {"q": shared.title_ko}).content.decode()
    assert '<span class="visually-hidden">공고 출처: </span>K-Startup' in card and "기업마당" in card
    assert slugs(client, "/api/v1/programs/", source="local") == {only_here.slug, replay.own.slug} - {
        link.program.slug for link in ProgramSource.objects.all()
    }
    kstartup_slugs = set(live.filter(sources__source="kstartup").values_list("slug", flat=True))
    assert slugs(client, "/api/v1/programs/", source="kstartup") == kstartup_slugs
    gwangju_only = slugs(client, "/api/v1/programs/", region="gwangju")
    assert gwangju_only and not gwangju_only & set(nationwide.values_list("slug", flat=True))
    assert slugs(client, "/api/v1/programs/", region="nationwide") == set(nationwide.values_list("slug", flat=True))
    assert client.get("/programs/", {"source": "elsewhere"}).status_code == 200  # a value refused, said in the form

    data = json.loads(b"".join(client.get("/open-data/programs.json").streaming_content))
    rows = {row["slug"]: row for row in data}
    row = rows[shared.slug]
    kstartup_link = shared.sources.get(source="kstartup")
    assert row["sources"] == ["bizinfo", "kstartup"] and row["kstartup_id"] == kstartup_link.source_id
    assert row["kstartup_url"] == kstartup_link.source_url and row["bizinfo_id"].startswith("PBLN_")
    assert row["sources_checked_at"] and row["nationwide"] is False
    assert rows[only_here.slug]["sources"] == [] and rows[only_here.slug]["kstartup_id"] is None


@time_machine.travel(datetime(2026, 12, 7, 10, 0, tzinfo=SEOUL))
def test_a_sources_first_run_is_a_baseline_and_only_later_notices_reach_alerts(client, smtp, sources):
    replay = sources
    client.post(
        "/alerts/new/?category=commercialization", {"email": "a@example.com", "frequency": "immediate", "consent": "on"}
    )
    run_worker()
    body = smtp.to("a@example.com")[-1].get_body(("plain",)).get_content()
    client.post(re.search(r"http://testserver(/alerts/confirm/\S+/)", body).group(1))
    alerts_send()
    with time_machine.travel(datetime(2026, 12, 7, 10, 5, tzinfo=SEOUL)):
        run(replay, kstartup.SOURCE)  # the first run: a baseline, nothing announced
    with time_machine.travel(datetime(2026, 12, 7, 10, 10, tzinfo=SEOUL)):
        assert alerts_send() == 0
    replay.kstartup_items.append(kstartup_item(700))  # a notice first seen on the next night
    replay.kstartup_items[-1]["supt_regin"] = "광주"
    replay.kstartup_items[-1]["supt_biz_clsfc"] = "사업화"
    with time_machine.travel(datetime(2026, 12, 8, 2, 0, tzinfo=SEOUL)):
        again = run(replay, kstartup.SOURCE)
    assert again.created == 1
    with time_machine.travel(datetime(2026, 12, 8, 10, 0, tzinfo=SEOUL)):
        assert alerts_send() == 1
        run_worker()
    assert "K-Startup 창업 공고 700" in smtp.to("a@example.com")[-1].get_body(("plain",)).get_content()


def test_a_page_the_adapter_cannot_read_fails_that_source_with_its_reason(sources):
    replay = sources
    original = replay.__call__

    def garbled(url, params, timeout):
        answer = original(url, params, timeout)
        if url == kstartup.URL:
            answer.text = answer.text.replace('"totalCount": 130', '"totalCount": "many"')
        return answer

    failed = notices_import(source=kstartup.SOURCE, transport=Transport(fetch=garbled, sleep=lambda seconds: None))
    assert failed.outcome == ImportRun.Outcome.FAILED and "ValueError" in failed.log and failed.finished_at
    assert not ProgramSource.objects.filter(withdrawn_at__isnull=False).exists()  # nothing archived on a failure
    assert run(replay, bizinfo.SOURCE).outcome == ImportRun.Outcome.DONE


def test_without_the_city_to_own_them_the_run_fails_with_a_clear_line(sources):
    Partner.objects.filter(slug="city-of-gwangju").delete()
    failed = run(sources, kstartup.SOURCE)
    assert failed.outcome == ImportRun.Outcome.FAILED and "load_gwangju" in failed.log and failed.calls == 0


def test_uncertain_matches_wait_for_a_city_editor_who_confirms_or_splits_them(client, sources, city_editor):
    replay = sources
    replay.bizinfo_items[5] = bizinfo_item(5, period="20270301 ~ 20270328")  # three days before K-Startup's
    run(replay, kstartup.SOURCE)
    run(replay, bizinfo.SOURCE)
    links = ProgramSource.objects.all()
    assert set(links.filter(match="unsure").values_list("source_id", flat=True)) == {"170006", "PBLN_000000000000005"}
    assert links.filter(match="sure").count() == 5  # the shared notices with the same closing day and organiser
    client.force_login(city_editor)
    listed = client.get("/admin/programs/programsource/", {"match__exact": "unsure"}).content.decode()
    assert "170006" in listed and "PBLN_000000000000005" in listed and "170001" not in listed
    assert "/admin/programs/programsource/?match__exact=unsure" in client.get("/admin/").content.decode()

    own = links.get(source_id="170006")
    client.post("/admin/programs/programsource/", {"action": "confirm", "_selected_action": [own.pk]})
    own.refresh_from_db()
    assert own.match == "confirmed" and own.program == replay.own

    near = links.get(source_id="PBLN_000000000000005")
    shared = near.program
    client.post("/admin/programs/programsource/", {"action": "split", "_selected_action": [near.pk]})
    near.refresh_from_db()
    assert near.program != shared and near.match == "confirmed"
    assert near.program.title_ko == shared.title_ko and near.program.status == Status.PUBLISHED
    assert timezone.localtime(near.program.application_closes_at).date() == date(2027, 3, 28)
    assert [link.source for link in shared.sources.all()] == ["kstartup"]
    shared.refresh_from_db()
    assert (shared.notice_sources, near.program.notice_sources) == ("kstartup", "bizinfo")  # what cards name
    again = run(replay, bizinfo.SOURCE)  # the next night keeps the editor's decision
    near.refresh_from_db()
    assert (again.created, again.updated, near.program.sources.get()) == (0, 0, near)


def test_a_programs_notices_show_in_its_admin_with_the_fields_an_editor_overrides(client, sources, city_editor):
    replay = sources
    run(replay, kstartup.SOURCE)
    edited = Program.objects.get(sources__source_id="170007")
    edited.title_ko = edited.title = "편집자가 고친 제목"
    edited.save()
    client.force_login(city_editor)
    page = client.get(f"/admin/programs/program/{edited.pk}/change/").content.decode()
    link = edited.sources.get()
    assert link.overridden() == ["title_ko"]
    assert f"K-Startup {link.source_id}" in page and "제목 [ko]" in page.split("portal-national-notices")[1]
    assert client.post(f"/admin/programs/programsource/{link.pk}/change/", {"source_id": "1"}).status_code == 403
    assert link.source_id == ProgramSource.objects.get(pk=link.pk).source_id


def test_partner_editors_see_their_programs_notices_but_never_the_match_list(
    client, sources, institute, partner_editor
):
    replay = sources
    Program.objects.filter(pk=replay.own.pk).update(organizer=institute)
    run(replay, kstartup.SOURCE)
    link = ProgramSource.objects.get(source_id="170006")
    client.force_login(partner_editor)
    page = client.get(f"/admin/programs/program/{replay.own.pk}/change/").content.decode()
    assert "K-Startup 170006" in page and "확인 필요" in page.split("portal-national-notices")[1]
    assert client.get("/admin/programs/programsource/").status_code == 403
    answer = client.post("/admin/programs/programsource/", {"action": "confirm", "_selected_action": [link.pk]})
    assert answer.status_code == 403
    link.refresh_from_db()
    assert link.match == "unsure"
