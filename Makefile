# Set-up and everyday commands. `make run` serves the portal; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
# Catalog work runs with DEBUG on; production settings come from the environment (docs/deploy.md).
DEV_ENV := DJANGO_DEBUG=1
# `make run` shows the real site: DEBUG off, plain HTTP on loopback, one process (so the database cache is the shared
# state), a secret key made once into a git-ignored file, absolute links to this port.
SECRET_KEY_FILE := .secret-key
RUN_ENV := DJANGO_DEBUG=0 DJANGO_HTTPS=0 DJANGO_SINGLE_PROCESS=1 DJANGO_SITE_URL=http://127.0.0.1:$(PORT) \
	DJANGO_SECRET_KEY="$$(cat $(SECRET_KEY_FILE))"

# The background worker (emails, link checks) and the scheduler of periodic jobs run beside the web server and stop
# with it. Use as a prefix of the command that serves, in the same environment.
WITH_BACKGROUND = $(MANAGE) db_worker --no-reload --no-startup-delay --interval 2 & worker=$$!; \
	$(MANAGE) run_schedule --loop 60 & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM;

.PHONY: run serve test lint check pytest css messages clean

run: $(VENV)/.runtime static/css/portal.css $(SECRET_KEY_FILE)
	$(RUN_ENV) $(MANAGE) createcachetable  # the database cache's tables (pages, and the counters kept apart)
	$(RUN_ENV) $(MANAGE) migrate --no-input
	$(RUN_ENV) $(MANAGE) collectstatic --no-input -v0
	$(RUN_ENV) $(MANAGE) load_gwangju
	$(RUN_ENV) $(MANAGE) seed_demo --if-empty --programs 60 --events 30
	$(RUN_ENV) $(MANAGE) seed_registrations
	$(if $(DJANGO_EMAIL_HOST),,@echo "No DJANGO_EMAIL_HOST: emails are written as .eml files to $(CURDIR)/sent-email/")
	export $(RUN_ENV) PORT=$(PORT); $(WITH_BACKGROUND) $(BIN)/gunicorn --config gunicorn.conf.py

$(SECRET_KEY_FILE):
	umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

# Production-like serving: the environment gives the settings (DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL,
# REDIS_URL, ...; see README). Static files are collected and served by WhiteNoise, compressed and hashed.
# A deployment warning stops it; benchmarks over plain HTTP on loopback (DJANGO_HTTPS=0) set DEPLOY_CHECK_LEVEL=ERROR.
DEPLOY_CHECK_LEVEL ?= WARNING
serve: $(VENV)/.runtime static/css/portal.css
	$(MANAGE) check --deploy --fail-level $(DEPLOY_CHECK_LEVEL)
	$(MANAGE) createcachetable  # used without REDIS_URL: the database cache's tables
	$(MANAGE) migrate --no-input
	$(MANAGE) collectstatic --no-input -v0
	$(WITH_BACKGROUND) $(BIN)/gunicorn --config gunicorn.conf.py

test: $(VENV)/.dev static/css/portal.css lint check pytest

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	DJANGO_SETTINGS_MODULE=tests.settings $(MANAGE) check_templates

check: $(VENV)/.dev
	DJANGO_SETTINGS_MODULE=tests.settings $(MANAGE) check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=tests.settings $(MANAGE) makemigrations --check --dry-run

# The suite runs on one process per core (pytest-xdist), each test file on one process: a file's servers and Redis
# database stay its own. PYTEST_WORKERS=0 runs it in this process.
PYTEST_WORKERS ?= 2
pytest: $(VENV)/.dev static/css/portal.css
	$(BIN)/pytest --numprocesses $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

static/css/portal.css: node_modules/.installed $(wildcard static/scss/*.scss)
	npm run --silent build

css: static/css/portal.css

# Refresh both message catalogs after changing user-facing strings, then translate the new Korean entries.
messages: $(VENV)/.dev
	$(DEV_ENV) $(MANAGE) makemessages -l ko -l en --no-obsolete --ignore=.venv --ignore=node_modules
	$(DEV_ENV) $(MANAGE) compilemessages --ignore=.venv --ignore=node_modules

clean:
	rm -rf $(VENV) node_modules static/css staticfiles
