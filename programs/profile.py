"""A founder profile without an account: the "who you are" answers (programs/filters.py) kept in a signed cookie in
the visitor's browser, nothing on the server.

The cookie holds the answers as the catalogue's query string and the day they were given. An age and a business's
year number grow with time, so they are read as a birth year and a founding year would be: one more for each full
year since that day (a pre-founder stays one). Pages the page cache serves stay the same for everyone: the answer
for this person comes from an uncached request (views/profile.py, static/portal/profile.js).
"""

import json
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core import signing
from django.http import QueryDict
from django.utils import timezone

from .filters import WHO_YOU_ARE
from .rules import full_years

COOKIE = "founder_profile"
SALT = "programs.profile"
MAX_AGE_SECONDS = 365 * 24 * 3600


@dataclass(frozen=True)
class Profile:
    query: str  # the "who you are" answers as a query string (age, years, confirm, category)
    given_on: date

    def current_query(self, today=None):
        """The answers as they stand today: age and business years grown by the full years since they were given."""
        today = today or timezone.localdate()
        years_passed = full_years(self.given_on, today)
        params = QueryDict(self.query, mutable=True)
        for name in ("age", "years"):
            value = params.get(name, "")
            if value.isdigit() and (name == "age" or int(value) > 0):
                params[name] = str(int(value) + years_passed)
        return params

    def dumps(self):
        return json.dumps({"q": self.query, "on": self.given_on.isoformat()})


def who_query(params):
    """Only the "who you are" parameters of a query string, in order."""
    kept = QueryDict(mutable=True)
    for name in WHO_YOU_ARE:
        values = [value for value in params.getlist(name) if value]
        if values:
            kept.setlist(name, values)
    return kept.urlencode()


def read(request):
    """The visitor's remembered profile, or None (no cookie, or one that was altered or is too old)."""
    try:
        stored = json.loads(request.get_signed_cookie(COOKIE, salt=SALT, max_age=MAX_AGE_SECONDS))
        return Profile(query=str(stored["q"]), given_on=date.fromisoformat(stored["on"]))
    except (KeyError, TypeError, ValueError, signing.BadSignature):
        return None


def remember(response, params):
    profile = Profile(query=who_query(params), given_on=timezone.localdate())
    # Readable by the page's script, which only looks for it so that a visitor without one makes no extra request;
    # it holds no secret, and its signature keeps it from being changed.
    response.set_signed_cookie(
        COOKIE,
        profile.dumps(),
        salt=SALT,
        max_age=MAX_AGE_SECONDS,
        samesite="Lax",
        httponly=False,
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return profile


def forget(response):
    response.delete_cookie(COOKIE, samesite="Lax")
