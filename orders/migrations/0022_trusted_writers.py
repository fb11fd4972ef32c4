"""orders 0020's guards decide by the verified context, row by row (morpheus 0009): their
check on the context's look could be passed by changing it in the middle of a statement.
An order's creation date and its staff flag join what a customer's session cannot change;
its items are the shop's alone.
"""

from django.db import migrations

GUARD_SQL = """
DROP TRIGGER orders_order_customer_session_guard ON public.orders_order;
DROP TRIGGER orders_orderitem_customer_session_guard ON public.orders_orderitem;
DROP FUNCTION public.orders_customer_session_item_guard();

CREATE OR REPLACE FUNCTION public.orders_customer_session_order_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF public.morpheus_trusted_writer(TG_RELID) THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE'
     AND (NEW.number, NEW.customer_id, NEW.email, NEW.currency, NEW.subtotal_amount,
          NEW.total_amount, NEW.refunded_amount, NEW.refund_pending_amount,
          NEW.tax_added_amount, NEW.disputed_at, NEW.fulfilled_at, NEW.refunded_at,
          NEW.created_at, NEW.flagged_reason)
         IS NOT DISTINCT FROM
         (OLD.number, OLD.customer_id, OLD.email, OLD.currency, OLD.subtotal_amount,
          OLD.total_amount, OLD.refunded_amount, OLD.refund_pending_amount,
          OLD.tax_added_amount, OLD.disputed_at, OLD.fulfilled_at, OLD.refunded_at,
          OLD.created_at, OLD.flagged_reason) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% on orders_order in a customer''s session: orders and their prices are written by the shop',
    TG_OP;
END
$$;

CREATE TRIGGER orders_order_customer_session_guard
  BEFORE INSERT OR UPDATE ON public.orders_order
  FOR EACH ROW EXECUTE FUNCTION public.orders_customer_session_order_guard();
CREATE TRIGGER orders_orderitem_customer_session_guard
  BEFORE INSERT OR UPDATE OR DELETE ON public.orders_orderitem
  FOR EACH ROW EXECUTE FUNCTION public.morpheus_refuse_untrusted_write();
"""


class Migration(migrations.Migration):
    dependencies = [("orders", "0021_status_guard"), ("morpheus", "0009_trusted_writers")]
    operations = [migrations.RunSQL(GUARD_SQL)]
