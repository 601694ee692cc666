from django.db.models import Case, Prefetch, Value, When
from django.views.generic import DetailView, ListView

from core.pagination import ForgivingPaginationMixin

from .models import Agreement, Partner, PartnerKind


def _published_parties():
    return Prefetch("parties", queryset=Partner.objects.published())


class PartnerListView(ListView):
    """Every published institute, grouped by kind; ?kind= narrows to one kind."""

    context_object_name = "partners"
    template_name = "partners/partner_list.html"

    def selected_kind(self):
        kind = self.request.GET.get("kind", "")
        return kind if kind in PartnerKind.values else ""

    def get_queryset(self):
        # All of them at once (a few dozen): the kinds that have institutes come from the same rows.
        kind_order = Case(*(When(kind=value, then=Value(i)) for i, value in enumerate(PartnerKind.values)))
        partners = list(Partner.objects.published().alias(kind_order=kind_order).order_by("kind_order", "name"))
        self.kinds_present = {partner.kind for partner in partners}
        selected = self.selected_kind()
        return [partner for partner in partners if not selected or partner.kind == selected]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kinds"] = [(value, label) for value, label in PartnerKind.choices if value in self.kinds_present]
        context["selected_kind"] = self.selected_kind()
        return context


class PartnerDetailView(DetailView):
    context_object_name = "partner"

    def get_queryset(self):
        return Partner.objects.published()

    def get_context_data(self, **kwargs):
        # Its programs and events come from the programs app's `partner_programs` and `partner_events` tags in the
        # template.
        context = super().get_context_data(**kwargs)
        context["agreements"] = self.object.agreements.published()
        return context


class AgreementListView(ForgivingPaginationMixin, ListView):
    context_object_name = "agreements"

    def get_queryset(self):
        return Agreement.objects.published().prefetch_related(_published_parties())


class AgreementDetailView(DetailView):
    context_object_name = "agreement"

    def get_queryset(self):
        return Agreement.objects.published().prefetch_related(_published_parties())
