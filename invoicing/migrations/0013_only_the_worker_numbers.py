"""Only the job worker's role numbers a document (outside probe BV, BV-6).

Since 0012 an invoice is written without its number and numbered by the job worker's role
(`invoicing_number_invoices`), but credit and debit notes were still numbered in the
refund's transaction by the app role: SQL injected into a web request could move a series'
counter (leaving a gap in the numbers) or insert a document with a number of its choosing.
Notes are now written without their number too, and numbered by the same job. So:

- the app role may no longer INSERT, UPDATE or DELETE a counter row. The worker's role, a
  member of the app role, held those privileges through it: it is granted them directly;
- a row inserted with a sequence or number is refused unless the inserting role may number
  a document (UPDATE of the number columns: the worker's role by 0012's grant, and the
  owner), which the app role may not, also inside `invoicing_write_invoice`, a function it
  calls with its own privileges (it writes the invoice without a number).
"""

from django.conf import settings
from django.db import migrations

REFUSE_NUMBERED_INSERT_SQL = """
CREATE FUNCTION public.invoicing_refuse_numbered_insert() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF (NEW.sequence IS NOT NULL OR NEW.number IS NOT NULL)
     AND NOT pg_catalog.has_column_privilege(current_user, TG_RELID, 'sequence', 'UPDATE')
  THEN
    RAISE EXCEPTION 'only the job worker numbers a document: write it without its number'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER invoicing_refuse_numbered_insert BEFORE INSERT ON public.invoicing_invoice
FOR EACH ROW EXECUTE FUNCTION public.invoicing_refuse_numbered_insert();
"""

DROP_SQL = """
DROP TRIGGER invoicing_refuse_numbered_insert ON public.invoicing_invoice;
DROP FUNCTION public.invoicing_refuse_numbered_insert();
"""

COUNTER = "invoicing_documentcounter"


def _roles(schema_editor) -> tuple[str, str]:
    quote = schema_editor.quote_name
    return quote(settings.DATABASE_APP_ROLE), quote(settings.DATABASE_WORKER_ROLE)


def counters_to_the_worker(apps, schema_editor):
    app, worker = _roles(schema_editor)
    schema_editor.execute(f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {COUNTER} FROM {app}")
    schema_editor.execute(f"GRANT SELECT, INSERT, UPDATE ON {COUNTER} TO {worker}")


def counters_back_to_the_app(apps, schema_editor):
    app, worker = _roles(schema_editor)
    schema_editor.execute(f"REVOKE ALL ON {COUNTER} FROM {worker}")
    schema_editor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {COUNTER} TO {app}")


class Migration(migrations.Migration):
    dependencies = [("invoicing", "0012_invoice_numbered_after_payment")]

    operations = [
        migrations.RunPython(counters_to_the_worker, counters_back_to_the_app),
        migrations.RunSQL(REFUSE_NUMBERED_INSERT_SQL, DROP_SQL),
    ]
