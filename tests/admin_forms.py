"""Post an admin form as a browser would: every field the editor's form shows, with its current value."""

from django.contrib import admin
from django.forms import MultiWidget
from django.test import RequestFactory


def admin_form_data(user, record, **overrides):
    """The POST data of `record`'s admin change form as `user` sees it, changed by `overrides`."""
    model_admin = admin.site._registry[type(record)]
    request = RequestFactory().get("/")
    request.user = user
    form = model_admin.get_form(request, record, change=True)(instance=record)
    data = {}
    for bound in form:
        value = bound.value()
        widget = bound.field.widget
        if isinstance(widget, MultiWidget):
            parts = widget.decompress(value)
            for number, (part, sub_widget) in enumerate(zip(parts, widget.widgets, strict=True)):
                data[f"{bound.html_name}_{number}"] = sub_widget.format_value(part) or ""
        elif isinstance(value, list | tuple):
            offered = {str(pk) for pk in bound.field.queryset.values_list("pk", flat=True)}
            data[bound.html_name] = [str(item) for item in value if str(item) in offered]  # a browser sends no other
        elif value is None or value is False:
            continue
        else:
            data[bound.html_name] = "on" if value is True else str(value)
    for inline in model_admin.get_inline_instances(request, record):
        prefix = inline.get_formset(request, record).get_default_prefix()
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(overrides)
    return data


def approve_on_review_page(client, revision):
    """A city editor approves `revision` on /admin/review/, as the page's form does: with the fingerprint of the
    diff the page showed."""
    page = client.get("/admin/review/")
    fingerprint = next(shown for item, _diff, shown in page.context["revisions"] if item.pk == revision.pk)
    return client.post("/admin/review/", {"revision": revision.pk, "decision": "approve", "fingerprint": fingerprint})


def approve_selected(client, ids):
    """The revisions list's bulk approval: the action's page with each diff, then its "approve" button."""
    page = client.post("/admin/core/revision/", {"action": "approve_selected", "_selected_action": ids})
    data = {"action": "approve_selected", "_selected_action": ids, "approve": "1"}
    for revision, _diff, fingerprint in page.context["revisions"]:
        data[f"fingerprint-{revision.pk}"] = fingerprint
    return client.post("/admin/core/revision/", data)
