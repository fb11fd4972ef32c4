"""The pending refunds of existing orders, recorded on the orders and items they close
(`orders.refund_pending_amount`), under the system context since both tables force RLS."""

from django.db import migrations

BACKFILL = """
SELECT pg_catalog.set_config(
  'morpheus.context', coalesce(public.morpheus_sign_context('system', NULL), ''), true);
UPDATE orders_order o SET refund_pending_amount = p.total
FROM (SELECT order_id, sum(amount) AS total FROM payments_refund
      WHERE status = 'pending' GROUP BY order_id) p
WHERE o.id = p.order_id;
UPDATE orders_orderitem i SET refund_pending_amount = p.total
FROM (SELECT l.order_item_id, sum(l.amount) AS total
      FROM payments_refundline l JOIN payments_refund r ON r.id = l.refund_id
      WHERE r.status = 'pending' GROUP BY l.order_item_id) p
WHERE i.id = p.order_item_id;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0014_arch_refund_pending"),
        ("payments", "0006_promos_item_refunds"),
    ]

    operations = [migrations.RunSQL(BACKFILL, migrations.RunSQL.noop)]
