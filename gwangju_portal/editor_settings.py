"""An editor's own settings in the admin: whether the staff loop's emails reach them, and in which language."""

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from core.models import EditorSettings


class EditorSettingsForm(forms.ModelForm):
    class Meta:
        model = EditorSettings
        fields = ["emails", "language"]


def editor_settings(request):
    chosen = EditorSettings.of(request.user)
    form = EditorSettingsForm(request.POST or None, instance=chosen)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your settings were saved."))
        return redirect("admin:editor_settings")
    context = {
        **admin.site.each_context(request),
        "title": _("My settings"),
        "form": form,
        "address": request.user.email,
    }
    return TemplateResponse(request, "admin/editor_settings.html", context, status=400 if form.errors else 200)
