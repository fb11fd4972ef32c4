"""What the test harness assumes of itself (morpheus_testing)."""

import psycopg
import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.management import call_command
from django.db import models
from django.db.migrations.autodetector import MigrationAutodetector
from django.db.migrations.graph import MigrationGraph
from django.db.migrations.questioner import MigrationQuestioner

from morpheus_testing import djstripe_schema, pytest_plugin
from morpheus_testing.factories import UserFactory, create_order
from morpheus_testing.fixtures import TEST_DATABASE


def test_test_passwords_are_productions_pbkdf2_at_one_iteration_which_production_verifies(db):
    user = UserFactory()
    algorithm, iterations, _salt, _hash = user.password.split("$")
    assert (algorithm, iterations) == ("pbkdf2_sha256", "1")
    production = PBKDF2PasswordHasher()
    assert production.verify("correct-horse-battery", user.password)
    assert not production.verify("correct-horse-battery!", user.password)


def test_tests_without_a_database_run_first(request):
    uses_database = [pytest_plugin.uses_database(item) for item in request.session.items]

    assert uses_database == sorted(uses_database)
    assert not pytest_plugin.uses_database(request.node)


def _changes(from_state, to_state) -> dict:
    """What a migration after `from_state` would do to reach `to_state`, by app."""
    questioner = MigrationQuestioner(specified_apps={"djstripe"})
    return MigrationAutodetector(from_state, to_state, questioner).changes(graph=MigrationGraph())


def test_the_test_databases_djstripe_schema_is_the_one_djstripes_migrations_build():
    """Fails after a dj-stripe upgrade until `python -m morpheus_testing.djstripe_schema`."""
    real = djstripe_schema.djstripe_state(None)
    squashed = djstripe_schema.djstripe_state(djstripe_schema.MODULE)

    assert set(squashed.models) == set(real.models)
    assert _changes(squashed, real) == {}


def test_the_schema_check_sees_a_field_djstripes_migrations_do_not_build():
    real = djstripe_schema.djstripe_state(None)
    squashed = djstripe_schema.djstripe_state(djstripe_schema.MODULE)
    squashed.models["djstripe", "customer"].fields["nickname"] = models.TextField()

    changes = _changes(squashed, real)

    assert [op.describe() for op in changes["djstripe"][0].operations] == [
        "Remove field nickname from customer"
    ]


def _rows(database_urls, table: str) -> int:
    with psycopg.connect(database_urls["admin"], dbname=TEST_DATABASE) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608


@pytest.mark.django_db(transaction=True)
def test_a_flush_empties_what_a_test_wrote_and_keeps_what_the_migrations_created(database_urls):
    create_order()
    written = ("orders_order", "orders_orderitem", "orders_orderevent", "procrastinate_jobs")
    assert all(_rows(database_urls, table) for table in written)
    groups = _rows(database_urls, "auth_group")

    call_command("flush", interactive=False, verbosity=0)

    assert [_rows(database_urls, table) for table in written] == [0, 0, 0, 0]
    assert _rows(database_urls, "auth_group") == groups > 0
