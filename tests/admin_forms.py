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
