"""How adapters reach a source: one GET with a timeout, retried with backoff on a timeout, a dropped connection or
a 5xx answer, counted against the source's daily call limit. Tests replace `fetch` with a replay of recorded
answers; the adapters never open a connection themselves."""

import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

RETRIES = 3
BACKOFF_SECONDS = 2.0  # then 4, 8


class SourceFailed(Exception):
    """The source could not be read: its reason goes to the run's log; other sources go on."""


@dataclass
class Answer:
    status: int
    text: str


def http_fetch(url, params, timeout):
    """One GET; (status, body) whatever the status; OSError (timeouts included) when no answer came."""
    request = urllib.request.Request(
        f"{url}?{urllib.parse.urlencode(params)}", headers={"Accept": "application/json, application/xml"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Answer(response.status, response.read().decode("utf-8", errors="replace"))
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.read().decode("utf-8", errors="replace"))


@dataclass
class Transport:
    fetch: object = http_fetch
    timeout: float = 15
    calls_left: int = 1000  # the source's daily limit, less today's calls so far
    sleep: object = time.sleep
    calls: int = 0
    log: list = field(default_factory=list)

    def get(self, url, params):
        """The source's answer to one request, after retries; SourceFailed when it never came or was refused."""
        for attempt in range(RETRIES):
            if self.calls >= self.calls_left:
                raise SourceFailed("the daily call limit is reached")
            self.calls += 1
            try:
                answer = self.fetch(url, params, self.timeout)
            except OSError as error:  # a timeout, a refused or dropped connection
                reason = f"no answer ({error.__class__.__name__}: {error})"
            else:
                if answer.status < 500:
                    if answer.status >= 400:
                        raise SourceFailed(f"refused with HTTP {answer.status}: {answer.text[:200]}")
                    return answer
                reason = f"HTTP {answer.status}"
            self.log.append(f"attempt {attempt + 1}: {reason}")
            if attempt + 1 < RETRIES:
                self.sleep(BACKOFF_SECONDS * 2**attempt)
        raise SourceFailed(f"gave up after {RETRIES} attempts: {reason}")
