"""Database errors answered as what they are, never a 500: when the database cannot be reached, a friendly 503 with
Retry-After; a number beyond SQLite's integers in a query (an id of 23 digits in an admin filter), a 400."""

import logging

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views.defaults import bad_request

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
        if isinstance(exception, OverflowError) and "SQLite INTEGER" in str(exception):
            return bad_request(request, exception)  # PostgreSQL compares such a number and finds nothing
        return None
