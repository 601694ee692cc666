"""Settings for the Gwangju AI & Start-up Portal.

One file, driven by environment variables. The strict helpers below refuse a
malformed value with ImproperlyConfigured instead of guessing. DEBUG is off
unless DJANGO_DEBUG asks for it.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name, default=None):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip()


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}.")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}.") from None


def env_list(name, default=()):
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string "
            "(or set DJANGO_DEBUG=1 for local development)."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DJANGO_DEBUG"


def env_site_url(name, default):
    """The portal's own address: scheme and host (and port), nothing after them."""
    value = env_str(name) or default
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/") or parts.query:
        raise ImproperlyConfigured(
            f"{name} must be like https://portal.example.kr (scheme and host only); got {value!r}."
        )
    return f"{parts.scheme}://{parts.netloc}"


# Every absolute URL (feeds, calendars, sitemaps, canonical links, open data, emails) starts with this.
SITE_URL = env_site_url("DJANGO_SITE_URL", "http://127.0.0.1:8000")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms.
    "modeltranslation",
    "gwangju_portal.apps.PortalAdminConfig",  # django.contrib.admin with the portal's admin site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "simple_history",
    "import_export",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "core",
    "gwangju_portal",
    "partners",
    "programs",
    "api",
    "alerts",
    "registrations",
    "applications",
    "imports",
    "axes",  # last, as its documentation asks
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A cached page is kept with the headers the middleware below gave it (its policies are the same for every
    # request: no nonce), so that a hit is answered before them. Static files pass it untouched.
    "core.page_cache.AnonymousPageCacheMiddleware",
    # Static files next, as WhiteNoise's documentation asks: they need none of what follows.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.security.PermissionsPolicyMiddleware",
    # Inside the page cache: a cached page is kept with its particles already chosen (core.korean).
    "core.korean.ParticleMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the reviewer area asks for a one-time code
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "core.errors.DatabaseUnavailableMiddleware",
    "axes.middleware.AxesMiddleware",
]


AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "gwangju_portal.urls"
WSGI_APPLICATION = "gwangju_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            # Django's own loaders, cached; plain-text templates leave out their lines of tags (core.template_loaders).
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    ["core.template_loaders.FilesystemLoader", "core.template_loaders.AppDirectoriesLoader"],
                )
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.language_links",
                "core.context_processors.generation",
                "core.context_processors.site_url",
            ],
        },
    },
]


# Database: SQLite by default, PostgreSQL when DATABASE_URL says so; optionally a read replica for public pages.
def database_from_url(variable, url):
    try:
        database = dj_database_url.parse(url)
    except ValueError as error:
        raise ImproperlyConfigured(f"{variable} is not a valid database URL: {error}") from None
    if database["ENGINE"] == "django.db.backends.postgresql":
        # Django's own psycopg connection pool; a pooled connection must not be persistent.
        database["CONN_MAX_AGE"] = 0
        database.setdefault("OPTIONS", {})["pool"] = {
            "min_size": env_int("DATABASE_POOL_MIN", 1),
            "max_size": env_int("DATABASE_POOL_MAX", 10),
            "timeout": env_int("DATABASE_POOL_TIMEOUT", 5),
        }
        # Each pooled connection is checked before use, so one broken by a restart is replaced, not handed out.
        database["CONN_HEALTH_CHECKS"] = True
    elif database["ENGINE"] == "django.db.backends.sqlite3":
        # The web server, the background worker and the scheduler share the file (`make run`): readers never wait
        # for a writer (WAL), and a writer takes the lock when its transaction starts and waits for it, rather than
        # failing when a read turns into a write.
        database.setdefault("OPTIONS", {}).update(
            transaction_mode="IMMEDIATE", timeout=20, init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"
        )
    return database


DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {"default": database_from_url("DATABASE_URL", DATABASE_URL)}
# Read replicas (PostgreSQL standbys): comma-separated in DATABASE_REPLICA_URLS, or one in DATABASE_REPLICA_URL.
DATABASE_REPLICAS = []
REPLICA_VARIABLE = "DATABASE_REPLICA_URLS" if env_list("DATABASE_REPLICA_URLS") else "DATABASE_REPLICA_URL"
for number, url in enumerate(env_list(REPLICA_VARIABLE), start=1):
    alias = "replica" if number == 1 else f"replica_{number}"
    replica = database_from_url(REPLICA_VARIABLE, url)
    # No pool: a stopped replica must fail at once, not after the pool's wait; core.replica then leaves it alone.
    replica.setdefault("OPTIONS", {}).pop("pool", None)
    if replica["ENGINE"] == "django.db.backends.postgresql":
        replica["OPTIONS"]["connect_timeout"] = 2
    replica["CONN_MAX_AGE"] = 60
    DATABASES[alias] = {**replica, "TEST": {"MIRROR": "default"}}
    DATABASE_REPLICAS.append(alias)
# Above this many seconds behind the primary, a replica is skipped until it catches up.
DATABASE_REPLICA_MAX_LAG = env_int("DATABASE_REPLICA_MAX_LAG", 5)
if DATABASE_REPLICAS:
    DATABASE_ROUTERS = ["core.replica.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"), "core.replica.ReplicaMiddleware"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The apps whose records are public content: their changes renew cached pages (core.generation) and their reads may
# go to a replica (core.replica). Sessions, users, logs and suggestions are not content.
CONTENT_APPS = {"partners", "programs"}
# The institutes partner editors edit for (its `editors` relation names them), as AUTH_USER_MODEL names the users.
INSTITUTE_MODEL = "partners.Partner"

# Every process of one installation must agree on the content generation and the rate limits: Redis when several
# processes serve (checked by `check --deploy` and gunicorn.conf.py), otherwise Django's database cache (never a
# per-process cache). DJANGO_SINGLE_PROCESS=1 says that one process serves, as under `make run`.
REDIS_URL = env_str("REDIS_URL")
SINGLE_PROCESS = env_bool("DJANGO_SINGLE_PROCESS", False)
# The weekly link check (manage.py check_links) reaches other sites: on only where asked (production).
LINK_CHECKS_ENABLED = env_bool("DJANGO_LINK_CHECKS", False)
# Two aliases: "default" holds pages and fragments, which may be evicted; "counters" holds the rate limits and the
# content generation, which a visitor's traffic must never evict (core.cache.CounterDatabaseCache culls only expired
# entries). On Redis both share the server: give it memory enough, or a maxmemory-policy that evicts no keys
# (docs/deploy.md). The database cache keeps at most DJANGO_CACHE_MAX_ENTRIES pages and fragments.
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "core.cache.PortalRedisCache", "LOCATION": REDIS_URL},
        "counters": {"BACKEND": "core.cache.PortalRedisCache", "LOCATION": REDIS_URL, "TIMEOUT": None},
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
            "OPTIONS": {"MAX_ENTRIES": env_int("DJANGO_CACHE_MAX_ENTRIES", 5000)},
        },
        "counters": {
            "BACKEND": "core.cache.CounterDatabaseCache",
            "LOCATION": "portal_counters",
            "TIMEOUT": None,
            "OPTIONS": {"MAX_ENTRIES": 1000},  # past this many, expired counters are deleted
        },
    }

# Background work (core.schedule, core.mail): tasks wait in the database until `manage.py db_worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Email goes out over SMTP with these settings. Without a host, on one process (`make run`) or in DEBUG, each message
# is written as an .eml file to DJANGO_EMAIL_FOLDER instead, so nothing leaves the machine.
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 30
# A message still "sending" after this long was being handed over by a worker that died: it is sent again.
EMAIL_SENDING_LEASE_SECONDS = env_int("DJANGO_EMAIL_SENDING_LEASE_SECONDS", 600)
# A message still queued this long after it was due lost its task: it is enqueued again.
EMAIL_STALLED_AFTER_SECONDS = env_int("DJANGO_EMAIL_STALLED_AFTER_SECONDS", 900)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL") or "Gwangju AI & Start-up Portal <noreply@localhost>"
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_FOLDER = Path(env_str("DJANGO_EMAIL_FOLDER") or BASE_DIR / "sent-email")
if EMAIL_HOST or not (DEBUG or SINGLE_PROCESS):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = EMAIL_HOST or "localhost"
else:
    EMAIL_BACKEND = "core.email_folder.EmailFolderBackend"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Korean first, at the root; English under /en/.
LANGUAGE_CODE = "ko"
# Each language is named in itself, as the switcher shows it.
LANGUAGES = [("ko", "한국어"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
FORMAT_MODULE_PATH = ["gwangju_portal.formats"]
TIME_ZONE = "Asia/Seoul"
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "ko"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("ko",)

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT") or BASE_DIR / "media")
# Institutes' logos are public files; the app serves them itself on one machine (docs/deploy.md has nginx do it on
# many). Attachments are never served from here: their views check that the program is public.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", DEBUG or SINGLE_PROCESS)
PUBLIC_MEDIA_FOLDER = "partners/logos"
# Files nobody may fetch by address (a partner editor's proposed logo or attachment until a city editor approves
# it): a folder outside MEDIA_ROOT here; an S3-compatible bucket without public access on several servers.
PRIVATE_MEDIA_ROOT = Path(env_str("DJANGO_PRIVATE_MEDIA_ROOT") or BASE_DIR / "private-media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": PRIVATE_MEDIA_ROOT}},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# URLs typed without a scheme are taken as https (Django 6's default).
FORMS_URLFIELD_ASSUME_HTTPS = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOGIN_URL = "admin:login"

# Admin login protection: a username and address pair is locked for 15 minutes after 5 failures, never for good.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "core.security.client_ip"
AXES_SENSITIVE_PARAMETERS = []  # the security log names the account and address locked (never the password)

# Bulk import: a dry run first; an import is one transaction, so a file with any bad row writes nothing.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# Public suggestions at /suggest/: at most this many an hour from one address, counted in the shared cache.
SUGGESTIONS_PER_HOUR = env_int("SUGGESTIONS_PER_HOUR", 5)

# Alerts (alerts/): requests from one visitor's address an hour, and confirmation emails to one address an hour.
ALERT_REQUESTS_PER_HOUR = env_int("ALERT_REQUESTS_PER_HOUR", 10)
ALERT_CONFIRMATIONS_PER_ADDRESS_PER_HOUR = env_int("ALERT_CONFIRMATIONS_PER_ADDRESS_PER_HOUR", 3)

# Registration for events on the portal (registrations/): registrations from one visitor's address an hour, and
# messages an hour to an address that registers again; an offered seat's claim window; personal data kept this long
# after the event ends or the registration is cancelled (shared/DECISIONS.md: 30 days), then only counts remain.
REGISTRATIONS_PER_IP_PER_HOUR = env_int("REGISTRATIONS_PER_IP_PER_HOUR", 20)
REGISTRATIONS_PER_ADDRESS_PER_HOUR = env_int("REGISTRATIONS_PER_ADDRESS_PER_HOUR", 3)
REGISTRATION_CLAIM_HOURS = env_int("REGISTRATION_CLAIM_HOURS", 24)
REGISTRATION_RETENTION_DAYS = env_int("REGISTRATION_RETENTION_DAYS", 30)

# Applying on the portal (applications/): link requests from one visitor an hour, and for one address and round;
# limits on uploaded files, per file and per application (their type is checked by content, core.attachments).
APPLICATION_LINKS_PER_IP_PER_HOUR = env_int("APPLICATION_LINKS_PER_IP_PER_HOUR", 20)
APPLICATION_LINKS_PER_ADDRESS_PER_HOUR = env_int("APPLICATION_LINKS_PER_ADDRESS_PER_HOUR", 3)
# Uploads above this size stream to a temporary file as they arrive: no process holds a whole application file.
FILE_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
APPLICATION_FILE_MAX_BYTES = env_int("APPLICATION_FILE_MAX_BYTES", 20 * 1024 * 1024)
APPLICATION_TOTAL_MAX_BYTES = env_int("APPLICATION_TOTAL_MAX_BYTES", 50 * 1024 * 1024)
# National notices (imports/): each source's key from the environment, never the repository; without a key the
# source is skipped with a line in the log. Calls a day per source, and how long one call may take.
KSTARTUP_SERVICE_KEY = env_str("KSTARTUP_SERVICE_KEY")
BIZINFO_API_KEY = env_str("BIZINFO_API_KEY")
NOTICE_DAILY_CALLS = env_int("NOTICE_DAILY_CALLS", 1000)
NOTICE_TIMEOUT_SECONDS = env_int("NOTICE_TIMEOUT_SECONDS", 15)

# After a round's results: the days an applicant has to appeal (이의신청) from their link.
APPEAL_DAYS = env_int("APPLICATION_APPEAL_DAYS", 7)

# The public API (api/, docs at /api/): read-only, no credentials, open to every origin, limited per address.
API_REQUESTS_PER_MINUTE = env_int("API_REQUESTS_PER_MINUTE", 120)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.problem_exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Gwangju AI & Start-up Portal API",
    "DESCRIPTION": (
        "Published support programs, events, partner institutes and cooperation agreements of Gwangju's AI and "
        "start-up ecosystem, in Korean and English. No key needed. Documentation: " + SITE_URL + "/api/"
    ),
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVERS": [{"url": SITE_URL}],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every status, header and parameter rule as the server applies them (api/schema.py).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.complete_description"],
}
CORS_URLS_REGEX = r"^/api/v1/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL") or "INFO"},
}

# Security. Served over HTTPS unless told otherwise (DJANGO_HTTPS=0, e.g. for a local production-like run).
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", HTTPS)
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
if BEHIND_PROXY:
    # The reverse proxy terminates TLS and says so in this header (docs/deploy.md).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere, and nothing from another origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"

# How many days before its close an open application counts as "closing soon".
CLOSING_SOON_DAYS = 7
# "Youth" in Korean start-up programs: the age range most of them use (programs/eligibility.py).
YOUTH_AGES = (19, 39)
