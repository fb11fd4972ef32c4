"""An item's VAT is the customer's (seen through their order); the rules are read and
edited by the system and staff only (orders are placed in the system scope's receiver)."""

from django.db import migrations

SEES_ALL = "(SELECT public.morpheus_context_scope()) IN ('staff', 'system')"
ITEM_TAX_VISIBLE = (
    "(SELECT public.morpheus_context_scope()) IN ('staff', 'system') OR EXISTS "
    "(SELECT 1 FROM public.orders_order parent WHERE parent.id = order_id)"
)


def enable(table: str, visible_when: str) -> str:
    return f"""
ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
ALTER TABLE {table} FORCE ROW LEVEL SECURITY;
CREATE POLICY {table}_isolation ON {table}
  USING ({visible_when}) WITH CHECK ({visible_when});
"""


def disable(table: str) -> str:
    return f"""
DROP POLICY IF EXISTS {table}_isolation ON {table};
ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY;
ALTER TABLE {table} DISABLE ROW LEVEL SECURITY;
"""


class Migration(migrations.Migration):
    dependencies = [("tax", "0002_money_vat_rates"), ("morpheus", "0004_signed_context")]
    operations = [
        migrations.RunSQL(enable("tax_itemtax", ITEM_TAX_VISIBLE), disable("tax_itemtax")),
        migrations.RunSQL(enable("tax_taxrule", SEES_ALL), disable("tax_taxrule")),
    ]
