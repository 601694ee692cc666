"""The city editors' "needs review" list: what partner editors submitted, oldest first."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from programs.models import Event, Program

from .publishing import Status
from .roles import is_city_editor


def records_in_review():
    programs = Program.objects.filter(status=Status.REVIEW).select_related("organizer").order_by("updated_at")
    events = Event.objects.filter(status=Status.REVIEW).select_related("organizer").order_by("updated_at")
    return [(Program._meta, programs), (Event._meta, events)]


def needs_review(request):
    if not is_city_editor(request.user):
        raise PermissionDenied
    context = {
        **admin.site.each_context(request),
        "title": _("Needs review"),
        "sections": records_in_review(),
    }
    return TemplateResponse(request, "admin/needs_review.html", context)
