import psycopg
import pytest
from django.db import ProgrammingError, connection, transaction


@pytest.mark.django_db
def test_the_app_role_cannot_create_a_temporary_table():
    with (
        pytest.raises(ProgrammingError, match="permission denied"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("CREATE TEMP TABLE orders_orderevent (LIKE public.orders_orderevent)")


def test_the_migrations_revoke_temporary_on_the_database_they_migrate(database_urls):
    """Checked on the migrated template itself: test databases copied from it get the
    privilege revoked again by the test set-up (a copy starts with the defaults)."""
    with psycopg.connect(database_urls["admin"]) as conn:
        (app_may,) = conn.execute(
            "SELECT has_database_privilege('morpheus_app', %s, 'TEMPORARY')",
            [database_urls["template"]],
        ).fetchone()
    assert app_may is False
