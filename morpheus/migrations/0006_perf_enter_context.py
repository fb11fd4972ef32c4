"""A transaction's first row-level security scope in one statement (issue 13).

The context signs (scope, user id, backend pid, transaction start), and the app cannot know
the transaction's start before the transaction's first statement. So the first scope is
entered through `morpheus_enter_context`: the app proves it holds the key with an HMAC over
(scope, user id, backend pid), sent as a bound parameter (it never appears in the SQL text,
so `pg_stat_activity` does not show it and SQL cannot read it back), and the function, as
the key's owner, sets the context signed for this transaction. It returns the transaction's
start (for the app's later switches in the same transaction), the context it replaced and
the one now in force (empty when the proof does not verify: nothing is visible then).
"""

from django.conf import settings
from django.db import migrations

ENTER_CONTEXT_SQL = """
CREATE FUNCTION public.morpheus_enter_context(
  p_scope text, p_user_id bigint, p_proof text,
  OUT started_us bigint, OUT previous text, OUT context text
)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  k record;
BEGIN
  started_us := (pg_catalog.extract('epoch', pg_catalog.transaction_timestamp()) * 1000000)::bigint;
  previous := coalesce(pg_catalog.current_setting('morpheus.context', true), '');
  context := '';
  SELECT inner_pad, outer_pad INTO k FROM public.morpheus_rls_context_key WHERE id = 1;
  IF FOUND AND pg_catalog.encode(pg_catalog.sha256(k.outer_pad || pg_catalog.sha256(
       k.inner_pad || pg_catalog.convert_to('enter:' || p_scope || ':'
         || coalesce(p_user_id::text, '') || ':' || pg_catalog.pg_backend_pid(), 'UTF8'))),
       'hex') = p_proof THEN
    context := public.morpheus_sign_context(p_scope, p_user_id);
  END IF;
  PERFORM pg_catalog.set_config('morpheus.context', context, true);
END
$$;
REVOKE ALL ON FUNCTION public.morpheus_enter_context(text, bigint, text) FROM PUBLIC;
"""

DROP_ENTER_CONTEXT_SQL = "DROP FUNCTION public.morpheus_enter_context(text, bigint, text);"


def grant_execute_to_app_role(apps, schema_editor):
    role = schema_editor.quote_name(settings.DATABASE_APP_ROLE)
    schema_editor.execute(
        f"GRANT EXECUTE ON FUNCTION public.morpheus_enter_context(text, bigint, text) TO {role}"
    )


class Migration(migrations.Migration):
    dependencies = [("morpheus", "0005_throttles")]
    operations = [
        migrations.RunSQL(ENTER_CONTEXT_SQL, DROP_ENTER_CONTEXT_SQL),
        migrations.RunPython(grant_execute_to_app_role, migrations.RunPython.noop),
    ]
