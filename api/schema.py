"""The OpenAPI description made exact (a drf-spectacular post-processing hook): every status an operation can answer,
with its problem-details body and its headers, and every query parameter's rule as the server applies it (bounds,
formats, the closed sets with the slugs of today's records, no empty value, the repeated ones). The description is
cached per content generation and language (DescriptionView), since the slugs come from the database."""

from django import forms
from django.core.cache import cache
from django.db import DatabaseError
from django.utils.translation import gettext as _
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response

from core.fragments import fragment_key
from core.querystrings import MAX_VALUES
from programs.filters import DATE_PATTERN

from .filters import DATE_TIME_PATTERN
from .queries import allowed_values, multiple

PROBLEM = "application/problem+json"
# Free text: not spaces only (an empty value), no NUL character (which no database stores).
TEXT_PATTERN = r"^[^\u0000]*[^\s\u0000][^\u0000]*$"


def headers():
    return {
        "ETag": {"description": _("Identifies this answer; send it back in If-None-Match."), "type": "string"},
        "Last-Modified": {"description": _("When the records of this answer last changed."), "type": "string"},
        "Cache-Control": {"description": _("public, max-age=60"), "type": "string"},
        "RateLimit-Limit": {"description": _("Requests allowed per window."), "type": "integer"},
        "RateLimit-Remaining": {"description": _("Requests left in this window."), "type": "integer"},
        "RateLimit-Reset": {"description": _("Seconds until the window starts again."), "type": "integer"},
        "RateLimit-Policy": {"description": _("The limit and its window, as 60;w=60."), "type": "string"},
        "Retry-After": {"description": _("Seconds to wait before the next request."), "type": "integer"},
    }


def header_refs(*names):
    return {name: {"$ref": f"#/components/headers/{name}"} for name in names}


def problem_schema():
    return {
        "type": "object",
        "description": _("An error, as RFC 9457 problem details."),
        "required": ["type", "title", "status", "detail"],
        "properties": {
            "type": {"type": "string", "example": "about:blank"},
            "title": {"type": "string", "example": _("Bad request")},
            "status": {"type": "integer", "example": 400},
            "detail": {"type": "string"},
            "errors": {
                "type": "object",
                "description": _("For 400: the messages of each parameter that is not valid."),
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
            "retry_after": {"type": "integer", "minimum": 0, "description": _("For 429: seconds to wait.")},
        },
    }


def problem(description, *header_names):
    answer = {"description": description, "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
    if header_names:
        answer["headers"] = header_refs(*header_names)
    return answer


LIMIT_HEADERS = ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy")


def responses(operation):
    """Every status a GET of the API can answer."""
    answers = operation.setdefault("responses", {})
    answers["200"].setdefault("headers", {}).update(
        header_refs("ETag", "Last-Modified", "Cache-Control", *LIMIT_HEADERS)
    )
    answers["304"] = {
        "description": _("Not modified: the copy named by If-None-Match or If-Modified-Since is current."),
        "headers": header_refs("ETag", "Cache-Control", *LIMIT_HEADERS),
    }
    answers["400"] = problem(
        _("A parameter is unknown, empty, repeated or not valid: `errors` names each one and says why."),
        *LIMIT_HEADERS,
    )
    answers["404"] = problem(_("No such record, or a page past the last one."), *LIMIT_HEADERS)
    answers["406"] = problem(_("The Accept header asks for something other than JSON."))
    answers["429"] = problem(_("Too many requests from this address: wait Retry-After seconds."), "Retry-After")


SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


def field_schema(field, several):
    """The JSON schema of one filter's value, from its form field (the rule the server applies)."""
    try:
        values = allowed_values(field)
    except DatabaseError:  # no tables yet (`check --deploy` runs before `migrate`)
        values = []
    if values == [] and isinstance(field, forms.ModelChoiceField):
        # No record to name yet (an enumeration must name one): slugs as a pattern.
        item = {"type": "string", "pattern": SLUG_PATTERN}
        return {"type": "array", "items": item, "minItems": 1, "maxItems": MAX_VALUES} if several else item
    if values is not None:
        item = {"type": "string", "enum": values}
    elif isinstance(field, forms.IntegerField):
        item = {"type": "integer"}
        if field.min_value is not None:
            item["minimum"] = field.min_value
        if field.max_value is not None:
            item["maximum"] = field.max_value
    elif isinstance(field, forms.DateTimeField):
        item = {"type": "string", "format": "date-time", "pattern": DATE_TIME_PATTERN}
    elif isinstance(field, forms.DateField):
        item = {"type": "string", "format": "date", "pattern": DATE_PATTERN}
    else:
        item = {"type": "string", "minLength": 1}
        if getattr(field, "max_length", None):
            item["maxLength"] = field.max_length
        item["pattern"] = TEXT_PATTERN
    if several:
        return {"type": "array", "items": item, "minItems": 1, "maxItems": MAX_VALUES}
    return item


def parameters(operation, filterset_class):
    """Each filter parameter with the rule its form field applies."""
    fields = filterset_class().form.fields  # a fresh form: choices are read now, with today's records
    several = multiple(filterset_class)
    for parameter in operation.get("parameters", []):
        name = parameter["name"]
        if parameter["in"] != "query" or name not in fields:
            continue
        parameter["schema"] = field_schema(fields[name], name in several)
        parameter["required"] = False
        if name in several:
            parameter.update(style="form", explode=True)
        if hasattr(fields[name], "queryset"):
            parameter["description"] = _("%(label)s: the slug of a record (see its endpoint).") % {
                "label": fields[name].label
            }
        if fields[name].help_text:
            parameter["description"] = f"{parameter.get('description') or fields[name].label}. {fields[name].help_text}"


def filtersets():
    """{path of a list: its filter set}, from the API's router."""
    from .urls import router

    return {f"/api/v1/{prefix}/": viewset.filterset_class for prefix, viewset, _basename in router.registry}


def complete_description(result, generator, request, public):
    """drf-spectacular's POSTPROCESSING_HOOKS entry."""
    components = result.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = problem_schema()
    components["headers"] = {
        name: {"description": header["description"], "schema": {"type": header["type"]}}
        for name, header in headers().items()
    }
    for name, component in components["schemas"].items():
        if name != "Problem" and "properties" in component:
            # The API only answers (nothing is written through it), and a serializer writes every field it has,
            # null when there is no value: each property is always there.
            component["required"] = sorted(component["properties"])
    lists = filtersets()
    for path, operations in result.get("paths", {}).items():
        for operation in operations.values():
            responses(operation)
            if path in lists:
                parameters(operation, lists[path])
            operation["description"] = (
                operation.get("description", "")
                + "\n\n"
                + _(
                    "Only the parameters listed here are taken: any other, an empty value or a repeated single value "
                    "is a 400 problem that names it."
                )
            ).strip()
    return result


class DescriptionView(SpectacularAPIView):
    """The description, made once per content generation and language (it lists the slugs of published records),
    in YAML or JSON."""

    def _get_schema_response(self, request):
        key = fragment_key("api-description")
        description = cache.get(key)
        if description is None:
            generator = self.generator_class(urlconf=self.urlconf, api_version=None, patterns=self.patterns)
            description = generator.get_schema(request=request, public=self.serve_public)
            cache.set(key, description, 3600)
        filename = self._get_filename(request, None)
        return Response(data=description, headers={"Content-Disposition": f'inline; filename="{filename}"'})
