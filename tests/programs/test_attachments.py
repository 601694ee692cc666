"""Program attachments: known types whose content matches, 20 MB at most, generated names, served as downloads."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.attachments import MAX_ATTACHMENT_BYTES, validate_attachment
from core.publishing import Status
from programs.models import Attachment
from tests.factories import ProgramFactory

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
HWP = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32


def office_zip(member):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, "<xml/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.parametrize(
    "name, content",
    [
        ("공고문.pdf", PDF),
        ("poster.PNG", PNG),
        ("신청서.hwp", HWP),
        ("신청서.hwpx", office_zip("Contents/content.hpf")),
        ("form.docx", office_zip("word/document.xml")),
        ("budget.xlsx", office_zip("xl/workbook.xml")),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 16),
    ],
)
def test_allowed_types_with_matching_content_pass(name, content):
    validate_attachment(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    "name, content, code",
    [
        ("setup.exe", b"MZ\x90\x00", "extension"),
        ("page.html", b"<script>alert(1)</script>", "extension"),
        ("no-extension", PDF, "extension"),
        ("공고문.pdf", PNG, "content"),
        ("form.docx", office_zip("xl/workbook.xml"), "content"),
        ("form.xlsx", b"PK\x03\x04 but not a zip", "content"),
        ("poster.png", b"<svg onload=alert(1)>", "content"),
    ],
)
def test_wrong_types_or_content_are_refused(name, content, code):
    with pytest.raises(ValidationError) as refused:
        validate_attachment(SimpleUploadedFile(name, content))
    assert refused.value.code == code


def test_files_over_20_mb_are_refused():
    big = SimpleUploadedFile("big.pdf", PDF + b"\x00" * (MAX_ATTACHMENT_BYTES - len(PDF) + 1))
    with pytest.raises(ValidationError) as refused:
        validate_attachment(big)
    assert refused.value.code == "size"


@pytest.mark.django_db
def test_stored_under_a_generated_name_and_served_as_downloads(client, media_root):
    program = ProgramFactory(slug="ai-academy")
    first = Attachment.objects.create(
        program=program, title="모집 공고", file=SimpleUploadedFile("../../공고 최종.pdf", PDF)
    )
    Attachment.objects.create(program=program, title="포스터", file=SimpleUploadedFile("poster.png", PNG))
    assert "공고" not in first.file.name and ".." not in first.file.name
    assert first.file.name.startswith("attachments/") and first.file.name.endswith(".pdf")
    assert first.size == len(PDF)

    page = client.get(program.get_absolute_url()).content.decode()
    assert "모집 공고" in page and "PDF" in page and "attachments.zip" in page

    response = client.get(first.get_absolute_url())
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF

    bundle = client.get(f"/programs/{program.slug}/attachments.zip")
    assert bundle["Content-Disposition"].startswith("attachment;")
    with zipfile.ZipFile(io.BytesIO(b"".join(bundle.streaming_content))) as archive:
        assert archive.namelist() == ["01-모집 공고.pdf", "02-포스터.png"]
        assert archive.read("01-모집 공고.pdf") == PDF


@pytest.mark.django_db
def test_a_drafts_attachments_are_not_public(client):
    program = ProgramFactory(status=Status.DRAFT, published_at=None)
    attachment = Attachment.objects.create(program=program, title="초안", file=SimpleUploadedFile("a.pdf", PDF))
    assert client.get(attachment.get_absolute_url()).status_code == 404
    assert client.get(f"/programs/{program.slug}/attachments.zip").status_code == 404
    assert client.get(f"/programs/{ProgramFactory().slug}/attachments.zip").status_code == 404  # none attached


def test_logos_are_served_and_nothing_else_of_media(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "partners" / "logos").mkdir(parents=True)
    (tmp_path / "partners" / "logos" / "gjtp.png").write_bytes(b"\x89PNG\r\n\x1a\n logo")
    (tmp_path / "attachments").mkdir()
    (tmp_path / "attachments" / "secret.pdf").write_bytes(b"%PDF-1.7 draft")
    response = client.get("/media/partners/logos/gjtp.png")
    assert response.status_code == 200 and b"".join(response.streaming_content).endswith(b"logo")
    assert client.get("/media/attachments/secret.pdf").status_code == 404
    assert client.get("/media/partners/logos/..%2F..%2Fattachments%2Fsecret.pdf").status_code == 404
    assert client.get("/media/partners/logos/missing.png").status_code == 404
