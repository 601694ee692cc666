"""The API's filters are the catalogue's own (programs/filters.py), plus what a client syncing data needs."""

import re
from datetime import UTC

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import Agreement, Partner, PartnerKind
from programs.filters import YEARS, BoundedFilterSet, EventFilter, ProgramFilter, published_institutes

UPDATED_SINCE_HELP = _("Only records changed at or after this time (ISO 8601), for incremental sync.")
# RFC 3339, as format "date-time" says, with the catalogue's years: 2026-11-01T00:00:00+09:00.
DATE_TIME_PATTERN = (
    rf"^{YEARS}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"
    r"T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$"
)


class StrictIsoDateTimeField(django_filters.fields.IsoDateTimeField):
    def to_python(self, value):
        if isinstance(value, str) and value and not re.match(DATE_TIME_PATTERN, value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        moment = super().to_python(value)
        # In UTC: RFC 3339 allows offsets up to 23:59, which PostgreSQL refuses ("time zone displacement out of range").
        return moment.astimezone(UTC) if moment else moment


class StrictIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = StrictIsoDateTimeField


def updated_since_filter():
    return StrictIsoDateTimeFilter(
        label=_("Updated since"),
        field_name="updated_at",
        lookup_expr="gte",
        help_text=UPDATED_SINCE_HELP,
    )


class ApiProgramFilter(ProgramFilter):
    updated_since = updated_since_filter()

    class Meta(ProgramFilter.Meta):
        fields = ["updated_since", *ProgramFilter.Meta.fields]  # the keyword stays last
        # Each parameter stands on its own, as the description can say: an end before the start finds the programs
        # open on both days, where the catalogue's form asks the visitor to correct the dates.
        form = forms.Form


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
