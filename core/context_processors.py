from django.conf import settings
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from .generation import content_generation, shared_generation


def language_links(request):
    """The current page in every language, for the switcher and hreflang links."""
    current_path = request.get_full_path()
    current = get_language()
    return {
        "language_links": [
            {"code": code, "name": name, "url": translate_url(current_path, code), "current": code == current}
            for code, name in settings.LANGUAGES
        ]
    }


def generation(request):
    """The content generation and the shared one (core.generation), for keys of cached fragments: each read when a
    template first asks for it, so that a page asking for neither, or whose view gives them, reads neither."""
    return {
        "content_generation": SimpleLazyObject(content_generation),
        "shared_generation": SimpleLazyObject(shared_generation),
    }


def site_url(request):
    """The configured site URL, the only source of absolute links (core.site)."""
    return {"site_url": settings.SITE_URL}
