"""The database guard of order statuses, generated from the shared transition table.

Migrations hold the SQL they install literally, so a database never follows the live table by
itself: `python manage.py make_guard_migration` writes a migration with the current SQL, and a
test compares the latest guard migration with the table.
"""

import importlib
import re
from pathlib import Path

from orders.transitions import ALLOWED_PAIRS, CUSTOMER_PAIRS, FREE_ONLY_PAIRS

INVALID_TRANSITION_SQLSTATE = "MO001"
# Every function gets this path and names its tables with their schema: otherwise a caller's
# search path, and its temporary tables (searched first unless placed), would pick them.
FIXED_SEARCH_PATH = "pg_catalog, public, pg_temp"


def _values(pairs: frozenset[tuple[str, str]]) -> str:
    return ",\n    ".join(
        f"('{source}'::public.order_status, '{target}'::public.order_status)"
        for source, target in sorted(pairs)
    )


def _pair_function(name: str, pairs: frozenset[tuple[str, str]]) -> str:
    return f"""
CREATE OR REPLACE FUNCTION public.{name}()
RETURNS TABLE (from_status public.order_status, to_status public.order_status)
LANGUAGE sql IMMUTABLE SET search_path = {FIXED_SEARCH_PATH} AS $$
  VALUES
    {_values(pairs)}
$$;
"""


def status_guard_sql() -> str:
    """Allowed pairs, and the trigger that rejects other changes and records every change.

    Beyond the pairs, it refuses what only the table's flags tell: a move that only a
    free_only transition makes, for an order with something to pay; and in a customer's
    (or a guest link's, or a visitor's) scope, a move no by_customer transition makes, so
    SQL run in a customer's request cannot mark an order paid or refunded.

    Actor and reason come from the transaction settings that services set; a change made
    without them (raw SQL in a console) is still recorded, under the database role's name.
    """
    return f"""{_pair_function("order_allowed_transitions", ALLOWED_PAIRS)}
{_pair_function("order_customer_transitions", CUSTOMER_PAIRS)}
{_pair_function("order_free_only_transitions", FREE_ONLY_PAIRS)}

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
  IF NEW.total_amount <> 0 AND EXISTS (
    SELECT 1 FROM public.order_free_only_transitions() free
    WHERE free.from_status = OLD.status AND free.to_status = NEW.status
  ) THEN
    RAISE EXCEPTION 'order % has % to pay: it cannot go from % to % without a payment',
      OLD.number, NEW.total_amount, OLD.status, NEW.status
      USING ERRCODE = '{INVALID_TRANSITION_SQLSTATE}';
  END IF;
  -- The context is verified row by row (a context changed in the middle of a statement
  -- cannot pass for the system's): only a trusted writer makes moves beyond the customer's.
  IF NOT public.morpheus_trusted_writer(TG_RELID)
     AND NOT EXISTS (
       SELECT 1 FROM public.order_customer_transitions() mine
       WHERE mine.from_status = OLD.status AND mine.to_status = NEW.status
     ) THEN
    RAISE EXCEPTION 'order % cannot go from % to % in a customer''s session',
      OLD.number, OLD.status, NEW.status
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
    """The (from, to) status pairs a guard's SQL allows (its `order_allowed_transitions`)."""
    allowed = sql.split("public.order_allowed_transitions()", 1)[1].split("$$;", 1)[0]
    return frozenset(_PAIR.findall(allowed))


def latest_guard_migration() -> tuple[str, str]:
    """(name, STATUS_GUARD_SQL) of the newest orders migration that installs the guard."""
    names = sorted(path.stem for path in (Path(__file__).parent / "migrations").glob("0*.py"))
    for name in reversed(names):
        module = importlib.import_module(f"orders.migrations.{name}")
        if hasattr(module, "STATUS_GUARD_SQL"):
            return name, module.STATUS_GUARD_SQL
    raise LookupError("No orders migration installs the status guard.")
