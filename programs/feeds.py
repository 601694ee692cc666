"""RSS and Atom feeds of new programs (any catalogue filter) and upcoming events."""

from django.contrib.syndication.views import Feed
from django.utils import formats, timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from core.pagination import IdsFirst
from core.site import absolute_reverse, absolute_url

from .filters import EventFilter, ProgramFilter
from .models import Event, Program

FEED_SIZE = 50


class RecordFeed(Feed):
    """What program and event feeds share: the request's filters, and how an item is told."""

    guid_prefix = ""
    item_guid_is_permalink = False

    def get_object(self, request):
        return request

    # Absolute links from the configured site URL, so the syndication framework never adds the request's host.
    def feed_url(self, request):
        return absolute_url(request.get_full_path())

    def item_link(self, record):
        return absolute_url(record.get_absolute_url())

    def item_title(self, record):
        return record.title

    def item_description(self, record):
        return record.summary

    def item_pubdate(self, record):
        return record.published_at

    def item_updateddate(self, record):
        return record.updated_at

    def item_author_name(self, record):
        return str(record.organizer)

    def item_guid(self, record):
        return f"{self.guid_prefix}-{record.pk}"


class ProgramFeed(RecordFeed):
    title = _("Gwangju start-up programs")
    description = _("Newly published start-up support programs in Gwangju.")
    guid_prefix = "program"

    def link(self, request):
        query = request.GET.urlencode()
        return absolute_reverse("programs:list", query=query)

    def item_description(self, record):
        """The summary, with the deadline a reader of the feed wants first (weekday and Korea time included)."""
        if not record.application_closes_at:
            return record.summary
        closes = formats.date_format(timezone.localtime(record.application_closes_at), "DATETIME_FORMAT")
        deadline = _("Applications close %(when)s (Korea time).") % {"when": closes}
        return f"{deadline} {record.summary}".strip()

    def items(self, request):
        programs = ProgramFilter(request.GET, queryset=Program.objects.published()).qs
        return programs.select_related("organizer").order_by("-published_at", "-pk")[:FEED_SIZE]


class ProgramAtomFeed(ProgramFeed):
    feed_type = Atom1Feed
    subtitle = ProgramFeed.description


class EventFeed(RecordFeed):
    title = _("Upcoming start-up events in Gwangju")
    description = _("Events of Gwangju's start-up ecosystem, soonest first.")
    guid_prefix = "event"

    def link(self, request):
        return absolute_reverse("programs:event_list")

    def items(self, request):
        events = EventFilter(request.GET, queryset=Event.objects.published()).qs
        return IdsFirst(events.for_lists().upcoming())[:FEED_SIZE]


class EventAtomFeed(EventFeed):
    feed_type = Atom1Feed
    subtitle = EventFeed.description
