from django.db import migrations

from morpheus.rls_sql import disable_rls_sql, enable_rls_sql, owned_by_customer

TABLE = "api_apitoken"


class Migration(migrations.Migration):
    dependencies = [("api", "0001_api_tokens"), ("morpheus", "0002_rls_functions")]
    operations = [
        migrations.RunSQL(
            enable_rls_sql(TABLE, owned_by_customer("user_id")), disable_rls_sql(TABLE)
        ),
    ]
