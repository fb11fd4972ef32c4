"""Orders placed before orders 0029 did not record whether their prices included VAT: those
with VAT added on top were net, those whose items' VAT was included in the total were not.
One with no VAT at all reads the same either way; it takes the setting in force now, as it
was shown until then."""

from django.conf import settings
from django.db import migrations

from morpheus.db_context import system_scope

BACKFILL_SQL = """
UPDATE orders_order o SET prices_include_tax = CASE
  WHEN o.tax_added_amount > 0 THEN false
  WHEN EXISTS (SELECT 1 FROM tax_itemtax t WHERE t.order_id = o.id AND t.tax > 0) THEN true
  ELSE %s
END
"""


def backfill(apps, schema_editor) -> None:
    with system_scope():  # both tables force row-level security, on their owner too
        schema_editor.execute(BACKFILL_SQL, [settings.TAX_PRICES_INCLUDE_TAX])


class Migration(migrations.Migration):
    dependencies = [("tax", "0009_item_rate_type"), ("orders", "0029_order_prices_include_tax")]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
