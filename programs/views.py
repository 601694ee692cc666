from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from gwangju_portal.pagination import ForgivingPaginationMixin
from partners.models import Partner

from .models import Event, Program


def _published_partners():
    return Prefetch("co_organizers", queryset=Partner.objects.published())


class ProgramListView(ForgivingPaginationMixin, ListView):
    context_object_name = "programs"

    def get_queryset(self):
        return (
            Program.objects.published()
            .select_related("organizer", "category")
            .prefetch_related("audiences")
            .by_deadline()
        )


class ProgramDetailView(DetailView):
    context_object_name = "program"

    def get_queryset(self):
        return (
            Program.objects.published()
            .select_related("organizer", "category")
            .prefetch_related("audiences", _published_partners())
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["events"] = self.object.events.published().order_by("starts_at")
        return context


class EventListMixin(ForgivingPaginationMixin):
    context_object_name = "events"
    template_name = "programs/event_list.html"

    def published_events(self):
        return Event.objects.published().select_related("organizer", "category")


class UpcomingEventListView(EventListMixin, ListView):
    past = False

    def get_queryset(self):
        return self.published_events().upcoming()


class PastEventListView(EventListMixin, ListView):
    past = True

    def get_queryset(self):
        return self.published_events().past()


class EventDetailView(DetailView):
    context_object_name = "event"

    def get_queryset(self):
        return (
            Event.objects.published()
            .select_related("organizer", "category")
            .prefetch_related(Prefetch("co_hosts", queryset=Partner.objects.published()))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        program = self.object.program
        context["program"] = program if program is not None and program.is_public else None
        return context
