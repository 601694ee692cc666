"""A pg_dump of the portal restores into a fresh database with every record, search included (docs/deploy.md)."""

import shutil
import subprocess
import uuid

import psycopg
import pytest
from django.db import connection

from tests.factories import AgreementFactory, EventFactory, PartnerFactory, ProgramFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore are PostgreSQL's"),
]
TABLES = ["partners_partner", "partners_agreement", "programs_program", "programs_event"]


def command_line_options():
    params = connection.get_connection_params()
    return ["-h", params.get("host") or "127.0.0.1", "-p", str(params.get("port") or 5432), "-U", params["user"]]


def counts(cursor):
    result = {}
    for table in TABLES:
        cursor.execute(f"SELECT count(*) FROM {table}")
        result[table] = cursor.fetchone()[0]
    return result


def test_a_dump_restores_into_a_fresh_database_with_every_record(tmp_path):
    assert shutil.which("pg_dump") and shutil.which("pg_restore"), "install postgresql-client"
    partner = PartnerFactory(name_ko="광주테크노파크")
    ProgramFactory(organizer=partner, title_ko="창업 아카데미")
    EventFactory(organizer=partner)
    AgreementFactory(parties=[partner])
    with connection.cursor() as cursor:
        expected = counts(cursor)
    assert expected == dict.fromkeys(TABLES, 1)

    options = command_line_options()
    dump = tmp_path / "portal.dump"
    subprocess.run(
        ["pg_dump", *options, "--format=custom", f"--file={dump}", connection.settings_dict["NAME"]], check=True
    )
    restored = f"restore_{uuid.uuid4().hex[:8]}"
    subprocess.run(["createdb", *options, restored], check=True)
    try:
        subprocess.run(["pg_restore", *options, "--no-owner", f"--dbname={restored}", str(dump)], check=True)
        params = connection.get_connection_params()
        with psycopg.connect(host=params.get("host") or "127.0.0.1", port=params.get("port") or 5432,
                             user=params["user"], dbname=restored, autocommit=True) as restored_connection:  # fmt: skip
            cursor = restored_connection.cursor()
            assert counts(cursor) == expected
            search = "SELECT count(*) FROM programs_program WHERE search_vector @@ to_tsquery('simple', '''창업''')"
            cursor.execute(search)
            assert cursor.fetchone()[0] == 1  # the restored search vectors answer
    finally:
        subprocess.run(["dropdb", *command_line_options(), "--if-exists", restored], check=True)
