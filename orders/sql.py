"""The database guard of order statuses, generated from the shared transition table.

Migrations hold the SQL they install literally, so a database never follows the live table by
itself: `python manage.py make_guard_migration` writes a migration with the current SQL, and a
test compares the latest guard migration with the table.
"""

import importlib
import re
from pathlib import Path

from orders.transitions import ALLOWED_PAIRS

INVALID_TRANSITION_SQLSTATE = "MO001"
# Every function gets this path and names its tables with their schema: otherwise a caller's
# search path, and its temporary tables (searched first unless placed), would pick them.
FIXED_SEARCH_PATH = "pg_catalog, public, pg_temp"


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


_PAIR = re.compile(r"\('(\w+)'::public\.order_status, '(\w+)'::public\.order_status\)")


def guard_pairs(sql: str) -> frozenset[tuple[str, str]]:
    """The (from, to) status pairs a guard's SQL allows."""
    return frozenset(_PAIR.findall(sql))


def latest_guard_migration() -> tuple[str, str]:
    """(name, STATUS_GUARD_SQL) of the newest orders migration that installs the guard."""
    names = sorted(path.stem for path in (Path(__file__).parent / "migrations").glob("0*.py"))
    for name in reversed(names):
        module = importlib.import_module(f"orders.migrations.{name}")
        if hasattr(module, "STATUS_GUARD_SQL"):
            return name, module.STATUS_GUARD_SQL
    raise LookupError("No orders migration installs the status guard.")
