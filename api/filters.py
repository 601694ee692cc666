"""The API's filters are the catalogue's own (programs/filters.py), plus what a client syncing data needs."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import Agreement, Partner, PartnerKind
from programs.filters import BoundedFilterSet, EventFilter, ProgramFilter, published_institutes

UPDATED_SINCE_HELP = _("Only records changed at or after this time (ISO 8601), for incremental sync.")


class ApiProgramFilter(ProgramFilter):
    updated_since = django_filters.IsoDateTimeFilter(
        label=_("Updated since"), field_name="updated_at", lookup_expr="gte", help_text=UPDATED_SINCE_HELP
    )

    class Meta(ProgramFilter.Meta):
        fields = ["updated_since", *ProgramFilter.Meta.fields]  # the keyword stays last


WHEN_CHOICES = [("upcoming", _("Not yet over")), ("past", _("Over"))]


class ApiEventFilter(EventFilter):
    updated_since = django_filters.IsoDateTimeFilter(
        label=_("Updated since"), field_name="updated_at", lookup_expr="gte", help_text=UPDATED_SINCE_HELP
    )
    when = django_filters.ChoiceFilter(label=_("When"), choices=WHEN_CHOICES, method="filter_when")

    class Meta(EventFilter.Meta):
        fields = ["updated_since", "when", *EventFilter.Meta.fields]

    def filter_when(self, queryset, name, value):
        now = timezone.now()
        return queryset.filter(ends_at__gte=now) if value == "upcoming" else queryset.filter(ends_at__lt=now)


class ApiPartnerFilter(BoundedFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PartnerKind.choices)
    updated_since = django_filters.IsoDateTimeFilter(
        label=_("Updated since"), field_name="updated_at", lookup_expr="gte", help_text=UPDATED_SINCE_HELP
    )

    class Meta:
        model = Partner
        fields = ["kind", "updated_since"]


class ApiAgreementFilter(BoundedFilterSet):
    party = django_filters.ModelChoiceFilter(
        label=_("Party"), field_name="parties", queryset=published_institutes, to_field_name="slug"
    )
    updated_since = django_filters.IsoDateTimeFilter(
        label=_("Updated since"), field_name="updated_at", lookup_expr="gte", help_text=UPDATED_SINCE_HELP
    )

    class Meta:
        model = Agreement
        fields = ["party", "updated_since"]
