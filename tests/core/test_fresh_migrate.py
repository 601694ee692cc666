"""`manage.py migrate` on a fresh database without Redis and before `createcachetable` works: a migration's saves
need no cache; the generation moves on once after migrating, where a cache table exists (ownership issue)."""

import uuid

import psycopg
import pytest
from django.db import connection

from tests.servers import manage, production_env

pytestmark = pytest.mark.django_db


def migrate_and_load(database_url):
    env = production_env(database_url, DJANGO_SINGLE_PROCESS="1")  # no REDIS_URL: the database cache
    output = manage(env, "migrate", "--no-input")
    assert "Traceback" not in output
    manage(env, "createcachetable")
    manage(env, "load_gwangju")  # a save with the cache table in place moves the generation as ever
    return manage(env, "shell", "-c", "from core.generation import content_generation; print(content_generation())")


@pytest.mark.database_independent
def test_migrate_on_a_fresh_sqlite_database_without_a_cache_table(tmp_path):
    generation = migrate_and_load(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    assert int(generation.strip().splitlines()[-1]) > 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="runs in the PostgreSQL pass of CI")
def test_migrate_on_a_fresh_postgresql_database_without_a_cache_table():
    params = connection.get_connection_params()
    server = f"postgres://{params['user']}@{params.get('host') or '127.0.0.1'}:{params.get('port') or 5432}"
    name = f"gwangju_fresh_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        generation = migrate_and_load(f"{server}/{name}")
        assert int(generation.strip().splitlines()[-1]) > 0
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
