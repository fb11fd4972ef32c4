"""A successful sign-in gives back its count against the account's sign-in limit
(morpheus/throttles.py, `sign_in_forgiven`): the limit counts wrong passwords, not devices.

Like the other throttle functions: SECURITY DEFINER, owned by the tables' owner, a fixed
search_path; the app role may only execute it. It takes one hit off the window still open,
never below zero.
"""

from django.conf import settings
from django.db import migrations

FUNCTION_SQL = """
CREATE FUNCTION public.morpheus_throttle_forgive(p_bucket text, p_at timestamptz) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
  UPDATE public.morpheus_throttlebucket SET hits = hits - 1
  WHERE bucket = p_bucket AND window_ends_at > p_at AND hits > 0
$$;

REVOKE ALL ON FUNCTION public.morpheus_throttle_forgive(text, timestamptz) FROM PUBLIC;
"""

DROP_FUNCTION_SQL = "DROP FUNCTION IF EXISTS public.morpheus_throttle_forgive(text, timestamptz);"


def grant(apps, schema_editor):
    role = schema_editor.quote_name(settings.DATABASE_APP_ROLE)
    schema_editor.execute(
        f"GRANT EXECUTE ON FUNCTION public.morpheus_throttle_forgive(text, timestamptz) TO {role}"
    )


class Migration(migrations.Migration):
    dependencies = [("morpheus", "0011_queue_ids_from_sequences")]

    operations = [
        migrations.RunSQL(FUNCTION_SQL, DROP_FUNCTION_SQL),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
