"""The 503 answer: when the database cannot be reached, a friendly page with Retry-After, never a 500."""

import logging

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

from .replica import replica_in_trouble

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 30


def service_unavailable(request=None):
    response = HttpResponse(render_to_string("503.html", request=None), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turns a lost database connection into 503; the connection is opened anew on the next request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if replica_in_trouble():
            return None  # core.replica.ReplicaMiddleware answers again from the primary
        if isinstance(exception, (OperationalError, InterfaceError)) or type(exception) is DatabaseError:
            logger.warning("Database unavailable: %s", exception)
            return service_unavailable(request)
        return None
