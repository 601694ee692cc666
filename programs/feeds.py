"""RSS and Atom feeds of new programs (any catalogue filter) and upcoming events."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .filters import EventFilter, ProgramFilter
from .models import Event, Program

FEED_SIZE = 50


class ProgramFeed(Feed):
    title = _("Gwangju start-up programs")
    description = _("Newly published start-up support programs in Gwangju.")

    def get_object(self, request):
        return request

    def link(self, request):
        query = request.GET.urlencode()
        return reverse("programs:list") + (f"?{query}" if query else "")

    def items(self, request):
        programs = ProgramFilter(request.GET, queryset=Program.objects.published()).qs
        return programs.select_related("organizer").order_by("-published_at", "-pk")[:FEED_SIZE]

    def item_title(self, program):
        return program.title

    def item_description(self, program):
        return program.summary

    def item_pubdate(self, program):
        return program.published_at

    def item_updateddate(self, program):
        return program.updated_at

    def item_author_name(self, program):
        return str(program.organizer)

    def item_guid(self, program):
        return f"program-{program.pk}"

    item_guid_is_permalink = False


class ProgramAtomFeed(ProgramFeed):
    feed_type = Atom1Feed
    subtitle = ProgramFeed.description


class EventFeed(Feed):
    title = _("Upcoming start-up events in Gwangju")
    description = _("Events of Gwangju's start-up ecosystem, soonest first.")

    def get_object(self, request):
        return request

    def link(self, request):
        return reverse("programs:event_list")

    def items(self, request):
        events = EventFilter(request.GET, queryset=Event.objects.published()).qs
        return events.select_related("organizer").upcoming()[:FEED_SIZE]

    def item_title(self, event):
        return event.title

    def item_description(self, event):
        return event.summary

    def item_pubdate(self, event):
        return event.published_at

    def item_updateddate(self, event):
        return event.updated_at

    def item_author_name(self, event):
        return str(event.organizer)

    def item_guid(self, event):
        return f"event-{event.pk}"

    item_guid_is_permalink = False


class EventAtomFeed(EventFeed):
    feed_type = Atom1Feed
    subtitle = EventFeed.description
