import datetime
import json
import re

import nh3
from django import template
from django.template.defaultfilters import date as format_date
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.analysis import matched_spans
from core.extensions import page_actions
from core.numbers import won_in_words

register = template.Library()

# As Django's json_script does: no character in the JSON can close the script element.
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def time_element(value, display=None):
    """A <time> element for a date or a moment: the machine-readable value in its datetime attribute, the value in
    the language's DATE_FORMAT (a date) or DATETIME_FORMAT (a moment, in the current time zone) as its text."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        machine, display = r"Y-m-d\TH:i:sO", display or "DATETIME_FORMAT"
    else:
        machine, display = "Y-m-d", display or "DATE_FORMAT"
    return format_html('<time datetime="{}">{}</time>', format_date(value, machine), format_date(value, display))


@register.simple_tag
def time_range(start, end):
    """Two moments as a range: within one day the day is named once ("12월 27일(토) 오전 10:00–11:00"), across days
    each moment in full. Both as <time> elements."""
    start_local, end_local = timezone.localtime(start), timezone.localtime(end)
    if start_local.date() != end_local.date():
        return format_html("{} – {}", time_element(start), time_element(end))
    until = format_html('<time datetime="{}">{}</time>', format_date(end_local, r"Y-m-d\TH:i:sO"),
                        format_date(end_local, "TIME_FORMAT"))  # fmt: skip
    return format_html("{}–{}", time_element(start), until)


@register.simple_tag
def time_range_text(start, end):
    """time_range as plain text, for emails."""
    start_local, end_local = timezone.localtime(start), timezone.localtime(end)
    first = format_date(start_local, "DATETIME_FORMAT")
    if start_local.date() != end_local.date():
        return f"{first} – {format_date(end_local, 'DATETIME_FORMAT')}"
    return f"{first}–{format_date(end_local, 'TIME_FORMAT')}"


@register.filter
def won(amount):
    """An amount of won in the reader's words ("5,000만 원", "KRW 50 million")."""
    return won_in_words(amount, (get_language() or "ko")[:2])


@register.filter
def lines(text):
    """The non-empty lines of a text, stripped: the steps of a selection process or a schedule."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@register.filter
def minutes(span):
    """A timedelta in whole minutes (the sign-in lock's cool-off, said with its number)."""
    return int(span.total_seconds() // 60) if span else 0


@register.filter
def jsonld(data):
    """A schema.org JSON-LD script element (data, never run, so it needs no CSP allowance)."""
    if not data:
        return ""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


# What editors may write in long texts; anything else (scripts, event handlers, styles, frames) is removed.
RICH_TEXT_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "a", "h3", "h4", "blockquote"}


@register.filter
def rich_text(value):
    """A long text as HTML: plain lines become paragraphs, simple HTML is kept, everything else sanitized by nh3."""
    if not value:
        return ""
    html = linebreaks(str(value), autoescape=False)
    return mark_safe(nh3.clean(html, tags=RICH_TEXT_TAGS, link_rel="noopener noreferrer nofollow"))


# Korean phone numbers as people write them (062-123-4567, 02 123 4567, 1588-0000, +82 62 123 4567), and emails.
CONTACT = re.compile(
    r"(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<phone>(?:\+82[ -]?)?0?\d{1,2}[ -]?\d{3,4}[ -]?\d{4}|1[5-9]\d{2}-\d{4})"
)


@register.filter
def contact_links(text):
    """A contact line with its phone numbers as tel: links and its email addresses as mailto: links; the rest
    escaped."""
    if not text:
        return ""
    parts, position = [], 0
    for match in CONTACT.finditer(str(text)):
        parts.append(escape(text[position : match.start()]))
        if match.group("email"):
            parts.append(format_html('<a href="mailto:{}">{}</a>', match.group("email"), match.group("email")))
        else:
            number = re.sub(r"[ -]", "", match.group("phone"))
            parts.append(format_html('<a href="tel:{}">{}</a>', number, match.group("phone")))
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))


@register.filter
def admin_change_url(record):
    return reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk])


@register.inclusion_tag("includes/page_actions.html", takes_context=True)
def registered_actions(context, page, record=None):
    """The actions other apps registered for this page (core.extensions), as links."""
    return {"actions": page_actions(page, record, context.get("request"))}


@register.filter
def highlight(text, terms):
    """The text, escaped, with the words a search matched marked: <mark>창업</mark> 아카데미, <mark>Academy</mark>."""
    text = str(text)
    pieces, last = [], 0
    for start, end in matched_spans(text, terms or ()):
        pieces += [escape(text[last:start]), format_html("<mark>{}</mark>", text[start:end])]
        last = end
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces).replace("</mark><mark>", ""))
