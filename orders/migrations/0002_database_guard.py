from django.conf import settings
from django.db import migrations

from morpheus.rls_sql import disable_rls_sql, enable_rls_sql, owned_by_customer, owned_through
from orders.sql import DROP_GUARD_SQL, INSTALL_GUARD_TRIGGERS_SQL, status_guard_sql

RLS_TABLES = {
    "orders_order": owned_by_customer(),
    "orders_orderitem": owned_through("orders_order", "order_id"),
    "orders_orderevent": owned_through("orders_order", "order_id"),
    "orders_cart": owned_by_customer(),
    "orders_cartitem": owned_through("orders_cart", "cart_id"),
}


def revoke_history_rewrite(apps, schema_editor):
    role = schema_editor.quote_name(settings.DATABASE_APP_ROLE)
    schema_editor.execute(f"REVOKE UPDATE, DELETE ON orders_orderevent FROM {role}")


class Migration(migrations.Migration):
    dependencies = [("orders", "0001_initial"), ("morpheus", "0002_rls_functions")]
    operations = [
        migrations.RunSQL(status_guard_sql() + INSTALL_GUARD_TRIGGERS_SQL, DROP_GUARD_SQL),
        migrations.RunPython(revoke_history_rewrite, migrations.RunPython.noop),
        *(
            migrations.RunSQL(enable_rls_sql(table, rule), disable_rls_sql(table))
            for table, rule in RLS_TABLES.items()
        ),
    ]
