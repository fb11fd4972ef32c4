"""A customer's session writes no order nor price: SQL run in a customer's (or a guest
link's, or a visitor's) request may not insert an order, touch an order's items, or change
an order's amounts, owner, currency or milestones that Stripe, the worker or staff set.
The shop's services place and price orders in the system scope (orders.services); a
customer's session still makes its own moves of the state machine (the status guard says
which) and bumps the version that comes with them.
"""

from django.db import migrations

# Each trigger's WHEN skips the system's and staff's sessions without verifying their
# context (the webhook's and the worker's writes pay nothing): a context merely written
# to look like theirs sees no row under row-level security, so it has nothing to write.

GUARD_SQL = """
CREATE FUNCTION public.orders_customer_session_order_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF coalesce(public.morpheus_context_scope(), '') IN ('', 'staff', 'system') THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE'
     AND (NEW.number, NEW.customer_id, NEW.email, NEW.currency, NEW.subtotal_amount,
          NEW.total_amount, NEW.refunded_amount, NEW.refund_pending_amount,
          NEW.tax_added_amount, NEW.disputed_at, NEW.fulfilled_at, NEW.refunded_at)
         IS NOT DISTINCT FROM
         (OLD.number, OLD.customer_id, OLD.email, OLD.currency, OLD.subtotal_amount,
          OLD.total_amount, OLD.refunded_amount, OLD.refund_pending_amount,
          OLD.tax_added_amount, OLD.disputed_at, OLD.fulfilled_at, OLD.refunded_at) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% on orders_order in a customer''s session: orders and their prices are written by the shop',
    TG_OP;
END
$$;

CREATE FUNCTION public.orders_customer_session_item_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF coalesce(public.morpheus_context_scope(), '') IN ('', 'staff', 'system') THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  RAISE EXCEPTION '% on orders_orderitem in a customer''s session: orders and their prices are written by the shop',
    TG_OP;
END
$$;

CREATE TRIGGER orders_order_customer_session_guard
  BEFORE INSERT OR UPDATE ON public.orders_order
  FOR EACH ROW WHEN (coalesce(pg_catalog.current_setting('morpheus.context', true), '')
                     NOT SIMILAR TO '(system|staff):%')
  EXECUTE FUNCTION public.orders_customer_session_order_guard();
CREATE TRIGGER orders_orderitem_customer_session_guard
  BEFORE INSERT OR UPDATE OR DELETE ON public.orders_orderitem
  FOR EACH ROW WHEN (coalesce(pg_catalog.current_setting('morpheus.context', true), '')
                     NOT SIMILAR TO '(system|staff):%')
  EXECUTE FUNCTION public.orders_customer_session_item_guard();
"""

DROP_SQL = """
DROP TRIGGER orders_orderitem_customer_session_guard ON public.orders_orderitem;
DROP TRIGGER orders_order_customer_session_guard ON public.orders_order;
DROP FUNCTION public.orders_customer_session_item_guard();
DROP FUNCTION public.orders_customer_session_order_guard();
"""


class Migration(migrations.Migration):
    dependencies = [("orders", "0019_status_guard")]
    operations = [migrations.RunSQL(GUARD_SQL, DROP_SQL)]
