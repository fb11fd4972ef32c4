"""Only `invoicing_write_invoice` writes an invoice, and only for a paid order (outside
probe BY, BY-1).

The app role inserted invoices itself, through the function it called with its own
privileges, so it could insert any invoice row: SQL injected into a web request wrote one
for an order before its payment, and the function, which returns the order's invoice when
there is one, took that row for the order's invoice. The real one was never written; a
forged one in the invoices' series, dated a past year for 0.01 EUR, was numbered and emailed
as "Payment received", even for an order never paid. So:

- the function is SECURITY DEFINER, owned by the tables' owner, executed by the app role only
  (the job worker's role, a member of it, too); it reads the order's rows in the system
  scope its caller sets, as it did;
- an invoice row inserted by any other role than the tables' owner is refused
  (`invoicing_refuse_invoice_insert`): the app role and the worker's insert none;
- the function refuses an order that is not paid (paid, fulfilled, delivered or refunded:
  orders/transitions.py, `mark_paid` and the statuses after it).

Credit and debit notes are still written by the app role.
"""

from importlib import import_module

from django.conf import settings
from django.db import migrations

WRITE_INVOICE_SQL = import_module(
    "invoicing.migrations.0012_invoice_numbered_after_payment"
).WRITE_INVOICE_SQL
SIGNATURE = "public.invoicing_write_invoice(bigint, text, timestamptz, jsonb, text, text, text)"

HEADER = "CREATE FUNCTION public.invoicing_write_invoice("
SETTINGS = "LANGUAGE plpgsql VOLATILE SET search_path"
EXISTING = """
  IF NOT issued THEN
    RETURN;
  END IF;
"""
for fragment in (HEADER, SETTINGS, EXISTING):
    if WRITE_INVOICE_SQL.count(fragment) != 1:
        raise RuntimeError(f"invoicing 0012's function changed: {fragment!r} not found once")

INVOKER_SQL = WRITE_INVOICE_SQL.replace(HEADER, HEADER.replace("CREATE", "CREATE OR REPLACE"))

PAID_ONLY = """
  IF NOT EXISTS (
    SELECT 1 FROM public.orders_order o
    WHERE o.id = p_order_id AND o.status IN ('paid', 'fulfilled', 'delivered', 'refunded')
  ) THEN
    RAISE EXCEPTION 'order % is not paid: it has no invoice to write', p_order_id
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
"""

DEFINER_SQL = INVOKER_SQL.replace(
    SETTINGS, SETTINGS.replace("VOLATILE", "VOLATILE SECURITY DEFINER")
).replace(EXISTING, EXISTING + PAID_ONLY)

REFUSE_INVOICE_INSERT_SQL = """
CREATE FUNCTION public.invoicing_refuse_invoice_insert() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF NEW.kind = 'invoice' AND NOT pg_catalog.pg_has_role(
       current_user, (SELECT relowner FROM pg_catalog.pg_class WHERE oid = TG_RELID), 'USAGE')
  THEN
    RAISE EXCEPTION 'the shop writes an invoice from its paid order (invoicing_write_invoice): insert none'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER invoicing_refuse_invoice_insert BEFORE INSERT ON public.invoicing_invoice
FOR EACH ROW EXECUTE FUNCTION public.invoicing_refuse_invoice_insert();
"""

DROP_REFUSE_SQL = """
DROP TRIGGER invoicing_refuse_invoice_insert ON public.invoicing_invoice;
DROP FUNCTION public.invoicing_refuse_invoice_insert();
"""


def _app(schema_editor) -> str:
    return schema_editor.quote_name(settings.DATABASE_APP_ROLE)


def app_executes_only(apps, schema_editor):
    schema_editor.execute(f"REVOKE ALL ON FUNCTION {SIGNATURE} FROM PUBLIC")
    schema_editor.execute(f"GRANT EXECUTE ON FUNCTION {SIGNATURE} TO {_app(schema_editor)}")


def anyone_executes(apps, schema_editor):
    schema_editor.execute(f"REVOKE ALL ON FUNCTION {SIGNATURE} FROM {_app(schema_editor)}")
    schema_editor.execute(f"GRANT EXECUTE ON FUNCTION {SIGNATURE} TO PUBLIC")


class Migration(migrations.Migration):
    dependencies = [("invoicing", "0015_numbering_lock_only_the_worker_takes")]

    operations = [
        migrations.RunSQL(DEFINER_SQL, INVOKER_SQL),
        migrations.RunPython(app_executes_only, anyone_executes),
        migrations.RunSQL(REFUSE_INVOICE_INSERT_SQL, DROP_REFUSE_SQL),
    ]
