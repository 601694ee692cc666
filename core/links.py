"""Link checks: does each address a record links to still answer? HEAD first, then GET for servers that refuse
HEAD, following redirects, with a timeout and a pause between requests to the same host, so that checking is polite.
Models name their link fields in `link_fields`; results are kept per address in LinkCheck.

Nothing here runs under the tests or `make run` unless asked: settings.LINK_CHECKS_ENABLED is off there
(shared/DECISIONS.md), and the tests check against a local HTTP server.
"""

import time
import urllib.error
import urllib.request
from datetime import timedelta
from urllib.parse import urlsplit

from django.apps import apps
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .models import LinkCheck

USER_AGENT = "GwangjuPortalLinkCheck/1.0 (+the portal's link checker; checks each address about once a week)"
RECHECK_AFTER = timedelta(days=7)


def linked_models():
    return [model for model in apps.get_models() if getattr(model, "link_fields", ())]


def addresses_to_check(now, recheck_after=RECHECK_AFTER):
    """Every distinct address that a record links to, not checked within `recheck_after`."""
    urls = set()
    for model in linked_models():
        for field in model.link_fields:
            urls |= set(model._default_manager.exclude(**{field: ""}).values_list(field, flat=True))
    fresh = set(LinkCheck.objects.filter(checked_at__gte=now - recheck_after).values_list("url", flat=True))
    return sorted(urls - fresh)


def _request(url, method, timeout):
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) URLs from URLField
        return response.status, response.geturl()


def check(url, timeout=10):
    """(ok, status, problem, final url) of one address."""
    if urlsplit(url).scheme not in ("http", "https"):
        return False, None, "not an http(s) address", ""
    for method in ("HEAD", "GET"):
        try:
            status, final = _request(url, method, timeout)
            return 200 <= status < 400, status, "", final if final != url else ""
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in (403, 405, 501):
                continue  # some servers refuse HEAD only
            return False, error.code, f"HTTP {error.code}", ""
        except (TimeoutError, urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            problem = "timeout" if isinstance(reason, TimeoutError) or "timed out" in str(reason) else str(reason)
            return False, None, problem[:200], ""
    return False, None, "no answer", ""


def links_check(urls, *, timeout=10, pause=1.0, sleep=time.sleep):
    """Check each address and store the result; waits `pause` seconds between two requests to one host."""
    last_request = {}
    for url in urls:
        host = urlsplit(url).netloc
        wait = pause - (time.monotonic() - last_request.get(host, -pause))
        if wait > 0:
            sleep(wait)
        ok, status, problem, final = check(url, timeout=timeout)
        last_request[host] = time.monotonic()
        LinkCheck.objects.update_or_create(
            url=url,
            defaults={"ok": ok, "status": status, "problem": problem if not ok else "", "final_url": final,
                      "checked_at": timezone.now()},
        )  # fmt: skip
    return len(urls)


def broken(model):
    """A condition: the record links to an address whose last check failed."""
    condition = Q(pk__in=[])
    for field in model.link_fields:
        condition |= Exists(LinkCheck.objects.filter(url=OuterRef(field), ok=False))
    return condition
