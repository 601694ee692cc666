"""Errors as RFC 9457 problem details (application/problem+json): a bad filter value lists its errors per field."""

from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.views import exception_handler

PROBLEM_TYPE = "about:blank"  # the title is the HTTP status phrase; the detail says what went wrong


def problem_response(status, title, detail, headers=None, **extra):
    body = {"type": PROBLEM_TYPE, "title": title, "status": status, "detail": detail, **extra}
    response = JsonResponse(
        body, status=status, content_type="application/problem+json", json_dumps_params={"ensure_ascii": False}
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def problem_exception_handler(exc, context):
    """DRF's handler, with its answer rewritten as a problem."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        problem = problem_response(400, _("Bad request"), _("Some parameters are not valid."), errors=errors)
    elif isinstance(exc, (exceptions.NotFound, Http404)):
        problem = problem_response(404, _("Not found"), _("There is no such record or page."))
    elif isinstance(exc, exceptions.NotAcceptable):
        problem = problem_response(406, _("Not acceptable"), _("This API answers in JSON only (application/json)."))
    elif isinstance(exc, exceptions.Throttled):
        wait = int(exc.wait or 1)
        problem = problem_response(
            429,
            _("Too many requests"),
            _("Too many requests from this address. Please wait %(seconds)d seconds.") % {"seconds": wait},
            retry_after=wait,
        )
    else:
        problem = problem_response(response.status_code, response.status_text, str(exc.detail))
    for name, value in response.items():
        if name.lower() not in ("content-type", "content-length"):
            problem[name] = value
    return problem


def not_found(request, *args, **kwargs):
    """Any other address under /api/v1/."""
    return problem_response(404, _("Not found"), _("There is no such API endpoint. See /api/ for the list."))
