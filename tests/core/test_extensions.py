"""Apps above `programs` add actions to its pages through core.extensions, as links (cached pages stay anonymous)."""

import pytest

from core.extensions import PageAction, page_action_register, page_action_unregister
from tests.factories import EventFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def follow_action():
    action = PageAction("따라가기", lambda record, request: f"/follow/{record.slug}/" if record.slug != "no" else None)
    catalogue = PageAction("알림 받기", lambda record, request: "/alerts/new/?" + request.GET.urlencode())
    page_action_register("program", action)
    page_action_register("event", action)
    page_action_register("catalogue", catalogue)
    yield
    page_action_unregister("program", action)
    page_action_unregister("event", action)
    page_action_unregister("catalogue", catalogue)


def test_registered_actions_show_as_links_on_the_pages_of_programs(client, follow_action):
    program, event = ProgramFactory(slug="academy"), EventFactory(slug="demo-day")
    assert 'href="/follow/academy/"' in client.get(program.get_absolute_url()).content.decode()
    assert 'href="/follow/demo-day/"' in client.get(event.get_absolute_url()).content.decode()
    assert 'href="/alerts/new/?state=open"' in client.get("/programs/?state=open").content.decode()


def test_an_action_may_leave_a_record_out_and_none_registered_shows_nothing(client, follow_action):
    assert "따라가기" not in client.get(ProgramFactory(slug="no").get_absolute_url()).content.decode()


def test_without_actions_the_page_has_no_empty_list(client):
    # No app registers an action for events yet (alerts registers its own for programs, institutes, the catalogue).
    assert "portal-page-actions" not in client.get(EventFactory().get_absolute_url()).content.decode()


def test_only_the_pages_of_programs_take_actions():
    with pytest.raises(ValueError, match="No page"):
        page_action_register("home", PageAction("x", lambda record, request: "/"))


def test_a_primary_action_is_the_pages_large_button_and_comes_first(client, follow_action):
    primary = PageAction("신청하기", lambda record, request: "/apply/here/", primary=True)
    page_action_register("program", primary)
    try:
        page = client.get(ProgramFactory(slug="academy").get_absolute_url()).content.decode()
    finally:
        page_action_unregister("program", primary)
    assert page.index('href="/apply/here/"') < page.index('href="/follow/academy/"')
    assert 'class="btn btn-primary btn-lg"\n           href="/apply/here/"' in page
