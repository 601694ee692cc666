"""The catalogue: programs by filter, "am I eligible?", a program's page, its files and its deadlines."""

from datetime import timedelta

from django.core.cache import cache
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from core.attachments import content_type
from core.fragments import fragment_key
from core.generation import ANY, record_stamps
from core.pagination import ForgivingPaginationMixin
from core.previews import PreviewMixin, private_if_preview
from core.publishing import Status
from core.search import SEARCH_COLUMNS, did_you_mean
from partners.models import Partner

from ..attachments import MAX_BUNDLE_BYTES, bundle_open
from ..catalogue import CHECK, FITS, CataloguePage, CatalogueQuery, GroupedPage, bounded_count
from ..eligibility import eligible_programs
from ..filters import ProgramFilter, best_filter_to_remove, filter_chips
from ..forms import EligibilityForm
from ..ical import calendar_response, deadline_components, records_calendar_response
from ..models import CLOCK_FIELDS, Program
from ..profile import who_query
from ..rounds import family_rounds, usual_opening
from ..rules import rules_in_words, verdict
from ..structured_data import program_jsonld
from ..templatetags.programs_tags import program_cards


class ProgramListView(ForgivingPaginationMixin, ListView):
    """The catalogue: filters, keyword search and sort from the query string."""

    context_object_name = "programs"
    template_name = "programs/program_list.html"
    query_parameters = frozenset([*ProgramFilter.base_filters, "page"])  # the page cache ignores the others

    def get_queryset(self):
        self.filterset = ProgramFilter(self.request.GET, queryset=Program.objects.published())
        return CatalogueQuery.of(self.filterset).page(namespace="programs")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        chips = filter_chips(self.filterset)
        context.update(filter=self.filterset, chips=chips)
        if chips and not context["paginator"].count:
            context["suggestion"] = best_filter_to_remove(self.filterset, chips)
        if self.filterset.ruled_out is not None:  # "who you are" answers: the programs they rule out, counted
            context["not_for_you_count"], context["not_for_you_bounded"] = bounded_count(self.filterset.ruled_out)
        context.update(search_help(self.request, context["paginator"].object_list, len(chips)))
        if self.filterset.to_check is not None:
            cards = program_cards(context["programs"], heading="h3", highlight=context.get("highlight"))
            context["fit_groups"] = fit_groups(context["programs"], cards, self.filterset.answers())
            context["remember_url"] = remember_url(self.request)
        return context


FIT_GROUP_TITLES = {FITS: _("They fit your answers"), CHECK: _("To check: they may fit")}


def fit_groups(programs, cards, answers):
    """The page's programs in their groups, in order ([(title, [(card, what to confirm)])]): those to check carry
    the rules the answers leave unknown, read in one query for the page."""
    checking = [program.pk for program in programs if program.fit_group == CHECK]
    full = Program.objects.filter(pk__in=checking).select_related("category").prefetch_related("audiences")
    unknowns = {program.pk: verdict(program, answers).unknowns for program in full} if checking else {}
    groups = []
    for program, card in zip(programs, cards, strict=True):
        if not groups or groups[-1][0] != program.fit_group:
            groups.append((program.fit_group, []))
        groups[-1][1].append((card, unknowns.get(program.pk, [])))
    return [(FIT_GROUP_TITLES[group], members) for group, members in groups]


def remember_url(request):
    """The page that remembers the "who you are" answers of this address (programs/profile.py)."""
    return f"{reverse('programs:profile')}?{who_query(request.GET)}"


def search_help(request, catalogue, chip_count):
    """Marked words in titles; and when the keyword found nothing (or only partial matches), what was looked for, a
    closer known word and the same words without the other filters."""
    plan = catalogue.plan
    if not plan:
        return {}
    context = {"highlight": plan.highlight_terms()}
    if catalogue.relaxed or not catalogue.count():
        context.update(relaxed=catalogue.relaxed, dropped_words=plan.dropped_words, looked_for=plan.looked_for)
        closer = did_you_mean(plan, plan.dropped if catalogue.relaxed else None)
        if closer:
            context.update(did_you_mean=closer, did_you_mean_url=querystring_with(request, q=closer))
        if chip_count > 1:
            context["without_filters_url"] = reverse("programs:list") + "?" + urlencode({"q": plan.text})
    return context


def querystring_with(request, **changes):
    query = request.GET.copy()
    query.pop("page", None)
    for key, value in changes.items():
        query[key] = value
    return "?" + query.urlencode()


class FittingPage(CataloguePage):
    """Whole programs: each is shown with the reasons it fits, which read its rules and audiences."""

    def rows(self, ids):
        return Program.objects.filter(pk__in=ids).for_cards()


class EligibilityView(ForgivingPaginationMixin, ListView):
    """Programs open now or opening soon for the person's answers: those that fit, then those to check, each with
    the verdict of each rule; how many do not fit, and why."""

    context_object_name = "programs"
    template_name = "programs/eligibility.html"
    NOT_FOR_YOU_SHOWN = 50  # the programs that do not fit, listed with why, at most

    def get_queryset(self):
        self.form = EligibilityForm(self.request.GET or None)
        self.answers = self.form.answers()
        self.not_for_you = Program.objects.none()
        if not self.form.is_bound or not self.form.is_valid() or not self.answers.answered:
            return Program.objects.none()  # an empty checker asks for answers rather than answering
        fits, to_check, self.not_for_you = eligible_programs(Program.objects.published(), answers=self.answers)
        return GroupedPage(
            [(FITS, FittingPage(fits, sort="deadline")), (CHECK, FittingPage(to_check, sort="deadline"))]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        results = [(program, verdict(program, self.answers)) for program in context["programs"]]
        context["sure"] = [(program, result) for program, result in results if program.fit_group == FITS]
        context["to_check"] = [(program, result) for program, result in results if program.fit_group == CHECK]
        shown = self.not_for_you.for_cards().order_by("application_closes_at", "slug")[: self.NOT_FOR_YOU_SHOWN]
        context["not_for_you"] = [(program, verdict(program, self.answers)) for program in shown]
        context["not_for_you_count"] = self.not_for_you.count()
        context["asks_for_answers"] = self.form.is_bound and self.form.is_valid() and not self.answers.answered
        if self.answers.answered:
            context["remember_url"] = remember_url(self.request)
        return context


class ProgramPageParts:
    """What a program's page shows below its header, read only when the page's cached fragments are missing."""

    def __init__(self, program):
        self.program = program

    @cached_property
    def co_organizers(self):
        return list(Partner.objects.published().filter(co_organized_programs=self.program))

    @cached_property
    def attachments(self):
        return list(self.program.attachments.all())

    @cached_property
    def attachments_bundle(self):
        return len(self.attachments) > 1 and sum(a.size for a in self.attachments) <= MAX_BUNDLE_BYTES

    @cached_property
    def rounds(self):
        return list(family_rounds(self.program))

    @cached_property
    def usual_opening(self):
        return usual_opening(self.rounds)

    @cached_property
    def events(self):
        return list(self.program.events.published().for_calendar().order_by("starts_at"))

    @cached_property
    def tags(self):
        """Its audience tags, read once for the facts, the rules in words, the verdict and the structured data."""
        return list(self.program.audiences.all())

    @cached_property
    def audiences(self):
        return self.program.audiences_shown(self.tags)

    @cached_property
    def who_may_apply(self):
        return rules_in_words(self.program, self.tags)

    @cached_property
    def technologies(self):
        return list(self.program.technologies.all())


class ProgramDetailView(PreviewMixin, DetailView):
    """A program's page. Its parts are cached per program, language, state and day count, so that an address of its
    own (a campaign's parameters) reads the program and nothing else: its head and facts on the program's stamp, any
    institute's and the shared generation (another program's save keeps them), the rounds and events below the
    answers on the content generation for a minute (their own states change with time)."""

    context_object_name = "program"

    def get_queryset(self):
        # The search columns (a long document and its vectors) are never shown on the page.
        return (
            Program.objects.visible_to(self.request.user).select_related("organizer", "category").defer(*SEARCH_COLUMNS)
        )

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            return archived_program_page(request, kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        program = self.object
        context["preview"] = preview = not program.is_public
        context["parts"] = parts = ProgramPageParts(program)
        context["page_key"] = f"{program.pk}:{program.clock_key()}:{preview}"
        # Its head and facts show the program, institutes and shared records: kept while other programs are saved.
        stamps = record_stamps([(Program, program.pk), (Partner, ANY)])
        context["content_generation"], context["shared_generation"] = stamps.content, stamps.shared  # read already
        context["page_version"] = f"{stamps.shared}.{stamps.of[Program, program.pk]}.{stamps.of[Partner, ANY]}"
        jsonld_key = fragment_key("program-jsonld", program.pk, generation=context["page_version"])
        context["structured_data"] = cache.get_or_set(
            jsonld_key, lambda: program_jsonld(program, self.request, parts.tags), 3600
        )
        form = EligibilityForm(self.request.GET or None, action=self.request.path)
        context["eligibility_form"] = form
        answers = form.answers()
        if answers.answered:
            context["fit"] = verdict(program, answers, parts.tags)
        return context


def archived_program_page(request, slug):
    """A shared or bookmarked address of a program archived while it was public: 410 Gone with what happened and
    where to go on (the family's newest public round, or the catalogue), rather than a bare "not found". A record
    archived without ever being public stays not found: its title was never the public's."""
    archived = Program.objects.filter(status=Status.ARCHIVED, published_at__lte=timezone.now())
    program = get_object_or_404(archived, slug=slug)
    newer = Program.objects.published().filter(previous_round=program).order_by("-application_opens_at").first()
    return render(request, "programs/program_gone.html", {"gone": program, "newer": newer}, status=410)


def program_ics(request, slug):
    program = get_object_or_404(Program.objects.published(), slug=slug)
    return calendar_response(program.title, deadline_components(program, request), f"{program.slug}.ics")


def deadlines_ics(request):
    """Application windows of the programs matching the catalogue's filters, open ones and those to come."""
    programs = ProgramFilter(request.GET, queryset=Program.objects.published()).qs
    recent = timezone.now() - timedelta(days=30)
    programs = programs.filter(
        Q(application_closes_at__gte=recent) | Q(application_opens_at__gte=recent) | Q(expected_opening__gte=recent)
    )
    programs = programs.order_by("application_closes_at", "slug")
    build = lambda program: deadline_components(program, request)  # noqa: E731
    name = gettext("Gwangju start-up program deadlines")
    filename = "gwangju-program-deadlines.ics"
    return records_calendar_response(name, programs, build, filename, key_fields=CLOCK_FIELDS)


def attachment_download(request, slug, pk):
    program = get_object_or_404(Program.objects.visible_to(request.user), slug=slug)
    attachment = get_object_or_404(program.attachments, pk=pk)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.download_name,
        content_type=content_type(attachment.extension),
    )
    return private_if_preview(response, program)


def attachments_zip(request, slug):
    """Every attachment of a program in one zip, built once for each set of files (programs/attachments.py)."""
    program = get_object_or_404(Program.objects.visible_to(request.user), slug=slug)
    attachments = list(program.attachments.all())
    if not attachments or sum(item.size for item in attachments) > MAX_BUNDLE_BYTES:
        raise Http404("No bundle of this program's attachments: none, or too large; download them one by one.")
    response = FileResponse(
        bundle_open(program, attachments), as_attachment=True, filename=f"{program.slug}-attachments.zip"
    )
    return private_if_preview(response, program)
