"""Migration 0026 fills Program.audience_tags for the programs already tagged. A file of its own: a transactional test
empties the database, and the suite runs such files after every other (tests/conftest.py)."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_column_of_programs_already_tagged():
    before, after = [("programs", "0025_notice_sources")], [("programs", "0026_audience_tags")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    partner = old.get_model("partners", "Partner").objects.create(slug="sample-institute", name_ko="샘플 기관")
    Category, Audience = old.get_model("programs", "Category"), old.get_model("programs", "Audience")
    category = Category.objects.get_or_create(slug="education", defaults={"name_ko": "교육"})[0]
    slugs = ("student", "youth", "researcher")  # youth follows from the rules: never in the column
    tags = [Audience.objects.get_or_create(slug=slug, defaults={"name_ko": slug})[0] for slug in slugs]
    Program = old.get_model("programs", "Program")
    tagged = Program.objects.create(slug="tagged", title_ko="샘플", category=category, organizer=partner)
    tagged.audiences.set(tags)
    Program.objects.create(slug="untagged", title_ko="샘플 2", category=category, organizer=partner)
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    filled = executor.loader.project_state(after).apps.get_model("programs", "Program").objects
    assert dict(filled.values_list("slug", "audience_tags")) == {"tagged": " researcher student ", "untagged": ""}
    call_command("migrate", verbosity=0)
