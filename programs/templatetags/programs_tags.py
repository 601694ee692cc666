"""Template tags of the programs app, for its own pages and for pages of the layers above and below it."""

import re
from html import unescape

from django import template
from django.db.models import Count, F, Q
from django.template.loader import get_template
from django.utils import formats, timezone, translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from core.attachments import kind_label
from core.fragments import cached_many, fragment_key
from core.generation import STAMPED_FRAGMENT_SECONDS, record_stamps
from core.pagination import IdsFirst
from core.templatetags.portal import highlight as mark_words
from partners.models import Partner

from ..catalogue import SORT_DEADLINE, CataloguePage
from ..ical import google_calendar_url
from ..models import Event, Program

register = template.Library()


@register.simple_tag
def google_calendar(record):
    return google_calendar_url(record)


@register.filter
def attachment_kind(extension):
    return kind_label(extension)


@register.simple_tag
def state_in_words(program):
    """A program's application state as plain text (for emails): "Open · D-3 (closes 12/31/2026 6 p.m.)"."""
    state = program.application_state
    words = str(state.label)
    if state in ("open", "closing"):
        closes = formats.date_format(timezone.localtime(program.application_closes_at), "SHORT_DATETIME_FORMAT")
        words += f" · D-{program.days_left} ({gettext('closes %(date)s') % {'date': closes}})"
    elif state == "upcoming":
        opens = formats.date_format(timezone.localtime(program.application_opens_at), "SHORT_DATETIME_FORMAT")
        words += f" ({gettext('opens %(date)s') % {'date': opens}})"
    return words


# An institute's page shows its first programs (open ones first) and events as the catalogue pages them, and links
# to the catalogue and the event list filtered to it for the rest.
PARTNER_PROGRAMS, PARTNER_EVENTS, PARTNER_PAST_EVENTS = 20, 20, 10


@register.inclusion_tag("programs/includes/partner_programs.html")
def partner_programs(partner):
    """An institute's programs (organized or co-organized), for its page: the partners app shows them through this
    tag, so it never imports this app."""
    # The few co-organized programs' ids first: with a subquery in the OR, PostgreSQL reads every row (a sequential
    # scan); with a list, the organizer's index and the primary key's, one bitmap each.
    co_programs = list(partner.co_organized_programs.values_list("pk", flat=True))
    programs = Program.objects.published().filter(Q(organizer=partner) | Q(pk__in=co_programs))
    # The catalogue's deadline order, which reads ids segment by segment from its indexes; one more tells of the rest.
    first_programs = CataloguePage(programs, sort=SORT_DEADLINE)[0 : PARTNER_PROGRAMS + 1]
    return {
        "partner": partner,
        "programs": first_programs[:PARTNER_PROGRAMS],
        "more_programs": len(first_programs) > PARTNER_PROGRAMS,
    }


@register.inclusion_tag("programs/includes/partner_events.html")
def partner_events(partner):
    """An institute's events (organized or co-hosted), upcoming then past, for its page. They show no program and
    only the institute's name, so the page keeps them while programs and institutes are edited (its template)."""
    co_events = list(partner.co_hosted_events.values_list("pk", flat=True))  # as for programs: no subquery in an OR
    events = Event.objects.published().filter(Q(organizer=partner) | Q(pk__in=co_events))
    upcoming_events = IdsFirst(events.for_lists().upcoming())[: PARTNER_EVENTS + 1]
    return {
        "partner": partner,
        "upcoming_events": upcoming_events[:PARTNER_EVENTS],
        "more_events": len(upcoming_events) > PARTNER_EVENTS,
        "past_events": IdsFirst(events.for_lists().past())[:PARTNER_PAST_EVENTS],
    }


@register.simple_tag
def with_portal_activity(partners):
    """The institutes given, each with `portal_programs` and `portal_events`: how many published programs and events
    it organizes or co-organizes, for the directory's line on what an institute runs (four queries for any number)."""
    partners = list(partners)
    ids = [partner.pk for partner in partners]
    counts = {}
    for model, co_relation, attribute in (
        (Program, Program.co_organizers, "portal_programs"),
        (Event, Event.co_hosts, "portal_events"),
    ):
        published = model.objects.published()
        organized = published.filter(organizer__in=ids).values_list("organizer").annotate(n=Count("pk")).order_by()
        joined = co_relation.through.objects.filter(partner__in=ids, **{f"{model._meta.model_name}__in": published})
        # A co-organizer that is also the organizer counts once.
        joined = joined.exclude(**{f"{model._meta.model_name}__organizer": F("partner")})
        co = joined.values_list("partner").annotate(n=Count("pk")).order_by()
        for partner_id, n in [*organized, *co]:
            counts[partner_id, attribute] = counts.get((partner_id, attribute), 0) + n
    for partner in partners:
        partner.portal_programs = counts.get((partner.pk, "portal_programs"), 0)
        partner.portal_events = counts.get((partner.pk, "portal_events"), 0)
    return partners


CARD_SECONDS = STAMPED_FRAGMENT_SECONDS


def _card_key(program, heading, version, now):
    """A card's HTML follows from the program (`version`: the shared generation and its stamp, core.generation), the
    language, the heading level and what the current time makes of its dates (the state and its day count)."""
    return fragment_key("card", program.pk, heading, program.clock_key(now), generation=version)


# A kept card names its institute with this mark, filled when the page is put together: an institute's save (a new
# name, say) then makes none of its programs' cards again, however many there are.
ORGANIZER_SLOT = mark_safe("<!--organizer-->")
_organizer_names = {}  # {(content generation, language): {institute id: the name a card shows}}, in this process


def organizer_names(ids, generation):
    """The name each card shows for its institute, in the current language, kept in the process for the content
    generation (an institute's save moves it): a query only for institutes not asked since."""
    key = (generation, translation.get_language())
    names = _organizer_names.get(key)
    if names is None:
        _organizer_names.clear()  # older generations are never asked again
        names = _organizer_names.setdefault(key, {})
    missing = set(ids) - names.keys()
    if missing:
        names.update({partner.pk: partner.display_name for partner in Partner.objects.filter(pk__in=missing)})
    return names


# The title's link in a card as rendered (includes/program_card.html): its text is the escaped title, no markup.
CARD_TITLE = re.compile(r'(<a class="portal-card-title" href="[^"]*">)([^<]*)(</a>)')


def _marked(card, terms):
    """The card with the words a search matched marked in its title: a card is kept once for every search."""
    marked = CARD_TITLE.sub(lambda found: found[1] + mark_words(unescape(found[2]), terms) + found[3], card, count=1)
    return mark_safe(marked)  # noqa: S308 - our own card, its title escaped again by mark_words


@register.simple_tag
def program_cards(programs, heading="h3", highlight=None):
    """The programs' cards, each rendered once and kept in the cache (read in one round trip), so that a catalogue
    page with a query string of its own or a search for a new word still reuses the cards it shows, and an editor's
    save of one program makes that program's card again, not the others'. `highlight`: the words to mark."""
    programs = list(programs)
    # The programs' stamps, read once for the whole page with the generations.
    stamps = record_stamps({(Program, program.pk) for program in programs})
    now = timezone.now()

    def version(program):
        return f"{stamps.shared}.{stamps.of[Program, program.pk]}"

    keys = [_card_key(program, heading, version(program), now) for program in programs]
    by_key = dict(zip(keys, programs, strict=True))
    card = get_template("includes/program_card.html")

    def render(missing):
        programs = [by_key[key] for key in missing]
        if any("title_ko" in program.get_deferred_fields() for program in programs):  # card stubs: read the rest
            full = Program.objects.filter(pk__in=[program.pk for program in programs]).for_cards().in_bulk()
            programs = [full.get(program.pk, program) for program in programs]
        return {
            key: card.render({"program": program, "heading": heading, "organizer_slot": ORGANIZER_SLOT})
            for key, program in zip(missing, programs, strict=True)
        }

    found = cached_many(keys, render, CARD_SECONDS)
    names = organizer_names({program.organizer_id for program in programs}, stamps.content)
    cards = [
        found[key].replace(ORGANIZER_SLOT, escape(names.get(program.organizer_id, "")), 1)
        for key, program in zip(keys, programs, strict=True)
    ]
    if highlight:
        return [_marked(card, highlight) for card in cards]
    return [mark_safe(card) for card in cards]  # noqa: S308 - rendered by our own template, escaped there
