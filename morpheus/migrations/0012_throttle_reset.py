"""A successful sign-in clears the account's sign-in counter (morpheus/throttles.py,
`sign_in_clears_failures`): the limit counts wrong passwords since the last sign-in, not the
devices and tabs a customer signs in from, nor sign-ins sent at the same moment.

Like the other throttle functions: SECURITY DEFINER, owned by the tables' owner, a fixed
search_path; the app role may only execute it.
"""

from django.conf import settings
from django.db import migrations

FUNCTION_SQL = """
CREATE FUNCTION public.morpheus_throttle_reset(p_bucket text) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
  DELETE FROM public.morpheus_throttlebucket WHERE bucket = p_bucket
$$;

REVOKE ALL ON FUNCTION public.morpheus_throttle_reset(text) FROM PUBLIC;
"""

DROP_FUNCTION_SQL = "DROP FUNCTION IF EXISTS public.morpheus_throttle_reset(text);"


def grant(apps, schema_editor):
    role = schema_editor.quote_name(settings.DATABASE_APP_ROLE)
    schema_editor.execute(
        f"GRANT EXECUTE ON FUNCTION public.morpheus_throttle_reset(text) TO {role}"
    )


class Migration(migrations.Migration):
    dependencies = [("morpheus", "0011_queue_ids_from_sequences")]

    operations = [
        migrations.RunSQL(FUNCTION_SQL, DROP_FUNCTION_SQL),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
