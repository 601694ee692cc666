"""What a list's query string may hold, checked before any filter runs, and said the same way in the OpenAPI
description (api/schema.py): every parameter known, given once unless it takes several values, never empty, at most
MAX_VALUES values; an invalid choice names the valid ones. A mistake is a 400 problem, never a filter ignored."""

import difflib

from django import forms
from django.utils.translation import gettext as _

from core.querystrings import MAX_VALUES


def multiple(filterset_class):
    """The parameters that take several values (?category=a&category=b)."""
    return set(getattr(filterset_class, "multiple", ()))


def query_errors(params, filterset_class, paging=()):
    """{parameter: [message]} of what is wrong with the query string itself, before its values are read."""
    known = {*filterset_class.base_filters, *paging}
    lengths = {
        name: getattr(filter_, "extra", {}).get("max_length") for name, filter_ in filterset_class.base_filters.items()
    }
    several = multiple(filterset_class)
    errors = {}
    for name in params:
        values = params.getlist(name)
        if name not in known:
            errors[name] = [unknown_message(name, known)]
        elif any(not value.strip() for value in values):
            errors[name] = [_("Give a value, or leave the parameter out.")]
        elif name not in several and len(values) > 1:
            errors[name] = [_("Give this parameter once.")]
        elif len(values) > MAX_VALUES:
            errors[name] = [_("At most %(count)d values.") % {"count": MAX_VALUES}]
        elif lengths.get(name) and any(len(value) > lengths[name] for value in values):
            # as typed: the form would count it after trimming its spaces
            errors[name] = [_("At most %(count)d characters.") % {"count": lengths[name]}]
    return errors


def unknown_message(name, known):
    closest = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    listed = ", ".join(sorted(known)) or _("no parameters")
    if closest:
        return _("Unknown parameter: did you mean “%(closest)s”? This address takes: %(known)s.") % {
            "closest": closest[0],
            "known": listed,
        }
    return _("Unknown parameter. This address takes: %(known)s.") % {"known": listed}


def allowed_values(field):
    """The values a choice field takes (slugs for records), or None for a field without a closed set."""
    if isinstance(field, forms.ModelChoiceField):  # ModelMultipleChoiceField too
        return sorted(str(value) for value in field.queryset.values_list(field.to_field_name or "pk", flat=True))
    if isinstance(field, forms.ChoiceField):
        return [str(value) for value, _label in field.choices if value not in ("", None)]
    return None


def with_valid_values(form, errors):
    """The form's errors, where a choice was not valid followed by the values that are."""
    described = {}
    for name, messages in errors.items():
        field = form.fields.get(name)
        choices = allowed_values(field) if field is not None else None
        invalid = any(error.code in ("invalid_choice", "invalid_pk_value") for error in form.errors.as_data()[name])
        if choices and invalid:
            messages = [*messages, _("Valid values: %(values)s.") % {"values": ", ".join(choices)}]
        described[name] = list(messages)
    return described
