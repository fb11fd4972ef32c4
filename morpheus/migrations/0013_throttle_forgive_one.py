"""A successful sign-in takes its own request off its address's sign-in count
(morpheus/throttles.py, `sign_in_clears_failures`): the address's limit counts the wrong
passwords sent from it, not the customers of one network (a mobile carrier's shared address,
an office) signing in.

Like the other throttle functions: SECURITY DEFINER, owned by the tables' owner, a fixed
search_path; the app role may only execute it.
"""

from django.conf import settings
from django.db import migrations

FUNCTION_SQL = """
CREATE FUNCTION public.morpheus_throttle_forgive_one(p_bucket text) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
  UPDATE public.morpheus_throttlebucket SET hits = greatest(hits - 1, 0)
  WHERE bucket = p_bucket
$$;

REVOKE ALL ON FUNCTION public.morpheus_throttle_forgive_one(text) FROM PUBLIC;
"""

DROP_FUNCTION_SQL = "DROP FUNCTION IF EXISTS public.morpheus_throttle_forgive_one(text);"


def grant(apps, schema_editor):
    role = schema_editor.quote_name(settings.DATABASE_APP_ROLE)
    schema_editor.execute(
        f"GRANT EXECUTE ON FUNCTION public.morpheus_throttle_forgive_one(text) TO {role}"
    )


class Migration(migrations.Migration):
    dependencies = [("morpheus", "0012_throttle_reset")]

    operations = [
        migrations.RunSQL(FUNCTION_SQL, DROP_FUNCTION_SQL),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
