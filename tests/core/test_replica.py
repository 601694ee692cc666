"""The optional read replica: anonymous reads of the catalogue go to it; staff, writes and other apps the primary."""

import json
import os
import subprocess
import sys

from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.test import RequestFactory

from core.replica import PrimaryForStaffMiddleware, ReplicaRouter
from partners.models import Partner
from programs.models import Program

router = ReplicaRouter()


def database_for_reads_during(request, model):
    seen = {}

    def view(request):
        seen["database"] = router.db_for_read(model)
        return HttpResponse()

    PrimaryForStaffMiddleware(view)(request)
    return seen["database"]


def test_anonymous_reads_of_the_catalogue_use_the_replica():
    request = RequestFactory().get("/programs/")
    assert database_for_reads_during(request, Program) == "replica"
    assert database_for_reads_during(request, Partner) == "replica"
    assert database_for_reads_during(request, User) is None  # sessions and accounts: the primary


def test_staff_and_changes_read_from_the_primary():
    staff = RequestFactory().get("/programs/", HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=abc")
    assert database_for_reads_during(staff, Program) is None
    assert database_for_reads_during(RequestFactory().post("/suggest/"), Program) is None
    assert router.db_for_write(Program) == "default"
    assert router.allow_migrate("replica", "programs") is False and router.allow_migrate("default", "programs")


def settings_with(**environment):
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "gwangju_portal.settings", **environment}
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'databases': sorted(s.DATABASES), 'routers': s.DATABASE_ROUTERS, "
        "'middleware': [m for m in s.MIDDLEWARE if 'replica' in m]}))"
    )
    return subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True)


def test_the_replica_is_configured_only_when_asked_for():
    secret = "x" * 50
    plain = json.loads(settings_with(DJANGO_SECRET_KEY=secret).stdout)
    assert plain == {"databases": ["default"], "routers": [], "middleware": []}
    replica_url = "postgres://reader@replica.internal:5432/portal"
    configured = json.loads(settings_with(DJANGO_SECRET_KEY=secret, DATABASE_REPLICA_URL=replica_url).stdout)
    assert configured["databases"] == ["default", "replica"]
    assert configured["routers"] == ["core.replica.ReplicaRouter"]
    assert configured["middleware"] == ["core.replica.PrimaryForStaffMiddleware"]
    broken = settings_with(DJANGO_SECRET_KEY=secret, DATABASE_REPLICA_URL="nonsense://")
    assert broken.returncode != 0 and "DATABASE_REPLICA_URL is not a valid database URL" in broken.stderr
