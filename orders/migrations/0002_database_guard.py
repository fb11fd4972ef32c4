"""The database guard: allowed status pairs, the trigger recording every status change,
append-only history. Its SQL is frozen here (`make_guard_migration` writes later versions)."""

from django.conf import settings
from django.db import migrations

from morpheus.rls_sql import disable_rls_sql, enable_rls_sql, owned_by_customer, owned_through

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
    ('pending'::public.order_status, 'processing'::public.order_status),
    ('processing'::public.order_status, 'canceled'::public.order_status),
    ('processing'::public.order_status, 'paid'::public.order_status),
    ('processing'::public.order_status, 'pending'::public.order_status)
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

GUARD_TRIGGERS_SQL = """
CREATE TRIGGER order_status_guard
  BEFORE INSERT OR UPDATE OF status ON orders_order
  FOR EACH ROW EXECUTE FUNCTION order_status_guard();

CREATE OR REPLACE FUNCTION public.reject_history_rewrite() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % rejected', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'MO002';
END
$$;

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

RLS_TABLES = {
    "orders_order": owned_by_customer(),
    "orders_orderitem": owned_through("orders_order", "order_id"),
    "orders_orderevent": owned_through("orders_order", "order_id"),
    "orders_cart": owned_by_customer(),
    "orders_cartitem": owned_through("orders_cart", "cart_id"),
}


def revoke_history_rewrite(apps, schema_editor):
    role = schema_editor.quote_name(settings.DATABASE_APP_ROLE)
    schema_editor.execute(f"REVOKE UPDATE, DELETE ON orders_orderevent FROM {role}")


class Migration(migrations.Migration):
    dependencies = [("orders", "0001_initial"), ("morpheus", "0002_rls_functions")]
    operations = [
        migrations.RunSQL(STATUS_GUARD_SQL + GUARD_TRIGGERS_SQL, DROP_GUARD_SQL),
        migrations.RunPython(revoke_history_rewrite, migrations.RunPython.noop),
        *(
            migrations.RunSQL(enable_rls_sql(table, rule), disable_rls_sql(table))
            for table, rule in RLS_TABLES.items()
        ),
    ]
