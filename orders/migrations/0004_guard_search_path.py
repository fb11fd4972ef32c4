"""Reinstall the guard's functions with a fixed search path and schema-qualified names:
before, a temporary table named `orders_orderevent` captured the history rows."""

from django.db import migrations

from orders.sql import HISTORY_GUARD_FUNCTION_SQL, status_guard_sql


class Migration(migrations.Migration):
    dependencies = [("orders", "0003_admin_list_indexes")]
    operations = [
        migrations.RunSQL(status_guard_sql() + HISTORY_GUARD_FUNCTION_SQL, migrations.RunSQL.noop)
    ]
