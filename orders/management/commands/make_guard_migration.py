"""Write an orders migration that installs the database guard of the current transition table."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from orders.sql import latest_guard_migration, status_guard_sql

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"

TEMPLATE = '''"""Reinstall the database guard for the current transition table.

Written by `python manage.py make_guard_migration`.
"""

from django.db import migrations

STATUS_GUARD_SQL = """{sql}"""

PREVIOUS_STATUS_GUARD_SQL = """{previous_sql}"""


class Migration(migrations.Migration):
    dependencies = [("orders", "{dependency}")]
    operations = [migrations.RunSQL(STATUS_GUARD_SQL, PREVIOUS_STATUS_GUARD_SQL)]
'''


def guard_migration_source(*, dependency: str, sql: str, previous_sql: str) -> str:
    """A migration module holding `sql` literally, reversed by `previous_sql`."""
    for text in (sql, previous_sql):
        if '"""' in text or "\\" in text:
            raise CommandError("The guard's SQL cannot be held in a plain triple-quoted string.")
    return TEMPLATE.format(dependency=dependency, sql=sql, previous_sql=previous_sql)


class Command(BaseCommand):
    help = "Write a migration installing the status guard generated from orders/transitions.py."

    def handle(self, *args, **options) -> None:
        guard_name, previous_sql = latest_guard_migration()
        sql = status_guard_sql()
        if sql == previous_sql:
            raise CommandError(f"{guard_name} already installs the current transition table.")
        latest = max(path.stem for path in MIGRATIONS.glob("0*.py"))
        path = MIGRATIONS / f"{int(latest[:4]) + 1:04d}_status_guard.py"
        path.write_text(
            guard_migration_source(dependency=latest, sql=sql, previous_sql=previous_sql)
        )
        self.stdout.write(f"Wrote {path.relative_to(MIGRATIONS.parents[1])}.")
