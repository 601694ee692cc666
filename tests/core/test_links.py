"""The weekly link check against a local HTTP server (nothing leaves this machine): works, missing, too slow,
redirected, HEAD refused; polite pauses; what the desk and the change lists then show."""

import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from core.links import addresses_to_check, check, links_check
from core.models import LinkCheck
from programs.models import Program
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


class Handler(BaseHTTPRequestHandler):
    def answer(self, body):
        if self.path == "/slow":
            time.sleep(1.5)
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/ok")
        elif self.path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
        elif self.path in ("/ok", "/no-head", "/slow"):
            self.send_response(200)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self):
        self.answer(False)

    def do_GET(self):
        self.answer(True)

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_each_kind_of_answer(site):
    assert check(f"{site}/ok")[:3] == (True, 200, "")
    assert check(f"{site}/missing")[:3] == (False, 404, "HTTP 404")
    ok, status, problem, final = check(f"{site}/moved")
    assert ok and status == 200 and final == f"{site}/ok"
    assert check(f"{site}/no-head")[:2] == (True, 200)  # GET after a refused HEAD
    ok, status, problem, _final = check(f"{site}/slow", timeout=0.5)
    assert not ok and status is None and problem == "timeout"
    assert check("ftp://example.org/file")[0] is False


def test_results_are_kept_per_address_and_requests_to_one_host_are_paced(site):
    waits = []
    links_check([f"{site}/ok", f"{site}/missing", f"{site}/ok"], pause=0.2, sleep=waits.append)
    assert len(waits) == 2 and all(0 < wait <= 0.2 for wait in waits)
    assert LinkCheck.objects.count() == 2
    assert not LinkCheck.objects.get(url=f"{site}/missing").ok


def test_only_addresses_not_checked_this_week_are_checked_again(site):
    ProgramFactory(apply_url=f"{site}/ok", source_url=f"{site}/missing")
    ProgramFactory(apply_url=f"{site}/ok")
    now = timezone.now()
    assert addresses_to_check(now) == [f"{site}/missing", f"{site}/ok"]
    LinkCheck.objects.create(url=f"{site}/ok", ok=True, checked_at=now - timedelta(days=2))
    LinkCheck.objects.create(url=f"{site}/missing", ok=False, problem="HTTP 404", checked_at=now - timedelta(days=9))
    assert addresses_to_check(now) == [f"{site}/missing"]


def test_the_command_is_off_unless_enabled_and_then_checks(site, settings):
    ProgramFactory(apply_url=f"{site}/missing")
    with pytest.raises(CommandError):
        call_command("check_links")
    settings.LINK_CHECKS_ENABLED = True
    call_command("check_links", pause=0)
    assert LinkCheck.objects.get(url=f"{site}/missing").status == 404


def test_the_desk_lists_an_editors_broken_links(client, site, partner_editor, institute):
    broken = ProgramFactory(organizer=institute, apply_url=f"{site}/missing", slug="broken")
    ProgramFactory(organizer=institute, apply_url=f"{site}/ok", slug="fine")
    links_check(addresses_to_check(timezone.now()), pause=0)
    client.force_login(partner_editor)
    from django.utils import translation

    desk = client.get("/admin/").context["desk"]
    with translation.override("en"):
        lines = {str(line.label): line for _h, group in desk for line in group}
    line = lines["Programs with a link that stopped working"]
    assert line.count == 1
    listed = client.get(line.url).context["cl"].result_list
    assert [program.slug for program in listed] == [broken.slug]
    assert Program.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_puts_the_check_on_the_worker_which_checks_a_bounded_batch(site, settings, monkeypatch):
    from core import tasks
    from core.schedule import enqueue_due
    from tests.worker import run_worker

    monkeypatch.setattr(tasks, "LINK_CHECKS_PER_RUN", 2)
    for path in ("ok", "missing", "moved"):
        ProgramFactory(apply_url=f"{site}/{path}")
    enqueue_due()
    run_worker()
    assert LinkCheck.objects.count() == 0  # off here unless enabled
    settings.LINK_CHECKS_ENABLED = True
    enqueue_due(timezone.now() + timedelta(hours=1))
    run_worker()
    assert LinkCheck.objects.count() == 2
    enqueue_due(timezone.now() + timedelta(hours=2))
    run_worker()
    assert {check.url: check.ok for check in LinkCheck.objects.all()} == {
        f"{site}/ok": True, f"{site}/missing": False, f"{site}/moved": True
    }  # fmt: skip
