from django.conf import settings
from django.db import migrations

from morpheus.rls_sql import disable_rls_sql, enable_rls_sql, owned_through

RLS_TABLES = {
    "delivery_downloadlink": owned_through("orders_order", "order_id"),
    "delivery_downloadevent": owned_through("delivery_downloadlink", "link_id"),
}


def keep_download_history(apps, schema_editor):
    role = schema_editor.quote_name(settings.DATABASE_APP_ROLE)
    schema_editor.execute(f"REVOKE UPDATE, DELETE ON delivery_downloadevent FROM {role}")


class Migration(migrations.Migration):
    dependencies = [("delivery", "0001_download_links"), ("morpheus", "0002_rls_functions")]
    operations = [
        migrations.RunPython(keep_download_history, migrations.RunPython.noop),
        *(
            migrations.RunSQL(enable_rls_sql(table, rule), disable_rls_sql(table))
            for table, rule in RLS_TABLES.items()
        ),
    ]
