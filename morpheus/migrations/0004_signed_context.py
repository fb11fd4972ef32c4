"""Row-level security accepts only a context the app signed (issue 12, item 4).

Creates the key table (the owner's alone) and the verifier functions, installs the key the
migrating process holds (the app's, from RLS_CONTEXT_KEY or SECRET_KEY), rewrites every
existing isolation policy so that it checks the signed context once per statement, puts
dj-stripe's API keys and webhook secrets behind the system scope, and gives the app role
sessions only through functions keyed by the session key.
"""

import re

from django.conf import settings
from django.db import migrations

from morpheus.db_context import install_context_key
from morpheus.rls_sql import (
    DROP_SIGNED_CONTEXT_SQL,
    RLS_FUNCTIONS_SQL,
    SIGNED_CONTEXT_SQL,
    SIGNED_SEES_ALL,
    SIGNED_SYSTEM_ONLY,
    disable_rls_sql,
    enable_rls_sql,
)

# Sessions only through these, keyed by the session key (morpheus/sessions.py): the app
# role keeps no privilege on django_session, so it cannot list sessions.
SESSION_FUNCTIONS_SQL = """
CREATE FUNCTION public.morpheus_session_load(p_key text, p_now timestamptz) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT s.session_data FROM public.django_session s
  WHERE s.session_key = p_key AND s.expire_date > p_now
$$;

CREATE FUNCTION public.morpheus_session_exists(p_key text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM public.django_session s WHERE s.session_key = p_key)
$$;

CREATE FUNCTION public.morpheus_session_save(
  p_key text, p_data text, p_expire timestamptz, p_create boolean
) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF p_create THEN
    INSERT INTO public.django_session (session_key, session_data, expire_date)
    VALUES (p_key, p_data, p_expire) ON CONFLICT (session_key) DO NOTHING;
  ELSE
    UPDATE public.django_session SET session_data = p_data, expire_date = p_expire
    WHERE session_key = p_key;
  END IF;
  RETURN FOUND;
END
$$;

CREATE FUNCTION public.morpheus_session_delete(p_key text) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  DELETE FROM public.django_session WHERE session_key = p_key
$$;

CREATE FUNCTION public.morpheus_session_clear_expired(p_now timestamptz) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  DELETE FROM public.django_session WHERE expire_date < p_now
$$;
"""
DROP_SESSION_FUNCTIONS_SQL = """
DROP FUNCTION public.morpheus_session_clear_expired(timestamptz);
DROP FUNCTION public.morpheus_session_delete(text);
DROP FUNCTION public.morpheus_session_save(text, text, timestamptz, boolean);
DROP FUNCTION public.morpheus_session_exists(text);
DROP FUNCTION public.morpheus_session_load(text, timestamptz);
"""

APP_FUNCTIONS = (
    "public.morpheus_verified_context()",
    "public.morpheus_context_scope()",
    "public.morpheus_context_customer_id()",
    "public.morpheus_sees_all()",
    "public.morpheus_is_current_customer(bigint)",
    "public.morpheus_session_load(text, timestamptz)",
    "public.morpheus_session_exists(text)",
    "public.morpheus_session_save(text, text, timestamptz, boolean)",
    "public.morpheus_session_delete(text)",
    "public.morpheus_session_clear_expired(timestamptz)",
)
# Stripe's secret key and the webhook signing secret: for webhooks, jobs and commands only.
SYSTEM_ONLY_TABLES = ("djstripe_apikey", "djstripe_webhookendpoint")

# The first policies' calls, checked per row, and their signed form, checked per statement.
UNSIGNED_TO_SIGNED = (
    (r"morpheus_sees_all\(\)", f"({SIGNED_SEES_ALL})"),
    (
        r"morpheus_is_current_customer\(\((\w+)\)::bigint\)",
        r"(\1 = (SELECT public.morpheus_context_customer_id()))",
    ),
    (
        r"morpheus_is_current_customer\((\w+)\)",
        r"(\1 = (SELECT public.morpheus_context_customer_id()))",
    ),
)
SIGNED_TO_UNSIGNED = (  # as PostgreSQL prints the signed form back
    (
        r"\(\( SELECT morpheus_context_scope\(\) AS morpheus_context_scope\) "
        r"= ANY \(ARRAY\['staff'::text, 'system'::text\]\)\)",
        "morpheus_sees_all()",
    ),
    (
        r"\((\w+) = \( SELECT morpheus_context_customer_id\(\) "
        r"AS morpheus_context_customer_id\)\)",
        r"morpheus_is_current_customer(\1)",
    ),
)


def grant_execute_to_app_role(apps, schema_editor):
    role = schema_editor.quote_name(settings.DATABASE_APP_ROLE)
    for function in APP_FUNCTIONS:
        schema_editor.execute(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
        schema_editor.execute(f"GRANT EXECUTE ON FUNCTION {function} TO {role}")
    for table in ("morpheus_rls_context_key", "django_session"):
        schema_editor.execute(f"REVOKE ALL ON public.{table} FROM {role}")


def regrant_sessions(apps, schema_editor):
    role = schema_editor.quote_name(settings.DATABASE_APP_ROLE)
    schema_editor.execute(
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON public.django_session TO {role}"
    )


def install_key(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        install_context_key(cursor)


def _rewrite_policies(schema_editor, rules) -> None:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, policyname, qual, with_check FROM pg_policies "
            "WHERE schemaname = 'public' AND policyname LIKE %s",
            ["%\\_isolation"],
        )
        policies = cursor.fetchall()
    for table, policy, using, check in policies:
        new_using, new_check = using, check or using
        for pattern, replacement in rules:
            new_using = re.sub(pattern, replacement, new_using)
            new_check = re.sub(pattern, replacement, new_check)
        if new_using != using:
            schema_editor.execute(
                f"ALTER POLICY {policy} ON public.{table} USING ({new_using}) "
                f"WITH CHECK ({new_check})"
            )


def sign_policies(apps, schema_editor):
    _rewrite_policies(schema_editor, UNSIGNED_TO_SIGNED)


def unsign_policies(apps, schema_editor):
    _rewrite_policies(schema_editor, SIGNED_TO_UNSIGNED)


class Migration(migrations.Migration):
    dependencies = [
        ("morpheus", "0003_function_search_path"),
        ("orders", "0004_guard_search_path"),
        ("delivery", "0002_row_level_security"),
        ("payments", "0002_row_level_security"),
        ("api", "0002_row_level_security"),
        ("notifications", "0001_initial"),
        ("analytics", "0001_initial"),
        ("djstripe", "0003_2_11"),
        ("sessions", "0001_initial"),
    ]
    operations = [
        migrations.RunSQL(SIGNED_CONTEXT_SQL, RLS_FUNCTIONS_SQL + DROP_SIGNED_CONTEXT_SQL),
        migrations.RunSQL(SESSION_FUNCTIONS_SQL, DROP_SESSION_FUNCTIONS_SQL),
        migrations.RunPython(grant_execute_to_app_role, regrant_sessions),
        migrations.RunPython(install_key, migrations.RunPython.noop),
        migrations.RunPython(sign_policies, unsign_policies),
        *(
            migrations.RunSQL(enable_rls_sql(table, SIGNED_SYSTEM_ONLY), disable_rls_sql(table))
            for table in SYSTEM_ONLY_TABLES
        ),
    ]
