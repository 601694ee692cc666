"""A shortlist of programs to compare, kept in a cookie in the visitor's browser (no account, nothing on the server):
the slugs of two to four public programs, shown side by side at /programs/compare/."""

import re

COOKIE = "program_shortlist"
MAX_PROGRAMS = 4
MAX_AGE_SECONDS = 90 * 24 * 3600
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")


def slugs_of(values):
    """The well-formed slugs among `values`, each once, in order, at most MAX_PROGRAMS."""
    return list(dict.fromkeys(value for value in values if _SLUG.fullmatch(value or "")))[:MAX_PROGRAMS]


def read(request):
    return slugs_of((request.COOKIES.get(COOKIE) or "").split("."))


def write(response, slugs):
    if slugs:
        response.set_cookie(COOKIE, ".".join(slugs), max_age=MAX_AGE_SECONDS, samesite="Lax", httponly=True)
    else:
        response.delete_cookie(COOKIE, samesite="Lax")


def same_site(request):
    """Whether a request came from one of the portal's own pages. The buttons that change the shortlist sit on pages
    the page cache shares between visitors, so they carry no CSRF token; what another site could do without one is
    add or remove a public program in the visitor's own list, and the browser's Sec-Fetch-Site or Origin header
    stops that too."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("Origin")
    return origin is None or origin == f"{request.scheme}://{request.get_host()}"
