"""Row-level security functions get a fixed search path (morpheus.rls_sql creates them with
it now; this sets it where 0002 ran before), and no role but the owner may create
temporary tables here (see morpheus.db_privileges)."""

from django.db import migrations

from morpheus.db_privileges import grant_temporary_sql, revoke_temporary_sql

FUNCTIONS = ("public.morpheus_sees_all()", "public.morpheus_is_current_customer(bigint)")
SEARCH_PATH = "pg_catalog, public, pg_temp"


def _current_database(schema_editor) -> str:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        return cursor.fetchone()[0]


def revoke_temporary(apps, schema_editor):
    database = _current_database(schema_editor)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(revoke_temporary_sql(database))


def grant_temporary(apps, schema_editor):
    database = _current_database(schema_editor)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(grant_temporary_sql(database))


class Migration(migrations.Migration):
    dependencies = [("morpheus", "0002_rls_functions")]
    operations = [
        *(
            migrations.RunSQL(
                f"ALTER FUNCTION {function} SET search_path = {SEARCH_PATH}",
                f"ALTER FUNCTION {function} RESET search_path",
            )
            for function in FUNCTIONS
        ),
        migrations.RunPython(revoke_temporary, grant_temporary),
    ]
