"""All of a program's attachments in one zip (the rules for each file are in core.attachments)."""

import hashlib
import tempfile
import zipfile

from django.core.files import File
from django.core.files.storage import default_storage

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
