"""The deadline rush of applications on the portal, against `make serve` (with its worker) on PostgreSQL and Redis.

    .venv/bin/python benchmarks/applications.py [--applicants 2000] [--rush 200] [--clients 8]

Makes a fresh database (APPLICATIONS_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/gwangju_applications)
with one open round whose form has 15 questions (13 answers in three sections, two PDF uploads), and a draft with
its answers for each applicant. Then, over HTTP, as the last hour before a deadline would bring them (compressed:
`--clients` at a time): every applicant uploads two 2 MB files and all but the last `--rush` submit. The deadline is
then set a few seconds ahead; the last `--rush` applicants submit within the same 5 seconds just before it, and a
few resubmissions arrive just after it. Each web process's memory (USS) is sampled all along. Reports errors,
stored submissions, whether every stored time is before the deadline and every late one was refused, the p95 of a
submission, and the peak memory per web process. Writes benchmarks/results/applications.json. Uploads go to a
temporary private-media folder, removed at the end.
"""

import argparse
import contextlib
import json
import os
import platform
import random
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import redis
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.alerts import memory_mb  # noqa: E402
from benchmarks.load import serve  # noqa: E402
from tests.rush import percentile  # noqa: E402
from tests.servers import free_port, manage, production_env  # noqa: E402

DATABASE_URL = os.environ.get("APPLICATIONS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/gwangju_applications")
REDIS_URL = os.environ.get("APPLICATIONS_REDIS_URL", "redis://127.0.0.1:6379/12")
FILE_BYTES = 2 * 1024 * 1024
P95_TARGET_SECONDS, MEMORY_TARGET_MB = 1.0, 300
LATE = 10  # resubmissions that arrive after the deadline: each must be refused

PREPARE = """
import json
from django.utils import timezone
from applications.models import Application, ApplicationForm, Question, QuestionKind
from applications.tokens import token_of
from tests.factories import ProgramFactory

program = ProgramFactory(slug="rush-round", title_ko="마감 직전 지원사업 (샘플)")
form = ApplicationForm.objects.create(program=program, accepting=True)
kinds = [QuestionKind.SHORT_TEXT] * 4 + [QuestionKind.LONG_TEXT] * 4 + [QuestionKind.NUMBER] * 2
kinds += [QuestionKind.DATE, QuestionKind.CHOICE, QuestionKind.YES_NO]
answers_by_kind = {
    QuestionKind.SHORT_TEXT: "광주 AI 실증", QuestionKind.LONG_TEXT: "사업 개요 " * 80, QuestionKind.NUMBER: "12",
    QuestionKind.DATE: "2026-03-02", QuestionKind.CHOICE: "AI", QuestionKind.YES_NO: "yes",
}
answers = {}
for position, kind in enumerate(kinds, start=1):
    question = Question.objects.create(
        form=form, position=position, section_ko=f"항목 {(position - 1) // 5 + 1}", kind=kind,
        label_ko=f"질문 {position}", choices_ko="AI\\n데이터",
        max_length=2000 if kind == QuestionKind.LONG_TEXT else None,
    )
    answers[str(question.pk)] = answers_by_kind[kind]
files = [
    Question.objects.create(
        form=form, position=20 + number, section_ko="제출 서류", kind=QuestionKind.FILE, label_ko=f"서류 {number}",
        file_types="pdf",
    ).pk
    for number in (1, 2)
]
Application.objects.bulk_create(
    Application(
        form=form, email=f"applicant{number}@example.com", name=f"신청인 {number}", phone="010-0000-0000",
        organisation="(주)샘플", stage="pre_founder", consented_at=timezone.now(), answers=answers,
    )
    for number in range(APPLICANTS)
)
tokens = [token_of(application) for application in Application.objects.order_by("pk")]
print(json.dumps({"tokens": tokens, "files": files, "file_section": 4}))  # after three sections of answers
"""

DEADLINE = """
from datetime import timedelta
from django.utils import timezone
from programs.models import Program
program = Program.objects.get(slug="rush-round")
program.application_closes_at = timezone.now() + timedelta(seconds=SECONDS)
program.save()
print(program.application_closes_at.isoformat())
"""

STORED = """
import json
from applications.models import Application, Submission
from programs.models import Program
closes = Program.objects.get(slug="rush-round").application_closes_at
print(json.dumps({
    "submitted": Application.objects.filter(version__gt=0).count(),
    "submissions": Submission.objects.count(),
    "after_deadline": Submission.objects.filter(submitted_at__gte=closes).count(),
    "files": Application.objects.filter(files__isnull=False).distinct().count(),
}))
"""


def prepare_database(applicants):
    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    env = production_env(DATABASE_URL, REDIS_URL=REDIS_URL)
    manage(env, "migrate", "--no-input")
    printed = manage(env, "shell", "-c", PREPARE.replace("APPLICANTS", str(applicants)))
    with psycopg.connect(DATABASE_URL, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
    return json.loads(printed.strip().splitlines()[-1])


def csrf(session, url):
    """The page's CSRF token (and its cookie, kept by the session)."""
    page = session.get(url, timeout=60)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


class Applicant:
    def __init__(self, base, token, number):
        self.session = requests.Session()
        self.link = f"{base}/apply/{token}/"
        self.number = number

    def upload(self, prepared, block):
        """Both files in one post of the files' section, each a PDF of its own."""
        url = f"{self.link}section/{prepared['file_section']}/"
        token = csrf(self.session, url)
        files = {
            f"q{question}": (f"서류{index}.pdf", b"%PDF-1.7\n%" + f"{self.number}-{index}\n".encode() + block)
            for index, question in enumerate(prepared["files"])
        }
        answer = self.session.post(
            url, data={"csrfmiddlewaretoken": token, "next": "0"}, files=files, headers={"Referer": url}, timeout=120
        )
        return answer.status_code == 200 and "is-invalid" not in answer.text

    def ready_to_submit(self):
        self.token = csrf(self.session, self.link)

    def submit(self):
        """(status, seconds) of the submission's POST (a redirect to the receipt is a success)."""
        sent = time.monotonic()
        answer = self.session.post(
            f"{self.link}submit/",
            data={"csrfmiddlewaretoken": self.token},
            headers={"Referer": self.link},
            allow_redirects=False,
            timeout=120,
        )
        return answer.status_code, time.monotonic() - sent


def web_processes(group):
    """The gunicorn processes of `make serve`'s process group (the master and its workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[2]) == group and b"gunicorn" in cmdline:
            found.append(int(entry.name))
    return found


def sample_memory(group, peaks, stop):
    while not stop.is_set():
        for pid in web_processes(group):
            with contextlib.suppress(OSError, KeyError):  # a process that just ended
                peaks[pid] = max(peaks.get(pid, 0), memory_mb(pid)[1])
        stop.wait(0.5)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applicants", type=int, default=2000)
    parser.add_argument("--rush", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    options = parser.parse_args()
    prepared = prepare_database(options.applicants)
    redis.Redis.from_url(REDIS_URL).flushdb()
    private = tempfile.mkdtemp(prefix="applications-benchmark-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = serve(port, database_url=DATABASE_URL, redis_url=REDIS_URL, DJANGO_PRIVATE_MEDIA_ROOT=private)
    peaks, stop = {}, threading.Event()
    sampler = threading.Thread(target=sample_memory, args=(server.pid, peaks, stop), daemon=True)
    sampler.start()
    block = random.randbytes(FILE_BYTES - 32)
    applicants = [Applicant(base, token, number) for number, token in enumerate(prepared["tokens"])]
    early, rush = applicants[: -options.rush], applicants[-options.rush :]
    env = production_env(DATABASE_URL, REDIS_URL=REDIS_URL)
    try:
        started = time.monotonic()

        def upload_and_submit(applicant):
            uploaded = applicant.upload(prepared, block)
            if applicant in rush_set:
                applicant.ready_to_submit()
                return uploaded, None
            applicant.ready_to_submit()
            return uploaded, applicant.submit()

        rush_set = set(rush)
        with ThreadPoolExecutor(options.clients) as pool:
            hour = list(pool.map(upload_and_submit, applicants))
        hour_seconds = time.monotonic() - started
        lead = 12
        printed = manage(env, "shell", "-c", DEADLINE.replace("SECONDS", str(lead)))
        closes = datetime.fromisoformat(printed.strip().splitlines()[-1])
        until_rush = closes.timestamp() - time.time() - 6  # the 5-second window ends a second before the deadline

        time.sleep(max(until_rush, 0))
        offsets = sorted(random.uniform(0, 5) for _ in rush)
        window_start = time.monotonic()

        def in_window(pair):
            applicant, offset = pair
            time.sleep(max(0.0, window_start + offset - time.monotonic()))
            return applicant.submit()

        with ThreadPoolExecutor(len(rush)) as pool:
            rushed = list(pool.map(in_window, zip(rush, offsets, strict=True)))
        time.sleep(max(0.0, closes.timestamp() - time.time() + 1))
        late = []
        for applicant in early[:LATE]:  # their page from before the deadline, still open in the browser
            late.append(applicant.submit())
    finally:
        stop.set()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    stored = json.loads(manage(env, "shell", "-c", STORED).strip().splitlines()[-1])
    shutil.rmtree(private, ignore_errors=True)
    submissions = [answer for _, answer in hour if answer] + rushed
    upload_failures = sum(1 for uploaded, _ in hour if not uploaded)
    submit_errors = sum(1 for status, _ in submissions if status != 302)
    rush_seconds = [seconds for _, seconds in rushed]
    result = {
        "measured_at": datetime.now().isoformat(timespec="seconds"),
        "machine": f"{platform.node()} ({os.cpu_count()} cores)",
        "applicants": options.applicants,
        "questions": 15,
        "files_per_applicant": 2,
        "file_mb": FILE_BYTES / 1024 / 1024,
        "clients_before_the_rush": options.clients,
        "uploads_and_submissions_seconds": round(hour_seconds, 1),
        "upload_failures": upload_failures,
        "submission_errors": submit_errors,
        "submissions_p95_ms": round(percentile([seconds for _, seconds in submissions], 0.95) * 1000),
        "rush": options.rush,
        "rush_p50_ms": round(percentile(rush_seconds, 0.50) * 1000),
        "rush_p95_ms": round(percentile(rush_seconds, 0.95) * 1000),
        "rush_max_ms": round(max(rush_seconds) * 1000),
        "stored_applications": stored["submitted"],
        "lost_submissions": options.applicants - stored["submitted"],
        "stored_after_deadline": stored["after_deadline"],
        "late_refused": sum(1 for status, _ in late if status == 409),
        "late_sent": len(late),
        "web_process_uss_peak_mb": round(max(peaks.values())) if peaks else None,
        "web_processes_sampled": len(peaks),
    }
    print(json.dumps(result, indent=1))
    met = (
        not upload_failures
        and not submit_errors
        and not result["lost_submissions"]
        and not result["stored_after_deadline"]
        and result["late_refused"] == len(late)
        and result["rush_p95_ms"] < P95_TARGET_SECONDS * 1000
        and result["submissions_p95_ms"] < P95_TARGET_SECONDS * 1000
        and (result["web_process_uss_peak_mb"] or 0) < MEMORY_TARGET_MB
    )
    print(
        f"target: 0 errors, 0 lost, none stored after the deadline, p95 of a submission under {P95_TARGET_SECONDS} s, "
        f"under {MEMORY_TARGET_MB} MB per web process: {'met' if met else 'NOT met'}"
    )
    (ROOT / "benchmarks" / "results").mkdir(exist_ok=True)
    (ROOT / "benchmarks" / "results" / "applications.json").write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
