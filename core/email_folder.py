"""An email backend for `make run` without an SMTP host: each message becomes one .eml file (open it with any mail
program) in settings.EMAIL_FOLDER, which `make run` names in its output."""

import uuid

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


class EmailFolderBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        folder = settings.EMAIL_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            name = f"{timezone.localtime():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.eml"
            (folder / name).write_bytes(message.message().as_bytes(linesep="\r\n"))
        return len(email_messages)
