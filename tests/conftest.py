import pytest
import time_machine
from django.core.cache import cache
from django.utils import translation

from tests.clock import NOW
from tests.factories import StaffFactory


@pytest.fixture(autouse=True)
def empty_cache():
    """No cached fragment or counter leaks from one test into another."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def korean_by_default():
    """Each test starts in the default language, whatever the previous one activated."""
    translation.activate("ko")
    yield
    translation.activate("ko")


@pytest.fixture
def city_editor(db):
    return StaffFactory(username="city-editor-test", is_superuser=True)


@pytest.fixture
def staff_client(client, city_editor):
    client.force_login(city_editor)
    return client


@pytest.fixture
def frozen():
    """Time stands still at tests.clock.NOW."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(scope="session")
def production_static(tmp_path_factory):
    """Static files collected as `make serve` collects them (hashed and compressed), for real app servers."""
    from tests.servers import manage, production_env

    static_root = tmp_path_factory.mktemp("staticfiles")
    manage(production_env("sqlite:///:memory:", DJANGO_STATIC_ROOT=str(static_root)), "collectstatic", "--no-input")
    return static_root
