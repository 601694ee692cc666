"""A Korean editor reads natural Korean in the admin, where Django's stock catalogue misleads or is missing."""

import pytest

from tests.admin_forms import admin_form_data
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def change_url(record):
    return f"/admin/programs/program/{record.pk}/change/"


def test_a_save_says_it_was_saved_and_the_editor_may_go_on(client, city_editor):
    program = ProgramFactory(title_ko="청년 창업 아카데미")
    client.force_login(city_editor)
    data = admin_form_data(city_editor, program, summary_ko="새 요약", _continue="1")
    page = client.post(change_url(program), data, follow=True).content.decode()
    assert "청년 창업 아카데미</a>” 항목의 변경 내용을 저장했습니다. 아래에서 이어서 수정할 수 있습니다." in page
    assert "수정해야 합니다" not in page  # the stock "you must correct the following"
    assert "저장하고 계속 수정" in page and "저장 및 편집 계속" not in page


def test_a_form_with_errors_asks_to_fix_the_marked_fields(client, city_editor):
    program = ProgramFactory()
    client.force_login(city_editor)
    page = client.post(change_url(program), admin_form_data(city_editor, program, title_ko="")).content.decode()
    assert "아래 표시된 항목을 고쳐 주세요." in page


def test_the_history_pages_are_in_korean(client, city_editor):
    program = ProgramFactory()
    client.force_login(city_editor)
    client.post(change_url(program), admin_form_data(city_editor, program, summary_ko="새 요약"))
    history = client.get(f"/admin/programs/program/{program.pk}/history/").content.decode()
    assert "변경 이력" in history and "변경한 사람" in history
    assert "Changed by" not in history and "Choose a date" not in history
    version = program.history.earliest().history_id
    old = client.get(f"/admin/programs/program/{program.pk}/history/{version}/").content.decode()
    assert "되돌리기" in old and "Revert" not in old


def test_english_admin_keeps_djangos_wording(client, city_editor):
    program = ProgramFactory()
    client.force_login(city_editor)
    page = client.get("/en" + change_url(program)).content.decode()
    assert "Save and continue editing" in page
