"""HTTP caching of API answers: an ETag from the content generation, the minute (application states and days left
change with time alone) and the address, so that a client's revalidation costs no database work; Last-Modified from
the records and the last content change."""

import hashlib
import time
from datetime import UTC, datetime

from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from core.generation import content_changed_at, content_generation

MAX_AGE_SECONDS = 60


def api_etag(request):
    minute = int(time.time() // 60)
    address = request.get_full_path()
    digest = hashlib.sha256(f"{content_generation()}:{minute}:{address}".encode()).hexdigest()[:32]
    return f'"{digest}"'


def not_modified(request, etag):
    """A 304 answer when the client's copy is current, else None."""
    return get_conditional_response(request, etag=etag)


def last_modified(records):
    """For serialized records: the newest of their changes, the last content change anywhere (a record may have
    left the list) and the start of this minute (a state may have changed with time)."""
    times = [datetime.fromisoformat(record["updated_at"]).timestamp() for record in records]
    times += [content_changed_at() or 0, time.time() // 60 * 60]
    return datetime.fromtimestamp(max(times), tz=UTC)


def with_caching_headers(request, response, etag, records):
    """The answer with its caching headers, or 304 when the client's If-Modified-Since is not older."""
    modified = int(last_modified(records).timestamp())
    if get_conditional_response(request, etag=etag, last_modified=modified) is not None:
        response = type(response)(status=304)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = f"public, max-age={MAX_AGE_SECONDS}"
    return response
