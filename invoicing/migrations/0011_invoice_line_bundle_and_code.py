"""Each invoice line of a comic bought in a bundle names the bundle (`bundle`, its title at
issue), and each line a discount code lowered names the code (`discount_code`), so the
invoice says why a price is below the comic's list price, as the order page does (outside
probe BR, BR-7: "Neon Tide 5.32", its share of The Dreamlands Trilogy, said nothing of the
bundle): `invoicing_issue_invoice` as in 0010, else the same. Invoices issued before keep
what they say."""

from importlib import import_module

from django.db import migrations

WITHOUT_BUNDLE_SQL = import_module(
    "invoicing.migrations.0010_invoice_line_unit_net"
).ISSUE_INVOICE_SQL

DECLARE_END = """
  v_reference text;
BEGIN"""

PAYMENT_READ = """
  SELECT p.stripe_payment_intent_id INTO v_reference"""

CODE_READ = """
  SELECT c.code INTO v_code FROM public.promotions_discountuse du
  JOIN public.promotions_discountcode c ON c.id = du.discount_code_id
  WHERE du.order_id = p_order_id AND du.released_at IS NULL;
"""

LINE_END = """
         || CASE WHEN t.id IS NOT NULL AND item.discount_amount > 0"""

ITEMS_READ = """
  LEFT JOIN public.tax_itemtax t ON t.item_id = item.id AND t.order_id = p_order_id"""

ISSUE_INVOICE_SQL = (
    WITHOUT_BUNDLE_SQL.replace(
        DECLARE_END,
        """
  v_reference text;
  v_code text;
BEGIN""",
    )
    .replace(
        PAYMENT_READ,
        CODE_READ + PAYMENT_READ,
    )
    .replace(
        LINE_END,
        """
         || CASE WHEN b.id IS NOT NULL THEN jsonb_build_object('bundle', b.title)
                 ELSE '{}' END
         || CASE WHEN v_code IS NOT NULL AND item.discount_amount > 0
                 THEN jsonb_build_object('discount_code', v_code) ELSE '{}' END"""
        + LINE_END,
    )
    .replace(
        ITEMS_READ,
        ITEMS_READ
        + """
  LEFT JOIN public.promotions_bundleitem bi ON bi.order_item_id = item.id
  LEFT JOIN public.promotions_bundle b ON b.id = bi.bundle_id""",
    )
)


class Migration(migrations.Migration):
    dependencies = [
        ("invoicing", "0010_invoice_line_unit_net"),
        ("promotions", "0005_discount_code_characters"),
    ]

    operations = [migrations.RunSQL(ISSUE_INVOICE_SQL, WITHOUT_BUNDLE_SQL)]
