"""An invoice names no VAT ID for an order VIES refused the number of before it was paid,
which was repriced with VAT (outside probe BM-4: the invoice printed the refused number as the
buyer's): `invoicing_issue_invoice` as in 0007, else the same. An order reverse-charged
before the refusal keeps the number it was paid under. Invoices issued before keep what they
say."""

from importlib import import_module

from django.db import migrations

WITH_REFUSED_SQL = import_module(
    "invoicing.migrations.0007_invoice_buyer_business"
).ISSUE_INVOICE_SQL

VAT_NUMBER_READ = "coalesce(e.vat_number, '') AS vat_number,"

ISSUE_INVOICE_SQL = WITH_REFUSED_SQL.replace(
    VAT_NUMBER_READ,
    """CASE WHEN e.vies_status = 'invalid' AND NOT e.reverse_charge THEN ''
              ELSE coalesce(e.vat_number, '') END AS vat_number,""",
)


class Migration(migrations.Migration):
    dependencies = [("invoicing", "0007_invoice_buyer_business")]

    operations = [migrations.RunSQL(ISSUE_INVOICE_SQL, WITH_REFUSED_SQL)]
