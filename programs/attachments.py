"""What a program's attachment may be: known document and image types whose content matches their extension."""

import hashlib
import tempfile
import uuid
import zipfile

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
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
    signature, member, _content_type, label = KINDS[extension]
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
    if not matches:
        raise ValidationError(
            _("The content of this file is not a %(kind)s file, whatever its name says."),
            params={"kind": label},
            code="content",
        )


def content_type(extension):
    return KINDS[extension][2]


def kind_label(extension):
    return KINDS.get(extension, (None, None, None, extension.upper()))[3]


# All of a program's attachments in one zip, built once for each set of files and then served from storage.
MAX_BUNDLE_BYTES = 100 * 1024 * 1024
BUNDLE_FOLDER = "attachment-bundles"


def bundle_name(program, attachments):
    """A name that changes whenever an attachment is added, removed, renamed, reordered or replaced."""
    state = "|".join(f"{item.pk}:{item.file.name}:{item.title}:{item.position}" for item in attachments)
    return f"{BUNDLE_FOLDER}/{program.pk}-{hashlib.sha256(state.encode()).hexdigest()[:24]}.zip"


def bundle_open(program, attachments):
    """The bundle's file, built on first use; older bundles of the program are removed then."""
    storage = default_storage
    name = bundle_name(program, attachments)
    if not storage.exists(name):
        with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as archive_file:
            with zipfile.ZipFile(archive_file, "w", zipfile.ZIP_DEFLATED) as archive:
                for number, attachment in enumerate(attachments, start=1):
                    with attachment.file.open("rb") as source:
                        archive.writestr(f"{number:02d}-{attachment.download_name}", source.read())
            archive_file.seek(0)
            saved = storage.save(name, File(archive_file))
        if saved != name:  # another request built the same bundle meanwhile
            storage.delete(saved)
        _, files = storage.listdir(BUNDLE_FOLDER)
        for old in files:
            if old.startswith(f"{program.pk}-") and f"{BUNDLE_FOLDER}/{old}" != name:
                storage.delete(f"{BUNDLE_FOLDER}/{old}")
    return storage.open(name, "rb")
