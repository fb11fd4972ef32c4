"""SQL for row-level security: what each migration installs on a table holding customer data.

A row is visible when the transaction's scope is staff or system, or when the scope is
customer and the row belongs to that customer. No context set: nothing is visible.

Since morpheus 0004 the scope is the signed setting `morpheus.context`,
`<scope>:<user id>:<signature>`, the signature being HMAC-SHA256 over (scope, user id,
backend pid, transaction start) with a key held by the app and, in the database, by a table
only the owner role can read. A context that does not verify counts as none. The first
policies (`owned_by_customer`, `owned_through`, kept for the migrations that used them) are
rewritten by morpheus 0004 into the `signed_*` rules, which check the context once per
statement instead of once per row; new policies use the `signed_*` rules.
"""

RLS_FUNCTIONS_SQL = """
CREATE OR REPLACE FUNCTION morpheus_sees_all() RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT coalesce(current_setting('morpheus.scope', true), '') IN ('staff', 'system')
$$;

CREATE OR REPLACE FUNCTION morpheus_is_current_customer(owner_id bigint) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT coalesce(current_setting('morpheus.scope', true), '') = 'customer'
     AND owner_id = nullif(current_setting('morpheus.user_id', true), '')::bigint
$$;
"""

DROP_RLS_FUNCTIONS_SQL = """
DROP FUNCTION IF EXISTS morpheus_is_current_customer(bigint);
DROP FUNCTION IF EXISTS morpheus_sees_all();
"""


def owned_by_customer(column: str = "customer_id") -> str:
    return f"morpheus_sees_all() OR morpheus_is_current_customer({column})"


def owned_through(parent_table: str, fk_column: str) -> str:
    """Visible when the parent row is visible (the parent's own policy decides)."""
    return _sees_all_or_parent("morpheus_sees_all()", parent_table, fk_column)


def _sees_all_or_parent(sees_all: str, parent_table: str, fk_column: str) -> str:
    return (
        f"{sees_all} OR EXISTS (SELECT 1 FROM {parent_table} parent WHERE parent.id = {fk_column})"
    )


def enable_rls_sql(table: str, visible_when: str) -> str:
    return f"""
ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
ALTER TABLE {table} FORCE ROW LEVEL SECURITY;
CREATE POLICY {table}_isolation ON {table}
  USING ({visible_when}) WITH CHECK ({visible_when});
"""


def disable_rls_sql(table: str) -> str:
    return f"""
DROP POLICY IF EXISTS {table}_isolation ON {table};
ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY;
ALTER TABLE {table} DISABLE ROW LEVEL SECURITY;
"""


CONTEXT_SETTING = "morpheus.context"

# The transaction's start in microseconds: what a signature is bound to besides the backend.
TRANSACTION_START_US_SQL = (
    "(pg_catalog.extract('epoch', pg_catalog.transaction_timestamp()) * 1000000)::bigint"
)

KEY_TABLE = "morpheus_rls_context_key"

SIGNED_CONTEXT_SQL = f"""
CREATE TABLE public.{KEY_TABLE} (
  id smallint PRIMARY KEY CHECK (id = 1),
  inner_pad bytea NOT NULL CHECK (pg_catalog.length(inner_pad) = 64),
  outer_pad bytea NOT NULL CHECK (pg_catalog.length(outer_pad) = 64)
);
REVOKE ALL ON public.{KEY_TABLE} FROM PUBLIC;

-- HMAC-SHA256 of the context for this backend and transaction, from the key's pads
-- (key XOR ipad, key XOR opad): no extension needed. Only roles that read the key table
-- (the owner) can call it; the owner uses it in psql to act with a context by hand.
CREATE FUNCTION public.morpheus_sign_context(p_scope text, p_user_id bigint) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT p_scope || ':' || coalesce(p_user_id::text, '') || ':' || pg_catalog.encode(
    pg_catalog.sha256(k.outer_pad || pg_catalog.sha256(k.inner_pad || pg_catalog.convert_to(
      p_scope || ':' || coalesce(p_user_id::text, '') || ':' || pg_catalog.pg_backend_pid()
        || ':' || {TRANSACTION_START_US_SQL}, 'UTF8'))), 'hex')
  FROM public.{KEY_TABLE} k WHERE k.id = 1
$$;
REVOKE ALL ON FUNCTION public.morpheus_sign_context(text, bigint) FROM PUBLIC;

-- The transaction's context when its signature verifies; nulls otherwise.
CREATE FUNCTION public.morpheus_verified_context(OUT scope text, OUT user_id bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  context text := pg_catalog.current_setting('{CONTEXT_SETTING}', true);
  parts text[] := pg_catalog.string_to_array(context, ':');
BEGIN
  IF pg_catalog.array_length(parts, 1) = 3
     AND public.morpheus_sign_context(parts[1], nullif(parts[2], '')::bigint) = context THEN
    scope := parts[1];
    user_id := nullif(parts[2], '')::bigint;
  END IF;
END
$$;

CREATE FUNCTION public.morpheus_context_scope() RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT scope FROM public.morpheus_verified_context()
$$;

CREATE FUNCTION public.morpheus_context_customer_id() RETURNS bigint
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT user_id FROM public.morpheus_verified_context() WHERE scope = 'customer'
$$;

-- The functions the first policies call, now reading the verified context too (policies
-- created after this migration should use the `signed_*` rules below: one check per
-- statement instead of one per row).
CREATE OR REPLACE FUNCTION public.morpheus_sees_all() RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT coalesce(public.morpheus_context_scope() IN ('staff', 'system'), false)
$$;

CREATE OR REPLACE FUNCTION public.morpheus_is_current_customer(owner_id bigint) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT coalesce(owner_id = public.morpheus_context_customer_id(), false)
$$;
"""

DROP_SIGNED_CONTEXT_SQL = f"""
DROP FUNCTION public.morpheus_context_customer_id();
DROP FUNCTION public.morpheus_context_scope();
DROP FUNCTION public.morpheus_verified_context();
DROP FUNCTION public.morpheus_sign_context(text, bigint);
DROP TABLE public.{KEY_TABLE};
"""

# Rules evaluated once per statement: each `(SELECT f())` is an InitPlan.
SIGNED_SEES_ALL = "(SELECT public.morpheus_context_scope()) IN ('staff', 'system')"
SIGNED_SYSTEM_ONLY = "(SELECT public.morpheus_context_scope()) = 'system'"


def signed_owned_by_customer(column: str = "customer_id") -> str:
    return f"{SIGNED_SEES_ALL} OR {column} = (SELECT public.morpheus_context_customer_id())"


def signed_owned_through(parent_table: str, fk_column: str) -> str:
    """Visible when the parent row is visible (the parent's own policy decides)."""
    return _sees_all_or_parent(SIGNED_SEES_ALL, f"public.{parent_table}", fk_column)
