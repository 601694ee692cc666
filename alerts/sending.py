"""Digests of new programs for saved searches: what is due, matched once per distinct search, queued once.

`alerts_send` runs from `manage.py send_alerts` and every few minutes on the worker (alerts.tasks). For each address
with alerts due it queues one email (core.mail) holding every due alert's news, and in the same transaction moves
those alerts' `covered_until` on with a compare-and-set. Addresses go 500 to a transaction: a run killed half-way
leaves the unfinished ones due for the next run, two runs at once never queue one digest twice (the later one rolls
its share back), and a run repeated at once finds nothing new. Followers' messages come from alerts.follows.
"""

from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Min, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from core.mail import KOREA, SENDING_FROM, MessageBatch, quiet
from core.models import EmailDelivery
from core.site import absolute_url
from programs.models import Event, Program

from .follows import follows_send
from .models import OWNER, Alert, Frequency, Subscriber
from .searches import in_words, matching
from .tokens import manage_url, unsubscribe_url

# Addresses handled in one transaction: fewer commits, and a conflict or a crash costs those few a 5-minute delay.
ADDRESSES_PER_TRANSACTION = 500
ITEMS_PER_SECTION = 20  # then "and N more", linking to the search on the portal


class Conflict(Exception):
    """Another run moved these alerts on meanwhile."""


def last_boundary(frequency, now):
    """The latest moment a digest of this frequency was due at or before `now`: every run for "immediate", 08:00
    Korea time for "daily", Monday 08:00 for "weekly"."""
    if frequency == Frequency.IMMEDIATE:
        return now
    local = now.astimezone(KOREA)
    boundary = datetime.combine(local.date(), SENDING_FROM, tzinfo=KOREA)
    if boundary > local:
        boundary -= timedelta(days=1)
    if frequency == Frequency.WEEKLY:
        boundary -= timedelta(days=boundary.weekday())
    return boundary


def due_condition(now):
    """Alerts whose last digest covered less than their frequency's latest boundary."""
    condition = Q(pk__in=[])
    for frequency in Frequency.values:
        condition |= Q(frequency=frequency, covered_until__lt=last_boundary(frequency, now))
    return condition


def bouncing_addresses_pause(now):
    bouncing = EmailDelivery.objects.keeps_bouncing(now)
    return Subscriber.objects.filter(email__in=bouncing, paused_for_bounces=False).update(paused_for_bounces=True)


def alerts_send(now=None):
    """Queue every digest and follower's message that is due; returns how many emails were queued."""
    now = now or timezone.now()
    if quiet(now):
        return 0
    bouncing_addresses_pause(now)
    queued = follows_send(now)
    due = Alert.objects.filter(
        due_condition(now), confirmed_at__isnull=False, paused=False, subscriber__paused_for_bounces=False
    ).filter(program__isnull=True)
    since = due.aggregate(since=Min("covered_until"))["since"]
    if since is None:
        return queued
    found = news_found(due, since, now)
    records = records_read(found)
    # Only numbers are held for every address; each transaction reads its own addresses' alerts.
    addresses = defaultdict(list)
    for subscriber_id, alert_id in due.order_by("subscriber_id", "pk").values_list("subscriber_id", "pk"):
        addresses[subscriber_id].append(alert_id)
    batch, snippets, everyone = MessageBatch(owner=OWNER, fresh=True), Snippets(), list(addresses.values())
    for start in range(0, len(everyone), ADDRESSES_PER_TRANSACTION):
        ids = [alert_id for alert_ids in everyone[start : start + ADDRESSES_PER_TRANSACTION] for alert_id in alert_ids]
        alerts = Alert.objects.filter(pk__in=ids).select_related("subscriber", "search", "institute")
        try:
            queued += digests_queue(alerts.order_by("subscriber_id", "pk"), found, records, now, batch, snippets)
        except (Conflict, IntegrityError):
            batch.discard()  # rolled back: these addresses stay due, and the next run sends them
    return queued


def news_found(due, since, now):
    """{("search" or "institute", id): {(model, pk): published_at}} of what was published since
    `since`: each distinct search among the due alerts evaluated once, the institutes' news read in two queries."""
    new_programs = Program.objects.published().filter(published_at__gt=since, published_at__lte=now)
    # A national source's first import is a baseline: what it finds was not news to anyone (imports/).
    new_programs = new_programs.exclude(sources__baseline=True)
    found = {}
    if new_programs.exists():
        # order_by() clears the model's ordering, which DISTINCT would otherwise count in (one row per alert)
        searches = due.filter(search__isnull=False).order_by().values_list("search_id", "search__query").distinct()
        for search_id, query in searches:
            matches = matching(query, new_programs).values_list("pk", "published_at")
            found["search", search_id] = {(Program, pk): published_at for pk, published_at in matches}
    institutes = set(due.filter(institute__isnull=False).order_by().values_list("institute_id", flat=True).distinct())
    if institutes:
        new_events = Event.objects.published().filter(published_at__gt=since, published_at__lte=now)
        for model, news in ((Program, new_programs), (Event, new_events)):
            for pk, organizer, published_at in news.filter(organizer__in=institutes).values_list(
                "pk", "organizer", "published_at"
            ):
                found.setdefault(("institute", organizer), {})[model, pk] = published_at
    return found


def digests_queue(alerts, found, records, now, batch, snippets):
    """One transaction: a digest for each address of `alerts` that has news, and every alert moved on."""
    by_subscriber = defaultdict(list)
    for alert in alerts:
        by_subscriber[alert.subscriber].append(alert)
    queued, nothing_new = 0, []
    with transaction.atomic():
        for subscriber, alerts in by_subscriber.items():
            sections = digest_sections(alerts, found, records)
            if not sections:
                nothing_new += [alert.pk for alert in alerts]
                continue
            for alert in alerts:  # a compare-and-set: no other run has sent this address's digest
                moved = Alert.objects.filter(pk=alert.pk, covered_until=alert.covered_until)
                if not moved.update(covered_until=now):
                    raise Conflict
            digest_queue(subscriber, sections, now, batch, snippets)
            queued += 1
        # Nothing to send to the others: one statement moves them all on.
        Alert.objects.filter(pk__in=nothing_new, covered_until__lt=now).update(covered_until=now)
        batch.flush()  # the tasks commit with their messages
    return queued


def digest_sections(alerts, found, records):
    """[(alert, its new programs and events in deadline order)] of the alerts that found something new."""
    sections = []
    for alert in alerts:
        matches = found.get(("search", alert.search_id) if alert.search_id else ("institute", alert.institute_id), {})
        items = [records[key] for key, published_at in matches.items() if published_at > alert.covered_until]
        if items:
            sections.append((alert, sorted(items, key=deadline_order)))
    return sections


def records_read(found):
    """{(model, pk): record} for everything found, read once per model with what the email shows."""
    wanted = defaultdict(set)
    for matches in found.values():
        for model, pk in matches:
            wanted[model].add(pk)
    records = {}
    for model, pks in wanted.items():
        for pk, record in model.objects.select_related("organizer").in_bulk(pks).items():
            records[model, pk] = record
    return records


def deadline_order(record):
    """Programs closing soonest first, then the others, then events by their start."""
    if isinstance(record, Event):
        return (2, record.starts_at, record.pk)
    closes = record.application_closes_at
    return (0 if closes else 1, closes or record.published_at, record.pk)


class Snippets:
    """What a digest says about one program or event, and about one alert, rendered once per language in a run and
    reused by every address's digest: a popular search's new programs would otherwise be rendered once per person."""

    def __init__(self):
        self.items, self.alerts = {}, {}

    def item(self, record):
        key = (translation.get_language(), type(record), record.pk)
        if key not in self.items:
            context = {"item": record, "site_url": settings.SITE_URL}
            self.items[key] = {
                "text": render_to_string("alerts/email/item.txt", context).strip(),
                "html": render_to_string("alerts/email/item.html", context),
            }
        return self.items[key]

    def alert(self, alert):
        target = ("search", alert.search_id) if alert.search_id else ("institute", alert.institute_id)
        key = (translation.get_language(), *target)
        if key not in self.alerts:
            more = reverse("programs:list") + (f"?{alert.search.query}" if alert.search_id else "")
            if alert.institute_id:
                more = alert.institute.get_absolute_url()
            self.alerts[key] = {"words": in_words(alert), "more_url": absolute_url(more)}
        return self.alerts[key]


def digest_queue(subscriber, sections, now, batch, snippets):
    with translation.override(subscriber.language):
        only = sections[0][0] if len(sections) == 1 else None
        unsubscribe = unsubscribe_url(subscriber, only)
        count = sum(len(items) for _alert, items in sections)
        context = {
            "sections": [
                {
                    **snippets.alert(alert),
                    "items": [snippets.item(item) for item in items[:ITEMS_PER_SECTION]],
                    "more": max(0, len(items) - ITEMS_PER_SECTION),
                }
                for alert, items in sections
            ],
            "count": count,
            "manage_url": manage_url(subscriber),
            "unsubscribe_url": unsubscribe,
        }
        subject = ngettext("%(count)d new program for your alert", "%(count)d new programs for your alerts", count) % {
            "count": count
        }
        batch.queue(
            subscriber.email,
            f"digest:{subscriber.pk}:{now:%Y%m%dT%H%M%S}",
            gettext("[Gwangju AI & Start-up Portal] %(subject)s") % {"subject": subject},
            render_to_string("alerts/email/digest.txt", context),
            html=render_to_string("alerts/email/digest.html", context),
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
