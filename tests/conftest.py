import pytest
import time_machine
from django.conf import settings
from django.core.cache import caches
from django.utils import translation

from core.roles import CITY_EDITORS, PARTNER_EDITORS
from tests.clock import NOW
from tests.factories import PartnerFactory, StaffFactory, staff_in


def transactional(item):
    """Whether the test empties the database after it (pytest-django's TransactionTestCase): rows the migrations
    made (fields, groups) are gone for any test after it."""
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool({"transactional_db", "live_server", "django_db_reset_sequences"} & set(item.fixturenames))


@pytest.hookimpl(trylast=True)  # after pytest-django's order: database tests, transactional ones, then the rest
def pytest_collection_modifyitems(config, items):
    """CI runs the suite on SQLite, then on PostgreSQL. A test marked `database_independent` gives the same result
    whatever the configured database is (it runs subprocesses on a database or environment of its own, or checks
    what no database changes), so the PostgreSQL pass would repeat it exactly: it runs in the SQLite pass only.

    With pytest-xdist each file runs whole on one process, files in this order: a file with a transactional test
    goes after every file without one, so that no process runs a test that needs the migrations' rows after a
    test that emptied the database. Such a file's other tests may still follow another file's emptying: keep a
    transactional test in a file of its own unless the file's tests make the rows they need."""
    files_emptying = {item.path for item in items if transactional(item)}
    items.sort(key=lambda item: item.path in files_emptying)  # stable: each file's own order is kept
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        return
    repeated = pytest.mark.skip(reason="the same as in the SQLite pass: it does not depend on the database")
    for item in items:
        if item.get_closest_marker("database_independent"):
            item.add_marker(repeated)


@pytest.fixture(autouse=True)
def empty_cache():
    """No cached fragment or counter leaks from one test into another."""
    for alias in settings.CACHES:
        caches[alias].clear()
    yield
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture(autouse=True)
def korean_by_default():
    """Each test starts in the default language, whatever the previous one activated."""
    translation.activate("ko")
    yield
    translation.activate("ko")


# The personas, defined once: anonymous is the plain `client`.


@pytest.fixture
def institute(db):
    """Institute A, whose editor is `partner_editor`."""
    return PartnerFactory(slug="institute-a", name_ko="기관 A", name_en="Institute A", phone="062-000-0000")


@pytest.fixture
def other_institute(db):
    """Institute B, whose editor is `other_partner_editor`."""
    return PartnerFactory(slug="institute-b", name_ko="기관 B", name_en="Institute B")


@pytest.fixture
def partner_editor(institute):
    return staff_in(PARTNER_EDITORS, institute, username="partner-a")


@pytest.fixture
def other_partner_editor(other_institute):
    return staff_in(PARTNER_EDITORS, other_institute, username="partner-b")


@pytest.fixture
def city_editor(db):
    """A member of the City editors group, not a superuser."""
    return staff_in(CITY_EDITORS, username="city")


@pytest.fixture
def superuser(db):
    return StaffFactory(username="superuser", is_superuser=True)


@pytest.fixture
def staff_client(client, superuser):
    client.force_login(superuser)
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


@pytest.fixture
def smtp(settings):
    """A real SMTP server on loopback that the portal sends to; `smtp.messages` holds what arrived."""
    from tests.smtp import SmtpServer

    with SmtpServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        yield server.sink
