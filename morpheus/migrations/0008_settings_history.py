"""The settings history (`SettingChange`): staff's and the system's to read and append to,
nobody's to rewrite. The app role loses UPDATE and DELETE on it; a trigger refuses them to
every role, the owner too."""

import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from morpheus.rls_sql import SIGNED_SEES_ALL, disable_rls_sql, enable_rls_sql

TABLE = "morpheus_settingchange"

APPEND_ONLY_SQL = f"""
CREATE FUNCTION public.morpheus_reject_setting_change_rewrite() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % rejected', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'MO002';
END
$$;

CREATE TRIGGER setting_change_append_only
  BEFORE UPDATE OR DELETE ON public.{TABLE}
  FOR EACH ROW EXECUTE FUNCTION public.morpheus_reject_setting_change_rewrite();
"""

DROP_APPEND_ONLY_SQL = f"""
DROP TRIGGER IF EXISTS setting_change_append_only ON public.{TABLE};
DROP FUNCTION IF EXISTS public.morpheus_reject_setting_change_rewrite();
"""


def revoke_rewrite(apps, schema_editor):
    role = schema_editor.quote_name(settings.DATABASE_APP_ROLE)
    schema_editor.execute(f"REVOKE UPDATE, DELETE ON public.{TABLE} FROM {role}")


class Migration(migrations.Migration):
    dependencies = [("morpheus", "0007_clock_bounds")]

    operations = [
        migrations.CreateModel(
            name="SettingChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "model",
                    models.CharField(help_text='"app_label.model" of the setting.', max_length=100),
                ),
                ("object_id", models.CharField(max_length=64)),
                ("object_repr", models.CharField(max_length=200)),
                ("actor", models.CharField(max_length=200)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "changes",
                    models.JSONField(help_text="{field: [before, after]}; money as minor units."),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["model", "object_id", "created_at"],
                        name="morpheus_se_model_af5472_idx",
                    )
                ]
            },
        ),
        migrations.RunSQL(APPEND_ONLY_SQL, DROP_APPEND_ONLY_SQL),
        migrations.RunPython(revoke_rewrite, migrations.RunPython.noop),
        migrations.RunSQL(enable_rls_sql(TABLE, SIGNED_SEES_ALL), disable_rls_sql(TABLE)),
    ]
