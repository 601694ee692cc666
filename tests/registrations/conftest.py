import re

import pytest
import time_machine

from tests.clock import NOW
from tests.factories import EventFactory


@pytest.fixture
def clock():
    """10 March 2026, noon in Seoul (outside quiet hours); the event is 10 days later."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def event(clock, institute):
    return EventFactory(
        slug="demo-day", organizer=institute, registration_mode="portal", capacity=2, title_en="Demo day"
    )


def register(client, event, email, name="홍길동", language=""):
    return client.post(
        f"{language}/events/{event.slug}/register/",
        {"name": name, "email": email, "consent": "on", "business_years": "0-3"},
    )


def link(message, path):
    """The first link to /tickets/<token>/<path> (or the ticket itself when path is "") in a message's text."""
    body = message.get_body(("plain",)).get_content()
    suffix = f"{path}/" if path else ""
    return re.search(rf"http://testserver(/(?:en/)?tickets/[^/\s]+/{suffix})(?=\s)", body).group(1)
