"""Give the web app's role the privileges it needs on every table, now and later.

The app role owns nothing, is no superuser and has no BYPASSRLS; it must exist before
migrations run (see README, "Database roles"). This migration runs before our apps'
tables are created; tables that exist already are granted explicitly, later ones get the
default privileges. Tables that must stay append-only revoke what they must not allow.
"""

from django.conf import settings
from django.db import migrations


def grant(apps, schema_editor):
    role = schema_editor.quote_name(settings.DATABASE_APP_ROLE)
    for statement in (
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {role}",
    ):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    run_before = [
        ("contenttypes", "0001_initial"),
        ("auth", "0001_initial"),
        ("sessions", "0001_initial"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
