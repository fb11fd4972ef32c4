"""Reinstall the database guard for the current transition table.

Written by `python manage.py make_guard_migration`.
"""

from django.db import migrations

STATUS_GUARD_SQL = """
CREATE OR REPLACE FUNCTION public.order_allowed_transitions()
RETURNS TABLE (from_status public.order_status, to_status public.order_status)
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
  VALUES
    ('delivered'::public.order_status, 'refunded'::public.order_status),
    ('fulfilled'::public.order_status, 'delivered'::public.order_status),
    ('fulfilled'::public.order_status, 'refunded'::public.order_status),
    ('paid'::public.order_status, 'fulfilled'::public.order_status),
    ('paid'::public.order_status, 'refunded'::public.order_status),
    ('pending'::public.order_status, 'canceled'::public.order_status),
    ('pending'::public.order_status, 'paid'::public.order_status),
    ('pending'::public.order_status, 'processing'::public.order_status),
    ('processing'::public.order_status, 'canceled'::public.order_status),
    ('processing'::public.order_status, 'paid'::public.order_status),
    ('processing'::public.order_status, 'pending'::public.order_status),
    ('refunded'::public.order_status, 'fulfilled'::public.order_status),
    ('refunded'::public.order_status, 'paid'::public.order_status)
$$;


CREATE OR REPLACE FUNCTION public.order_customer_transitions()
RETURNS TABLE (from_status public.order_status, to_status public.order_status)
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
  VALUES
    ('fulfilled'::public.order_status, 'delivered'::public.order_status),
    ('pending'::public.order_status, 'canceled'::public.order_status),
    ('pending'::public.order_status, 'paid'::public.order_status),
    ('pending'::public.order_status, 'processing'::public.order_status),
    ('processing'::public.order_status, 'canceled'::public.order_status),
    ('processing'::public.order_status, 'pending'::public.order_status)
$$;


CREATE OR REPLACE FUNCTION public.order_free_only_transitions()
RETURNS TABLE (from_status public.order_status, to_status public.order_status)
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
  VALUES
    ('pending'::public.order_status, 'paid'::public.order_status)
$$;


CREATE OR REPLACE FUNCTION public.order_status_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'pending' THEN
      RAISE EXCEPTION 'order % must start as pending, not %', NEW.number, NEW.status
        USING ERRCODE = 'MO001';
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
      USING ERRCODE = 'MO001';
  END IF;
  IF NEW.total_amount <> 0 AND EXISTS (
    SELECT 1 FROM public.order_free_only_transitions() free
    WHERE free.from_status = OLD.status AND free.to_status = NEW.status
  ) THEN
    RAISE EXCEPTION 'order % has % to pay: it cannot go from % to % without a payment',
      OLD.number, NEW.total_amount, OLD.status, NEW.status
      USING ERRCODE = 'MO001';
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
      USING ERRCODE = 'MO001';
  END IF;
  INSERT INTO public.orders_orderevent
    (order_id, type, from_status, to_status, actor, reason, data, created_at)
  VALUES (
    NEW.id, 'status_changed', OLD.status::text, NEW.status::text,
    coalesce(nullif(current_setting('morpheus.actor', true), ''), 'database:' || current_user),
    coalesce(current_setting('morpheus.reason', true), ''),
    '{}'::jsonb, clock_timestamp()
  );
  RETURN NEW;
END
$$;
"""

PREVIOUS_STATUS_GUARD_SQL = """
CREATE OR REPLACE FUNCTION public.order_allowed_transitions()
RETURNS TABLE (from_status public.order_status, to_status public.order_status)
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
  VALUES
    ('delivered'::public.order_status, 'refunded'::public.order_status),
    ('fulfilled'::public.order_status, 'delivered'::public.order_status),
    ('fulfilled'::public.order_status, 'refunded'::public.order_status),
    ('paid'::public.order_status, 'fulfilled'::public.order_status),
    ('paid'::public.order_status, 'refunded'::public.order_status),
    ('pending'::public.order_status, 'canceled'::public.order_status),
    ('pending'::public.order_status, 'paid'::public.order_status),
    ('pending'::public.order_status, 'processing'::public.order_status),
    ('processing'::public.order_status, 'canceled'::public.order_status),
    ('processing'::public.order_status, 'paid'::public.order_status),
    ('processing'::public.order_status, 'pending'::public.order_status),
    ('refunded'::public.order_status, 'fulfilled'::public.order_status)
$$;


CREATE OR REPLACE FUNCTION public.order_customer_transitions()
RETURNS TABLE (from_status public.order_status, to_status public.order_status)
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
  VALUES
    ('fulfilled'::public.order_status, 'delivered'::public.order_status),
    ('pending'::public.order_status, 'canceled'::public.order_status),
    ('pending'::public.order_status, 'paid'::public.order_status),
    ('pending'::public.order_status, 'processing'::public.order_status),
    ('processing'::public.order_status, 'canceled'::public.order_status),
    ('processing'::public.order_status, 'pending'::public.order_status)
$$;


CREATE OR REPLACE FUNCTION public.order_free_only_transitions()
RETURNS TABLE (from_status public.order_status, to_status public.order_status)
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
  VALUES
    ('pending'::public.order_status, 'paid'::public.order_status)
$$;


CREATE OR REPLACE FUNCTION public.order_status_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'pending' THEN
      RAISE EXCEPTION 'order % must start as pending, not %', NEW.number, NEW.status
        USING ERRCODE = 'MO001';
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
      USING ERRCODE = 'MO001';
  END IF;
  IF NEW.total_amount <> 0 AND EXISTS (
    SELECT 1 FROM public.order_free_only_transitions() free
    WHERE free.from_status = OLD.status AND free.to_status = NEW.status
  ) THEN
    RAISE EXCEPTION 'order % has % to pay: it cannot go from % to % without a payment',
      OLD.number, NEW.total_amount, OLD.status, NEW.status
      USING ERRCODE = 'MO001';
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
      USING ERRCODE = 'MO001';
  END IF;
  INSERT INTO public.orders_orderevent
    (order_id, type, from_status, to_status, actor, reason, data, created_at)
  VALUES (
    NEW.id, 'status_changed', OLD.status::text, NEW.status::text,
    coalesce(nullif(current_setting('morpheus.actor', true), ''), 'database:' || current_user),
    coalesce(current_setting('morpheus.reason', true), ''),
    '{}'::jsonb, clock_timestamp()
  );
  RETURN NEW;
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("orders", "0032_status_guard")]
    operations = [migrations.RunSQL(STATUS_GUARD_SQL, PREVIOUS_STATUS_GUARD_SQL)]
