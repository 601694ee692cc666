from datetime import timedelta

from django.conf import settings
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext
from django.views.generic import DetailView, ListView

from core.attachments import content_type
from core.pagination import ForgivingPaginationMixin
from core.ratelimit import over_limit
from partners.models import Partner

from .attachments import MAX_BUNDLE_BYTES, bundle_open
from .calendar import FIRST_WEEKDAY, YEARS, month_bounds, month_weeks, neighbours
from .catalogue import CataloguePage
from .eligibility import eligible_programs, program_fit
from .filters import EventFilter, ProgramFilter, best_filter_to_remove, filter_chips
from .forms import EligibilityForm, SuggestionForm
from .ical import calendar_response, deadline_components, event_component
from .models import Event, Program
from .structured_data import event_jsonld, program_jsonld

ICS_LIMIT = 1000  # entries in one calendar file


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
        chips = filter_chips(self.filterset)
        context.update(filter=self.filterset, chips=chips, eligibility_form=EligibilityForm())
        if chips and not context["paginator"].count:
            context["suggestion"] = best_filter_to_remove(self.filterset, chips)
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
            Program.objects.visible_to(self.request.user)
            .select_related("organizer", "category", "previous_round")
            .prefetch_related("audiences", _published_partners(), "attachments")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["events"] = self.object.events.published().order_by("starts_at")
        context["preview"] = not self.object.is_public
        previous = self.object.previous_round
        context["previous_round"] = previous if previous is not None and previous.is_public else None
        context["structured_data"] = program_jsonld(self.object, self.request)
        attachments = self.object.attachments.all()  # prefetched
        context["attachments_bundle"] = len(attachments) > 1 and sum(a.size for a in attachments) <= MAX_BUNDLE_BYTES
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
            Event.objects.visible_to(self.request.user)
            .select_related("organizer", "category")
            .prefetch_related(Prefetch("co_hosts", queryset=Partner.objects.published()))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        program = self.object.program
        context["program"] = program if program is not None and program.is_public else None
        context["structured_data"] = event_jsonld(self.object, self.request)
        context["preview"] = not self.object.is_public
        return context


def _filtered_events(request):
    return EventFilter(request.GET, queryset=Event.objects.published().select_related("organizer", "category"))


def event_calendar_today(request):
    """/events/calendar/: this month, with the same filters."""
    today = timezone.localdate()
    url = reverse("programs:event_month", kwargs={"year": today.year, "month": today.month})
    # Only the calendar's own filters go along, bounded, so the address stays short whatever was asked.
    query = _filtered_events(request).data.urlencode()
    return redirect(f"{url}?{query}" if query else url)


def event_month(request, year, month):
    if year not in YEARS or not 1 <= month <= 12:
        raise Http404("No calendar for that month.")
    start, end = month_bounds(year, month)
    events_filter = _filtered_events(request)
    events = events_filter.qs.filter(starts_at__lt=end, ends_at__gte=start).order_by("starts_at", "slug")
    previous, following = neighbours(year, month)
    return render(
        request,
        "programs/event_month.html",
        {
            "month": start.date(),
            "weeks": month_weeks(year, month, events),
            "events": events,
            "filter": events_filter,
            "weekdays": [WEEKDAYS_ABBR[(FIRST_WEEKDAY + offset) % 7] for offset in range(7)],
            "previous": previous,
            "following": following,
            "query": request.GET.urlencode(),
        },
    )


def event_ics(request, slug):
    event = get_object_or_404(Event.objects.published().select_related("organizer"), slug=slug)
    return calendar_response(event.title, [event_component(event, request)], f"{event.slug}.ics")


def events_ics(request):
    """Every upcoming event, filterable like the calendar: a calendar to subscribe to."""
    events = _filtered_events(request).qs.upcoming()[:ICS_LIMIT]
    components = (event_component(event, request) for event in events)
    return calendar_response(gettext("Gwangju start-up events"), components, "gwangju-events.ics")


def program_ics(request, slug):
    program = get_object_or_404(Program.objects.published(), slug=slug)
    return calendar_response(program.title, deadline_components(program, request), f"{program.slug}.ics")


def deadlines_ics(request):
    """Application windows of the programs matching the catalogue's filters, open ones and those to come."""
    programs = ProgramFilter(request.GET, queryset=Program.objects.published()).qs
    recent = timezone.now() - timedelta(days=30)
    programs = programs.filter(Q(application_closes_at__gte=recent) | Q(application_opens_at__gte=recent))
    programs = programs.order_by("application_closes_at", "slug")[:ICS_LIMIT]
    components = (component for program in programs for component in deadline_components(program, request))
    return calendar_response(gettext("Gwangju start-up program deadlines"), components, "gwangju-program-deadlines.ics")


def attachment_download(request, slug, pk):
    program = get_object_or_404(Program.objects.visible_to(request.user), slug=slug)
    attachment = get_object_or_404(program.attachments, pk=pk)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.download_name,
        content_type=content_type(attachment.extension),
    )


def attachments_zip(request, slug):
    """Every attachment of a program in one zip, built once for each set of files (programs/attachments.py)."""
    program = get_object_or_404(Program.objects.visible_to(request.user), slug=slug)
    attachments = list(program.attachments.all())
    if not attachments or sum(item.size for item in attachments) > MAX_BUNDLE_BYTES:
        raise Http404("No bundle of this program's attachments: none, or too large; download them one by one.")
    return FileResponse(
        bundle_open(program, attachments), as_attachment=True, filename=f"{program.slug}-attachments.zip"
    )


def suggest(request):
    form = SuggestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.is_bot():
            return redirect("programs:suggest_thanks")  # a bot learns nothing
        if over_limit(request, scope="suggestions", limit=settings.SUGGESTIONS_PER_HOUR, window_seconds=3600):
            form.add_error(None, gettext("You have sent several suggestions in the last hour. Please try again later."))
            return render(request, "programs/suggest.html", {"form": form}, status=429)
        form.save()
        return redirect("programs:suggest_thanks")
    return render(request, "programs/suggest.html", {"form": form}, status=400 if form.errors else 200)


def suggest_thanks(request):
    return render(request, "programs/suggest_thanks.html")
