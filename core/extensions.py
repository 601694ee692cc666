"""Page extensions: apps above `programs` (alerts, registrations) add actions to its pages — "alert me", "follow",
"register" — without `programs` importing them. An action is a link to the app's own page, so the cached public
pages carry no per-visitor state (shared/DECISIONS.md)."""

from collections import defaultdict
from dataclasses import dataclass

PAGES = ("catalogue", "program", "event", "institute")  # the pages of `programs` and `partners` that show actions


@dataclass(frozen=True)
class PageAction:
    label: object  # shown on the page: a lazy translation, or (record) -> text
    url: object  # (record, request) -> the link, or None to leave the action off this record
    primary: bool = False  # the page's main call to action (the portal's own registration, applying): a large button

    def link(self, record, request):
        return self.url(record, request)

    def text(self, record):
        return self.label(record) if callable(self.label) else self.label


_actions = defaultdict(list)


def page_action_register(page, action):
    """Called from an app's AppConfig.ready(): show `action` on every `page` (one of PAGES)."""
    if page not in PAGES:
        raise ValueError(f"No page {page!r} takes actions; choose one of {', '.join(PAGES)}.")
    _actions[page].append(action)


def page_action_unregister(page, action):
    _actions[page].remove(action)


def page_actions(page, record, request):
    """[(label, link, primary)] of the actions registered for `page` that apply to `record`, the primary first."""
    found = [
        (action.text(record), link, action.primary)
        for action in _actions[page]
        if (link := action.link(record, request))
    ]
    return sorted(found, key=lambda found_action: not found_action[2])
