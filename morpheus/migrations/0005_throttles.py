"""Abuse-limit counters shared by every web process (morpheus/throttles.py).

The app role gets no privilege on the table, only EXECUTE on two SECURITY DEFINER functions
owned by the tables' owner, with a fixed search_path and schema-qualified names: one counts a
hit with a single INSERT ... ON CONFLICT ... DO UPDATE ... RETURNING (atomic under any
concurrency), the other deletes windows that ended. The caller passes the time, so the
window follows the application's clock.
"""

from django.conf import settings
from django.db import migrations, models

FUNCTIONS_SQL = """
CREATE FUNCTION public.morpheus_throttle_hit(p_bucket text, p_at timestamptz, p_window_seconds integer)
RETURNS TABLE (hits integer, window_ends_at timestamptz)
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
  INSERT INTO public.morpheus_throttlebucket AS b (bucket, hits, window_ends_at)
  VALUES (p_bucket, 1, p_at + make_interval(secs => p_window_seconds))
  ON CONFLICT (bucket) DO UPDATE SET
    hits = CASE WHEN b.window_ends_at <= p_at THEN 1 ELSE least(b.hits, 1000000000) + 1 END,
    window_ends_at = CASE WHEN b.window_ends_at <= p_at
                          THEN excluded.window_ends_at ELSE b.window_ends_at END
  RETURNING b.hits, b.window_ends_at
$$;

CREATE FUNCTION public.morpheus_throttle_purge(p_before timestamptz) RETURNS integer
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
  WITH gone AS (
    DELETE FROM public.morpheus_throttlebucket WHERE window_ends_at < p_before RETURNING 1
  )
  SELECT count(*)::integer FROM gone
$$;

REVOKE ALL ON FUNCTION public.morpheus_throttle_hit(text, timestamptz, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION public.morpheus_throttle_purge(timestamptz) FROM PUBLIC;
"""

DROP_FUNCTIONS_SQL = """
DROP FUNCTION IF EXISTS public.morpheus_throttle_purge(timestamptz);
DROP FUNCTION IF EXISTS public.morpheus_throttle_hit(text, timestamptz, integer);
"""


def grant(apps, schema_editor):
    role = schema_editor.quote_name(settings.DATABASE_APP_ROLE)
    for statement in (
        f"REVOKE ALL ON TABLE public.morpheus_throttlebucket FROM {role}",
        "GRANT EXECUTE ON FUNCTION public.morpheus_throttle_hit(text, timestamptz, integer) "
        f"TO {role}",
        f"GRANT EXECUTE ON FUNCTION public.morpheus_throttle_purge(timestamptz) TO {role}",
    ):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("morpheus", "0004_signed_context")]

    operations = [
        migrations.CreateModel(
            name="ThrottleBucket",
            fields=[
                ("bucket", models.CharField(max_length=128, primary_key=True, serialize=False)),
                ("hits", models.IntegerField()),
                ("window_ends_at", models.DateTimeField()),
            ],
        ),
        migrations.RunSQL(FUNCTIONS_SQL, DROP_FUNCTIONS_SQL),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
