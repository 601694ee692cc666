"""Saved searches: a catalogue search in its normal form, described in words, and matched against new programs.

The normal form keeps only the filters that decide which programs match (not the order, not the page), each value
once and sorted, so `?state=open&category=education`, `?category=education&state=open&sort=newest&page=3` and
`?category=education&category=education&state=open` are one saved search.
"""

from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programs.filters import ProgramFilter, filter_chips
from programs.models import Program

NOT_MATCHING = {"sort", "page"}


class InvalidSearch(ValueError):
    """The filters do not make a search the catalogue understands (an unknown field, a bad date)."""


def normal_query(params):
    """The normal form of a catalogue query string (a QueryDict), without the order; raises InvalidSearch when
    it has errors."""
    filterset = ProgramFilter(params, queryset=Program.objects.none())
    if not filterset.form.is_valid():
        raise InvalidSearch(filterset.form.errors)
    return filterset.normal_form(leave_out=("sort",))


def describe(query):
    """[(label, value)] of a normal query, in the active language, as the catalogue's filter chips name them; a
    filter that no longer exists (a field of support removed since) is said so."""
    filterset = ProgramFilter(QueryDict(query), queryset=Program.objects.none())
    words = [(chip["label"], chip["value"]) for chip in filter_chips(filterset)]
    if not filterset.form.is_valid():
        words.append((_("Note"), _("a filter of this search no longer exists, so it finds nothing; search again")))
    return words


def in_words(alert):
    """[(label, value)] naming what an alert follows, in the active language."""
    if alert.search_id:
        return describe(alert.search.query)
    if alert.institute_id:
        return [(_("Institute"), alert.institute.name)]
    return [(_("Program"), alert.program.title)]


def title_of(alert):
    """A short name for an alert, from what it follows (its search's filters, an institute, a program), so that the
    manage page labels alerts by their meaning rather than by a number that shifts when one is deleted."""
    values = [str(value) for _label, value in in_words(alert)]
    if not values:
        return str(_("All new programs"))
    return " · ".join(values)


def matching(query, candidates):
    """The programs among `candidates` (a queryset of published programs) that the saved search finds. A search
    with a filter that no longer exists finds nothing, rather than everything the other filters allow."""
    filterset = ProgramFilter(QueryDict(query), queryset=candidates)
    if not filterset.form.is_valid():
        return candidates.none()
    return filterset.qs


def follow_url(record, request):
    """The "follow" link of a public program or institute page (not of a staff preview)."""
    if not record.is_public:
        return None
    kind = "institute" if record._meta.model_name == "partner" else "program"
    return reverse("alerts:follow", args=[kind, record.slug])


def new_alert_url(record, request):
    """The catalogue's "email me new programs like these" link: the alerts form with the page's filters."""
    if request is None:
        return None
    params = request.GET.copy()
    for name in NOT_MATCHING:
        params.pop(name, None)
    query = params.urlencode()
    return reverse("alerts:new") + (f"?{query}" if query else "")
