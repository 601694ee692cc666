from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import polib
import pytest
from django.conf import settings

from tests.factories import EventFactory, ProgramFactory

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "locale"


def html(response):
    return response.content.decode()


def test_korean_at_the_root_and_english_under_en(client):
    korean = client.get("/programs/")
    english = client.get("/en/programs/")
    assert '<html lang="ko">' in html(korean) and "창업 지원사업" in html(korean)
    assert '<html lang="en">' in html(english) and "Support programs" in html(english)


def test_language_switcher_keeps_the_current_page_and_query(client):
    ProgramFactory(slug="youth-academy")
    korean = html(client.get("/programs/youth-academy/"))
    assert 'href="/en/programs/youth-academy/"' in korean
    english = html(client.get("/en/programs/youth-academy/"))
    assert 'href="/programs/youth-academy/"' in english
    listing = html(client.get("/en/programs/?page=1"))
    assert 'href="/programs/?page=1"' in listing


def test_english_pages_show_english_content(client):
    ProgramFactory(slug="academy", title_ko="청년 창업아카데미", title_en="Start-Up Academy for Youth")
    page = html(client.get("/en/programs/academy/"))
    assert "Start-Up Academy for Youth" in page
    assert "청년 창업아카데미" not in page


def test_english_page_falls_back_to_korean_where_english_is_empty(client):
    ProgramFactory(slug="korean-only", title_ko="한국어 제목만", title_en="", summary_ko="한국어 요약", summary_en=None)
    page = html(client.get("/en/programs/korean-only/"))
    assert "한국어 제목만" in page
    assert "한국어 요약" in page


def test_dates_are_formatted_per_language(client):
    starts = datetime(2030, 10, 28, 14, 0, tzinfo=ZoneInfo("Asia/Seoul"))
    event = EventFactory(slug="forum", starts_at=starts, ends_at=starts.replace(hour=18))
    assert "2030년 10월 28일(월)" in html(client.get(event.get_absolute_url()))
    assert "Oct. 28, 2030" in html(client.get("/en/events/forum/"))


def test_the_admin_speaks_both_languages(staff_client):
    assert "광주 AI·창업 포털 관리" in html(staff_client.get("/admin/"))
    assert "Gwangju AI &amp; Start-up Portal administration" in html(staff_client.get("/en/admin/"))


@pytest.mark.parametrize("language", ["ko", "en"])
def test_every_message_is_translated_and_compiled(language):
    catalog = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    entries = [entry for entry in catalog if not entry.obsolete]
    assert len(entries) > 150
    assert catalog.untranslated_entries() == []
    assert catalog.fuzzy_entries() == []
    compiled = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
    compiled_ids = {entry.msgid for entry in compiled}
    assert {entry.msgid for entry in entries} <= compiled_ids, "run `make messages` to recompile"
