from django.db import migrations

from morpheus.rls_sql import disable_rls_sql, enable_rls_sql, owned_by_customer, owned_through

RLS_TABLES = {
    "payments_payment": owned_through("orders_order", "order_id"),
    "payments_refund": owned_through("orders_order", "order_id"),
    "payments_stripecustomer": owned_by_customer("user_id"),
}


class Migration(migrations.Migration):
    dependencies = [("payments", "0001_initial"), ("orders", "0002_database_guard")]
    operations = [
        migrations.RunSQL(enable_rls_sql(table, rule), disable_rls_sql(table))
        for table, rule in RLS_TABLES.items()
    ]
