"""A data subject's request in one place (개인정보 열람·삭제 요구): a city editor finds everything the portal keeps
about an email address (alerts, registrations, suggestions, the email log), exports it or erases it, and each answer
is recorded (core.models.AddressRequest). Every app answers through its holder (core.holders)."""

import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from core.holders import address_erase, address_report, address_request_record, report_counts
from core.models import AddressRequest
from core.roles import is_city_editor
from core.text import single_line

Kind = AddressRequest.Kind


class AddressForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email address"), max_length=254)
    note = forms.CharField(
        label=gettext_lazy("Note (optional)"),
        max_length=300,
        required=False,
        validators=[single_line],
        help_text=gettext_lazy("How the request came, for the record, e.g. a letter of 2026-12-01."),
    )
    confirm = forms.BooleanField(label=gettext_lazy("Yes, erase everything kept about this address"), required=False)


@never_cache
def address_request(request):
    if not is_city_editor(request.user):
        raise PermissionDenied
    form = AddressForm(request.POST or None)
    context = {**admin.site.each_context(request), "title": _("Personal data requests"), "form": form}
    if request.method != "POST" or not form.is_valid():
        return TemplateResponse(request, "admin/address_request.html", context, status=400 if form.errors else 200)
    address, note = form.cleaned_data["email"].strip().lower(), form.cleaned_data["note"]
    action = request.POST.get("action")
    if action == "erase":
        if not form.cleaned_data["confirm"]:
            form.add_error("confirm", _("Tick the box to confirm the erasure: it cannot be undone."))
            return TemplateResponse(request, "admin/address_request.html", context, status=400)
        counts = address_erase(address)
        address_request_record(kind=Kind.ERASURE, address=address, counts=counts, user=request.user, note=note)
        messages.success(
            request,
            _("Everything kept about the address was erased (%(count)d rows); the request is recorded.")
            % {"count": sum(counts.values())},
        )
        return redirect("admin:address_request")
    report = address_report(address)
    kind = Kind.EXPORT if action == "export" else Kind.ACCESS
    address_request_record(kind=kind, address=address, counts=report_counts(report), user=request.user, note=note)
    if kind == Kind.EXPORT:
        return export_response(address, report)
    context.update(address=address, report=report, found=any(rows for _app, _what, rows in report))
    return TemplateResponse(request, "admin/address_request.html", context)


def export_response(address, report):
    """What the portal keeps about the address, as JSON for the person who asked."""
    body = {
        "address": address,
        "exported_at": timezone.now().isoformat(),
        "kept": [{"app": app, "what": what, "rows": rows} for app, what, rows in report],
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
    response["Cache-Control"] = "private, no-store"
    return response
