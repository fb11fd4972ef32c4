"""An invoice to a business names it: `invoicing_issue_invoice` as in 0006, its buyer with
the business name and billing address kept with the order's VAT evidence (tax 0015), when
the buyer gave them (with a VAT number). Invoices issued before keep what they say."""

from importlib import import_module

from django.db import migrations

WITHOUT_BUSINESS_SQL = import_module(
    "invoicing.migrations.0006_invoice_line_rate_type"
).ISSUE_INVOICE_SQL

EVIDENCE_READ = """,
         coalesce(e.declared_country, '') AS declared_country"""

BUYER_END = """
              WHERE l ->> 'country' <> '' ORDER BY n LIMIT 1), '')
         ),"""

ISSUE_INVOICE_SQL = WITHOUT_BUSINESS_SQL.replace(
    EVIDENCE_READ,
    EVIDENCE_READ
    + """,
         coalesce(e.business_name, '') AS business_name,
         coalesce(e.billing_address, '') AS billing_address""",
).replace(
    BUYER_END,
    BUYER_END.removesuffix(",")
    + """
         || CASE WHEN v_order.business_name <> ''
                 THEN jsonb_build_object('business_name', v_order.business_name,
                                         'billing_address', v_order.billing_address)
                 ELSE '{}' END,""",
)


class Migration(migrations.Migration):
    dependencies = [
        ("invoicing", "0006_invoice_line_rate_type"),
        ("tax", "0015_evidence_business"),
    ]

    operations = [migrations.RunSQL(ISSUE_INVOICE_SQL, WITHOUT_BUSINESS_SQL)]
