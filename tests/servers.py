"""Real servers for the fault tests: a throwaway PostgreSQL cluster and gunicorn app servers, run as subprocesses."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(database_url, **extra):
    """The environment of `make serve` on loopback: DEBUG off, HTTPS off, a throwaway secret key."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="gwangju_portal.settings",
        DJANGO_SECRET_KEY="fault-test-" + "x" * 50,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_HTTPS="0",
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_URL=database_url,
    )
    env.update(extra)
    return env


def manage(env, *args, timeout=600):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr[-3000:]}")
    return result.stdout


def get(url, headers=None, timeout=15):
    """(status, headers, body) of a GET, whatever the status."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def wait_until(condition, seconds, message):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(message)


class TemporaryPostgres:
    """A PostgreSQL cluster in a temporary directory that the test starts and stops itself."""

    def __init__(self, *settings):
        # Not under pytest's tmp_path: as root that is closed to the postgres user.
        self.directory = Path(tempfile.mkdtemp(prefix="gwangju-postgres-"))
        self.settings = settings  # extra server settings, "name=value"
        self.data = self.directory / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"
        # PostgreSQL refuses to run as root, so as root the cluster belongs to the postgres user.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def run(self, *command):
        result = subprocess.run([*self.as_user, *command], capture_output=True, text=True)
        if result.returncode:
            raise AssertionError(f"{command[0]} failed: {result.stdout}{result.stderr}")

    def create(self):
        if self.as_user:
            shutil.chown(self.directory, "postgres")
        self.run(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        return self

    def start(self, attempts=2):
        """Started and accepting connections. A restart is tried once more: on this busy machine a restarted
        standby has failed to come up once, and the server log then says why."""
        for attempt in range(1, attempts + 1):
            try:
                return self._start()
            except AssertionError as error:
                log = self.directory / "log"
                tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
                if attempt == attempts:
                    raise AssertionError(f"{error}\nserver log:\n{tail}") from None
                time.sleep(2)

    def _start(self):
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        options += "".join(f" -c {setting}" for setting in self.settings)
        self.run(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.directory / "log"),
            "-w",
            "-t",
            "180",  # a standby restarted on a busy 2-core machine can take over pg_ctl's default 60 s to accept
            "start",
        )

    def stop(self):
        self.run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self):
        if self.is_running():
            self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)

    def is_running(self):
        return (
            subprocess.run([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "status"], capture_output=True).returncode
            == 0
        )


class TemporaryStandby(TemporaryPostgres):
    """A hot standby of a TemporaryPostgres, made as docs/deploy.md says: `pg_basebackup -R`, then started."""

    def __init__(self, primary, *settings):
        super().__init__(*settings)
        self.primary = primary
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def create(self):
        if self.as_user:
            shutil.chown(self.directory, "postgres")
        self.run(
            str(PG_BIN / "pg_basebackup"),
            *("-h", "127.0.0.1", "-p", str(self.primary.port), "-U", "postgres"),
            *("-D", str(self.data), "-R", "-X", "stream", "--checkpoint=fast"),
        )
        return self

    def log_text(self):
        return (self.directory / "log").read_text(errors="replace")


class AppServer:
    """gunicorn with the project's gunicorn.conf.py on a port of its own, as `make serve` runs it."""

    def __init__(self, env, workers=1):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**env, "PORT": str(self.port), "WEB_CONCURRENCY": str(workers)}
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [str(GUNICORN), "--config", "gunicorn.conf.py", "--access-logfile", "/dev/null"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        wait_until(self.answers, 30, f"gunicorn on port {self.port} did not start")
        return self

    def answers(self):
        if self.process.poll() is not None:
            raise AssertionError(f"gunicorn exited: {self.process.stderr.read().decode()[-2000:]}")
        try:
            get(self.url + "/robots.txt", timeout=2)
        except OSError:
            return False
        return True

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
