from django.db import migrations

from morpheus.rls_sql import DROP_RLS_FUNCTIONS_SQL, RLS_FUNCTIONS_SQL


class Migration(migrations.Migration):
    dependencies = [("morpheus", "0001_app_role_privileges")]
    operations = [migrations.RunSQL(RLS_FUNCTIONS_SQL, DROP_RLS_FUNCTIONS_SQL)]
