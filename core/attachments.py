"""What an attached file may be: known document and image types whose content matches their extension, stored under
a generated name. In the core because migrations name these callables (upload_to, validators)."""

import uuid
import zipfile

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
ZIP = b"PK\x03\x04"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound-file container of HWP 5
# extension -> (how the file starts, a member an OOXML/OWPML zip must hold, content type, label)
KINDS = {
    "pdf": (b"%PDF-", None, "application/pdf", "PDF"),
    "hwp": (OLE2, None, "application/x-hwp", "HWP"),
    "hwpx": (ZIP, "Contents/content.hpf", "application/hwp+zip", "HWPX"),
    "docx": (
        ZIP,
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word",
    ),
    "xlsx": (ZIP, "xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"),
    "pptx": (
        ZIP,
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "PowerPoint",
    ),
    "png": (b"\x89PNG\r\n\x1a\n", None, "image/png", "PNG"),
    "jpg": (b"\xff\xd8\xff", None, "image/jpeg", "JPEG"),
    "jpeg": (b"\xff\xd8\xff", None, "image/jpeg", "JPEG"),
}


def extension_of(name):
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def attachment_path(instance, filename):
    """A generated name: the uploader's file name never reaches a path on disk."""
    return f"attachments/{uuid.uuid4().hex}.{extension_of(filename)}"


def validate_attachment(file):
    extension = extension_of(file.name)
    if extension not in KINDS:
        raise ValidationError(
            _("Files of this type cannot be attached. Allowed: %(allowed)s."),
            params={"allowed": ", ".join(sorted(KINDS))},
            code="extension",
        )
    if file.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("The file is %(size)s; attachments can be at most %(limit)s."),
            params={"size": filesizeformat(file.size), "limit": filesizeformat(MAX_ATTACHMENT_BYTES)},
            code="size",
        )
    label = KINDS[extension][3]
    matches = content_matches(file, extension)
    if not matches:
        raise ValidationError(
            _("The content of this file is not a %(kind)s file, whatever its name says."),
            params={"kind": label},
            code="content",
        )


def content_matches(file, extension):
    """Whether the file's content is of the kind its extension names: how it starts and, for the zip-based formats,
    the member each must hold. The file is read from its start and left there."""
    signature, member, _content_type, _label = KINDS[extension]
    file.seek(0)
    matches = file.read(len(signature)) == signature
    if matches and member:
        file.seek(0)
        try:
            with zipfile.ZipFile(file) as archive:
                matches = member in archive.namelist()
        except zipfile.BadZipFile:
            matches = False
    file.seek(0)
    return matches


def content_type(extension):
    return KINDS[extension][2]


def kind_label(extension):
    return KINDS.get(extension, (None, None, None, extension.upper()))[3]
