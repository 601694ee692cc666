"""A file a partner editor proposes for a live record stays private until a city editor approves it, and is deleted
when the change is returned or replaced (trust review, second round, finding 9)."""

import io

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.models import Revision
from tests.admin_forms import admin_form_data, approve_on_review_page

pytestmark = pytest.mark.django_db


def png(name):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def propose_logo(client, editor, institute, name):
    client.force_login(editor)
    data = {**admin_form_data(editor, institute), "logo": png(name)}
    response = client.post(f"/admin/partners/partner/{institute.pk}/change/", data)
    assert response.status_code == 302
    return Revision.objects.pending().get()


def public_files(settings):
    folder = settings.MEDIA_ROOT / settings.PUBLIC_MEDIA_FOLDER
    return sorted(path.name for path in folder.glob("*")) if folder.exists() else []


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings


def test_a_proposed_logo_is_reachable_by_no_address_until_it_is_approved(
    client, partner_editor, city_editor, institute, media, django_capture_on_commit_callbacks
):
    revision = propose_logo(client, partner_editor, institute, "evil-logo.png")
    proposed = revision.changes["logo"]
    assert storages["private"].exists(proposed)
    assert public_files(media) == []
    client.logout()
    assert client.get("/media/partners/logos/evil-logo.png").status_code == 404
    client.force_login(city_editor)
    with django_capture_on_commit_callbacks(execute=True):
        approve_on_review_page(client, revision)
    institute.refresh_from_db()
    assert institute.logo.name.startswith("partners/logos/") and institute.logo.name.endswith(".png")
    assert public_files(media) and not storages["private"].exists(proposed)
    client.logout()
    assert client.get(f"/media/{institute.logo.name}").status_code == 200


def test_a_returned_logo_is_deleted(
    client, partner_editor, city_editor, institute, media, django_capture_on_commit_callbacks
):
    revision = propose_logo(client, partner_editor, institute, "logo.png")
    proposed = revision.changes["logo"]
    client.force_login(city_editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/review/", {"revision": revision.pk, "decision": "reject", "reason": "공식 로고가 아닙니다"})
    assert not storages["private"].exists(proposed)
    institute.refresh_from_db()
    assert not institute.logo and public_files(media) == []


def test_a_proposed_logo_replaced_by_another_is_deleted(
    client, partner_editor, institute, media, django_capture_on_commit_callbacks
):
    first = propose_logo(client, partner_editor, institute, "first.png").changes["logo"]
    with django_capture_on_commit_callbacks(execute=True):
        second = propose_logo(client, partner_editor, institute, "second.png").changes["logo"]
    assert not storages["private"].exists(first) and storages["private"].exists(second)
