"""The API's filters are the catalogue's own (programs/filters.py), plus what a client syncing data needs."""

from datetime import UTC, datetime, time

import django_filters
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import Agreement, Partner, PartnerKind
from programs.filters import EARLIEST, LATEST, BoundedFilterSet, EventFilter, ProgramFilter, published_institutes

UPDATED_SINCE_HELP = _("Only records changed at or after this time (ISO 8601), for incremental sync.")
# The catalogue's date range, as times: a year such as 0001 is a form error, not a database overflow.
UPDATED_SINCE_BOUNDS = [
    MinValueValidator(datetime.combine(EARLIEST, time.min, tzinfo=UTC)),
    MaxValueValidator(datetime.combine(LATEST, time.max, tzinfo=UTC)),
]


def updated_since_filter():
    return django_filters.IsoDateTimeFilter(
        label=_("Updated since"),
        field_name="updated_at",
        lookup_expr="gte",
        help_text=UPDATED_SINCE_HELP,
        validators=UPDATED_SINCE_BOUNDS,
    )


class ApiProgramFilter(ProgramFilter):
    updated_since = updated_since_filter()

    class Meta(ProgramFilter.Meta):
        fields = ["updated_since", *ProgramFilter.Meta.fields]  # the keyword stays last


WHEN_CHOICES = [("upcoming", _("Not yet over")), ("past", _("Over"))]


class ApiEventFilter(EventFilter):
    updated_since = updated_since_filter()
    when = django_filters.ChoiceFilter(label=_("When"), choices=WHEN_CHOICES, method="filter_when")

    class Meta(EventFilter.Meta):
        fields = ["updated_since", "when", *EventFilter.Meta.fields]

    def filter_when(self, queryset, name, value):
        now = timezone.now()
        return queryset.filter(ends_at__gte=now) if value == "upcoming" else queryset.filter(ends_at__lt=now)


class ApiPartnerFilter(BoundedFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PartnerKind.choices)
    updated_since = updated_since_filter()

    class Meta:
        model = Partner
        fields = ["kind", "updated_since"]


class ApiAgreementFilter(BoundedFilterSet):
    party = django_filters.ModelChoiceFilter(
        label=_("Party"), field_name="parties", queryset=published_institutes, to_field_name="slug"
    )
    updated_since = updated_since_filter()

    class Meta:
        model = Agreement
        fields = ["party", "updated_since"]
