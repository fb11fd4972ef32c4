"""Invoices are the customer's (seen through their order); the number counters are the
system's and staff's only. Issued documents are never changed or deleted by the app."""

from django.conf import settings
from django.db import migrations

SEES_ALL = "(SELECT public.morpheus_context_scope()) IN ('staff', 'system')"
INVOICE_VISIBLE = (
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


def keep_documents(apps, schema_editor):
    role = schema_editor.quote_name(settings.DATABASE_APP_ROLE)
    schema_editor.execute(f"REVOKE UPDATE, DELETE ON invoicing_invoice FROM {role}")


class Migration(migrations.Migration):
    dependencies = [("invoicing", "0001_money_invoices"), ("morpheus", "0004_signed_context")]
    operations = [
        migrations.RunPython(keep_documents, migrations.RunPython.noop),
        migrations.RunSQL(
            enable("invoicing_invoice", INVOICE_VISIBLE), disable("invoicing_invoice")
        ),
        migrations.RunSQL(
            enable("invoicing_documentcounter", SEES_ALL), disable("invoicing_documentcounter")
        ),
    ]
