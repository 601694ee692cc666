"""Text that people type or files bring, checked where it is stored and made safe where one line is needed.

A single-line field (a title, a name, a venue) never holds a line break, a control character (ESC, BEL, NUL) or an
invisible mark that turns the direction of text around (U+202E shows "exe.pdf" as "fdp.exe"): they would split an
email header or a calendar line, or mislead a reader on a staff screen, in an export or in an email.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_CONTROLS = "\x00-\x1f\x7f-\x9f"  # C0 and C1 control characters, DEL
_DIRECTION_MARKS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_SEPARATORS = "\u2028\u2029"  # line and paragraph separators
NOT_ON_ONE_LINE = re.compile(f"[{_CONTROLS}{_DIRECTION_MARKS}{_SEPARATORS}]")
# In text of several lines, tabs and line breaks are at home.
NOT_IN_TEXT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_DIRECTION_MARKS}]")
# What a mail program or a messenger would turn into a link: a scheme, www., an email address, a domain name.
LINK = re.compile(
    r"(?i)([a-z][a-z0-9+.-]*://|\bwww\.|\S@\S+\.\S|\b[a-z0-9-]+(\.[a-z0-9-]+)*\."
    r"(com|net|org|kr|io|co|info|biz|me|ly|app|dev|site|xyz|top|link|online|shop|click|ru|cn)\b)"
)


def single_line(value):
    """A validator for single-line fields: no line break, control character or direction mark."""
    if NOT_ON_ONE_LINE.search(str(value or "")):
        raise ValidationError(
            _("Write this on one line, without line breaks or invisible control characters."), code="not_one_line"
        )


def no_links(value):
    """A validator for what we email to an address nobody has confirmed: a name, an organisation."""
    if LINK.search(str(value or "")):
        raise ValidationError(_("Leave out web and email addresses."), code="link")


def one_line(text):
    """`text` safe for one line (an email subject, a calendar's name): what a single-line field refuses becomes a
    space, and runs of spaces one."""
    return " ".join(NOT_ON_ONE_LINE.sub(" ", str(text or "")).split())


def plain_text(text):
    """`text` of several lines without control characters or direction marks."""
    return NOT_IN_TEXT.sub("", str(text or ""))
