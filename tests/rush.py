"""Many people registering for one event at the same moment, over real HTTP: each client loads the form (for its
CSRF cookie and token), waits until every client is ready, then all post together. Used by the concurrency test and
benchmarks/registration.py."""

import re
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.cookiejar import CookieJar
from urllib.parse import urlencode


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect would be the answer itself; the form answers 200 "check your email"


@dataclass
class Answer:
    email: str
    status: int
    seconds: float  # from the common start to this answer
    latency: float  # of the POST itself


def _client(base_url, slug, email, barrier, start, answers, host):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect)
    headers = {"Host": host} if host else {}
    url = f"{base_url}/events/{slug}/register/"
    token = None
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=60) as response:
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.read().decode()).group(1)
    except (OSError, AttributeError):
        pass  # counted below as a client that never got the form
    finally:
        barrier.wait()
    if token is None:
        answers.append(Answer(email, -1, 0.0, 0.0))
        return
    name = f"Rush {email.partition('@')[0]}"  # a name, without the address (names carry no links)
    form = {"csrfmiddlewaretoken": token, "name": name, "email": email, "consent": "on"}
    request = urllib.request.Request(url, data=urlencode(form).encode(), headers={**headers, "Referer": url})
    sent = time.monotonic()
    try:
        with opener.open(request, timeout=120) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = 0  # no answer at all
    now = time.monotonic()
    answers.append(Answer(email, status, now - start[0], now - sent))


def rush(base_urls, slug, emails, host=None):
    """POST a registration for each address at once, spread over the app servers at `base_urls`; returns the answers
    in the order they came."""
    answers, start = [], [0.0]
    barrier = threading.Barrier(len(emails) + 1, action=lambda: start.__setitem__(0, time.monotonic()))
    threads = [
        threading.Thread(
            target=_client,
            args=(base_urls[number % len(base_urls)], slug, email, barrier, start, answers, host),
            daemon=True,
        )
        for number, email in enumerate(emails)
    ]
    for thread in threads:
        thread.start()
    barrier.wait()
    for thread in threads:
        thread.join(timeout=180)
    return answers


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]
