"""An optional read replica (DATABASE_REPLICA_URL): anonymous visitors read the catalogue from it; staff, sessions,
every write and every request that changes something use the primary, so editors always read what they saved."""

from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_primary_only = ContextVar("primary_only", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if model._meta.app_label in settings.CONTENT_APPS and not _primary_only.get():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, first, second, **hints):
        return True  # the replica holds the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class PrimaryForStaffMiddleware:
    """Requests with a session (staff) or that change something read from the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        primary = request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in request.COOKIES
        token = _primary_only.set(primary)
        try:
            return self.get_response(request)
        finally:
            _primary_only.reset(token)
