"""Each invoice line carries its item's rate type (standard, reduced, reverse charge) as
recorded with its VAT, so the quarter's report types a sale by the rates in force when it
was made: `invoicing_issue_invoice` as in 0005, its lines with `rate_type` when the item
recorded one. Invoices issued before keep what they say (the report types their lines by the
rates in force on the day they were issued)."""

from importlib import import_module

from django.db import migrations

WITHOUT_RATE_TYPE_SQL = import_module(
    "invoicing.migrations.0005_invoice_elsewhere_note"
).ISSUE_INVOICE_SQL.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")

LINE_END = """
         || CASE WHEN t.id IS NOT NULL AND item.discount_amount > 0"""

ISSUE_INVOICE_SQL = WITHOUT_RATE_TYPE_SQL.replace(
    LINE_END,
    """
         || CASE WHEN t.rate_type <> '' THEN jsonb_build_object('rate_type', t.rate_type)
                 ELSE '{}' END"""
    + LINE_END,
)


class Migration(migrations.Migration):
    dependencies = [
        ("invoicing", "0005_invoice_elsewhere_note"),
        ("tax", "0009_item_rate_type"),
    ]

    operations = [migrations.RunSQL(ISSUE_INVOICE_SQL, WITHOUT_RATE_TYPE_SQL)]
