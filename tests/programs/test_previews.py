"""A staff preview of a record the public cannot see is private to the browser that asked: no shared cache keeps it
(trust review, second round: the first review's leftover)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.publishing import Status
from programs.models import Attachment
from tests.factories import EventFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("factory", [ProgramFactory, EventFactory])
def test_a_preview_of_a_draft_is_private_and_never_stored(client, city_editor, factory):
    draft = factory(status=Status.DRAFT, published_at=None)
    client.force_login(city_editor)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("factory", [ProgramFactory, EventFactory])
def test_a_public_page_seen_by_staff_is_not_marked_private(client, city_editor, factory):
    live = factory()
    client.force_login(city_editor)
    assert "private" not in client.get(live.get_absolute_url()).get("Cache-Control", "")


def test_an_attachment_of_a_draft_is_private(client, city_editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    draft = ProgramFactory(status=Status.REVIEW, published_at=None)
    attachment = Attachment.objects.create(
        program=draft, title="공고", file=SimpleUploadedFile("notice.pdf", b"%PDF-1.7 x"), position=0
    )
    client.force_login(city_editor)
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200 and "private" in response["Cache-Control"]
