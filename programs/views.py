from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from gwangju_portal.pagination import ForgivingPaginationMixin
from partners.models import Partner

from .catalogue import CataloguePage
from .eligibility import EligibilityForm, eligible_programs, program_fit
from .filters import ProgramFilter, best_filter_to_remove, filter_chips
from .models import Event, Program


def _published_partners():
    return Prefetch("co_organizers", queryset=Partner.objects.published())


class ProgramListView(ForgivingPaginationMixin, ListView):
    """The catalogue: filters, keyword search and sort from the query string."""

    context_object_name = "programs"
    template_name = "programs/program_list.html"

    def get_queryset(self):
        self.filterset = ProgramFilter(self.request.GET, queryset=Program.objects.published())
        self.filterset.form.is_valid()  # an invalid filter is reported in the form and otherwise ignored
        chosen = self.filterset.form.cleaned_data
        return CataloguePage(
            self.filterset.qs,
            sort=self.filterset.chosen_sort(),
            relevance_query=chosen.get("q", ""),
            unsearched=getattr(self.filterset, "unsearched", None),
            state=chosen.get("state"),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        chips = filter_chips(self.filterset, self.request.GET)
        context.update(filter=self.filterset, chips=chips, eligibility_form=EligibilityForm())
        if chips and not context["paginator"].count:
            context["suggestion"] = best_filter_to_remove(self.filterset, self.request.GET, chips)
        return context


class EligibilityView(ForgivingPaginationMixin, ListView):
    """Programs open now or opening soon that fit the person's answers, each with its reasons."""

    context_object_name = "programs"
    template_name = "programs/eligibility.html"

    def get_queryset(self):
        self.form = EligibilityForm(self.request.GET or None)
        self.applicant = self.form.applicant()
        if not self.form.is_bound or not self.form.is_valid():
            return Program.objects.none()
        programs = eligible_programs(
            Program.objects.published(), applicant=self.applicant, category=self.form.cleaned_data["category"]
        )
        return CataloguePage(programs, sort="deadline")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        context["results"] = [(program, program_fit(program, self.applicant)) for program in context["programs"]]
        return context


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
        form = EligibilityForm(self.request.GET or None, action=self.request.path)
        context["eligibility_form"] = form
        applicant = form.applicant()
        if applicant.answered:
            reasons = program_fit(self.object, applicant)
            context["fit"] = {"fits": all(reason.fits for reason in reasons), "reasons": reasons}
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
