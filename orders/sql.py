"""Database-side guards of orders, generated from the shared transition table."""

from orders.transitions import ALLOWED_PAIRS, OrderStatus

INVALID_TRANSITION_SQLSTATE = "MO001"
APPEND_ONLY_SQLSTATE = "MO002"
# Every function gets this path and names its tables with their schema: otherwise a caller's
# search path, and its temporary tables (searched first unless placed), would pick them.
FIXED_SEARCH_PATH = "pg_catalog, public, pg_temp"


def create_status_enum_sql() -> str:
    values = ", ".join(f"'{status.value}'" for status in OrderStatus)
    return f"CREATE TYPE order_status AS ENUM ({values});"


def status_guard_sql() -> str:
    """Allowed pairs, and the trigger that rejects other changes and records every change.

    Actor and reason come from the transaction settings that services set; a change made
    without them (raw SQL in a console) is still recorded, under the database role's name.
    """
    pairs = ",\n    ".join(
        f"('{source}'::public.order_status, '{target}'::public.order_status)"
        for source, target in sorted(ALLOWED_PAIRS)
    )
    return f"""
CREATE OR REPLACE FUNCTION public.order_allowed_transitions()
RETURNS TABLE (from_status public.order_status, to_status public.order_status)
LANGUAGE sql IMMUTABLE SET search_path = {FIXED_SEARCH_PATH} AS $$
  VALUES
    {pairs}
$$;

CREATE OR REPLACE FUNCTION public.order_status_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = {FIXED_SEARCH_PATH} AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'pending' THEN
      RAISE EXCEPTION 'order % must start as pending, not %', NEW.number, NEW.status
        USING ERRCODE = '{INVALID_TRANSITION_SQLSTATE}';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.status IS NOT DISTINCT FROM OLD.status THEN
    RETURN NEW;
  END IF;
  IF NOT EXISTS (
    SELECT 1 FROM public.order_allowed_transitions() allowed
    WHERE allowed.from_status = OLD.status AND allowed.to_status = NEW.status
  ) THEN
    RAISE EXCEPTION 'order % cannot go from % to %', OLD.number, OLD.status, NEW.status
      USING ERRCODE = '{INVALID_TRANSITION_SQLSTATE}';
  END IF;
  INSERT INTO public.orders_orderevent
    (order_id, type, from_status, to_status, actor, reason, data, created_at)
  VALUES (
    NEW.id, 'status_changed', OLD.status::text, NEW.status::text,
    coalesce(nullif(current_setting('morpheus.actor', true), ''), 'database:' || current_user),
    coalesce(current_setting('morpheus.reason', true), ''),
    '{{}}'::jsonb, clock_timestamp()
  );
  RETURN NEW;
END
$$;
"""


HISTORY_GUARD_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION public.reject_history_rewrite() RETURNS trigger
LANGUAGE plpgsql SET search_path = {FIXED_SEARCH_PATH} AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % rejected', TG_TABLE_NAME, TG_OP
    USING ERRCODE = '{APPEND_ONLY_SQLSTATE}';
END
$$;
"""

INSTALL_GUARD_TRIGGERS_SQL = f"""
CREATE TRIGGER order_status_guard
  BEFORE INSERT OR UPDATE OF status ON orders_order
  FOR EACH ROW EXECUTE FUNCTION order_status_guard();
{HISTORY_GUARD_FUNCTION_SQL}
CREATE TRIGGER order_event_append_only
  BEFORE UPDATE OR DELETE ON orders_orderevent
  FOR EACH ROW EXECUTE FUNCTION reject_history_rewrite();

CREATE SEQUENCE IF NOT EXISTS orders_order_number_seq;
"""

DROP_GUARD_SQL = """
DROP TRIGGER IF EXISTS order_event_append_only ON orders_orderevent;
DROP TRIGGER IF EXISTS order_status_guard ON orders_order;
DROP FUNCTION IF EXISTS reject_history_rewrite();
DROP FUNCTION IF EXISTS order_status_guard();
DROP FUNCTION IF EXISTS order_allowed_transitions();
DROP SEQUENCE IF EXISTS orders_order_number_seq;
"""
