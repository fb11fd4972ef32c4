"""SQL for row-level security: what each migration installs on a table holding customer data.

A row is visible when the transaction's scope is staff or system, or when the scope is
customer and the row belongs to `morpheus.user_id`. No context set: nothing is visible.
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
    return (
        f"morpheus_sees_all() OR EXISTS "
        f"(SELECT 1 FROM {parent_table} parent WHERE parent.id = {fk_column})"
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
