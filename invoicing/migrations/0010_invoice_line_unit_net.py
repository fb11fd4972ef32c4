"""Each invoice line carries its item's unit price exclusive of VAT (`unit_net`, recorded
with its VAT, tax 0017), so the invoice prints the unit price and the discount on the basis
of its Net column (outside probe BQ, BQ-6: a reverse-charge line read "discount 2.05 off"
with the VAT in it, beside a net of 6.31 that nothing on the line added up to):
`invoicing_issue_invoice` as in 0008, its lines with `unit_net` when the item recorded one.
Invoices issued before keep what they say."""

from importlib import import_module

from django.db import migrations

WITHOUT_UNIT_NET_SQL = import_module(
    "invoicing.migrations.0008_invoice_refused_vat_number"
).ISSUE_INVOICE_SQL

LINE_END = """
         || CASE WHEN t.id IS NOT NULL AND item.discount_amount > 0"""

ISSUE_INVOICE_SQL = WITHOUT_UNIT_NET_SQL.replace(
    LINE_END,
    """
         || CASE WHEN t.unit_net IS NOT NULL THEN jsonb_build_object('unit_net', t.unit_net)
                 ELSE '{}' END"""
    + LINE_END,
)


class Migration(migrations.Migration):
    dependencies = [
        ("invoicing", "0009_debit_notes"),
        ("tax", "0017_item_unit_net"),
    ]

    operations = [migrations.RunSQL(ISSUE_INVOICE_SQL, WITHOUT_UNIT_NET_SQL)]
