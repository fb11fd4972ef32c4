"""An order records how its prices were read when it was placed (VAT included or net), and a
customer's session may not change that, as it may not change the VAT added. Orders placed
before are filled in by tax 0010, which reads their VAT."""

from django.db import migrations, models

GUARD_SQL = """
CREATE OR REPLACE FUNCTION public.orders_customer_session_order_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF public.morpheus_trusted_writer(TG_RELID) THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE'
     AND (NEW.number, NEW.customer_id, NEW.email, NEW.currency, NEW.subtotal_amount,
          NEW.total_amount, NEW.refunded_amount, NEW.refund_pending_amount,
          NEW.tax_added_amount, NEW.prices_include_tax, NEW.disputed_at, NEW.fulfilled_at,
          NEW.refunded_at, NEW.created_at, NEW.flagged_reason)
         IS NOT DISTINCT FROM
         (OLD.number, OLD.customer_id, OLD.email, OLD.currency, OLD.subtotal_amount,
          OLD.total_amount, OLD.refunded_amount, OLD.refund_pending_amount,
          OLD.tax_added_amount, OLD.prices_include_tax, OLD.disputed_at, OLD.fulfilled_at,
          OLD.refunded_at, OLD.created_at, OLD.flagged_reason) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% on orders_order in a customer''s session: orders and their prices are written by the shop',
    TG_OP;
END
$$;
"""

PREVIOUS_GUARD_SQL = """
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
"""


class Migration(migrations.Migration):
    dependencies = [("orders", "0028_stamped_copy_event")]

    operations = [
        migrations.AddField(
            model_name="order",
            name="prices_include_tax",
            field=models.BooleanField(db_default=True, default=True),
        ),
        migrations.RunSQL(GUARD_SQL, PREVIOUS_GUARD_SQL),
    ]
