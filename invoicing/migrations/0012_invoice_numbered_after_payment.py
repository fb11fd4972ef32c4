# LARGE TABLE: the check constraint is validated over every document and the partial index
# built without CONCURRENTLY, each one scan of invoicing_invoice (one row per paid order and
# per refund), holding writes on it meanwhile. Dropping NOT NULL rewrites nothing.
"""A paid order's invoice is numbered just after its payment's transaction commits, not in
it (issue 13: the series' counter row stayed locked by each payment until its commit had
flushed, and concurrent payments took turns on it; 4 senders of `succeeded` webhooks made
about 250 events/s with it, 340-390 without).

`invoicing_write_invoice` is `invoicing_issue_invoice` as in 0011 without the number: the
row is written in the payment's transaction with `sequence` and `number` empty, and the
payment defers the job `number_invoices`, which runs `invoicing_number_invoices`: every
invoice waiting takes the next number of its series and year, keeping its payment's date
unless the number before it is dated later (then that date), in one transaction for all of
them (one at a time: an advisory lock), so the numbers stay gapless, unique and in the order
of their dates (outside probe BU, BU-3: a payment committing late took a higher number with an
earlier date), and a sale stays in the period it was paid in (outside probe BW, BW-4: dated
when numbered, a payment of 31 December numbered after midnight became next year's). A
number some other writer took already is passed over (BU-4: one such row stopped the
numbering of every invoice waiting). Credit and debit notes are numbered in the refund's
transaction as before, but for a note of an invoice still waiting: it waits too, and is
numbered right after its invoice, never dated before it (outside probe BV, BV-3). A number
once given never changes
(`invoicing_keep_number`), and only the job worker's role may number a waiting document
(column grant).

`invoicing_issue_invoice`, which numbered in the payment's transaction, is dropped: no release
in production calls it (`ops/previous_release` has no invoicing).
"""

from importlib import import_module

from django.conf import settings
from django.db import migrations, models

ISSUE_INVOICE_SQL = import_module(
    "invoicing.migrations.0011_invoice_line_bundle_and_code"
).ISSUE_INVOICE_SQL

NUMBERED_HEADER = "CREATE OR REPLACE FUNCTION public.invoicing_issue_invoice("
COUNTER = """
  INSERT INTO public.invoicing_documentcounter (series, year, last_number)
  VALUES (p_series, v_year, 1)
  ON CONFLICT (series, year)
  DO UPDATE SET last_number = invoicing_documentcounter.last_number + 1
  RETURNING last_number INTO v_sequence;
"""
NUMBERED_ROW = """  SELECT 'invoice', p_series, v_year, v_sequence,
         p_series || '-' || v_year || '-' || lpad(v_sequence::text, greatest(6, length(v_sequence::text)), '0'),"""
for fragment in (NUMBERED_HEADER, COUNTER, NUMBERED_ROW):
    if fragment not in ISSUE_INVOICE_SQL:
        raise RuntimeError(f"invoicing 0011's function changed: {fragment!r} not found")

WRITE_INVOICE_SQL = (
    ISSUE_INVOICE_SQL.replace(NUMBERED_HEADER, "CREATE FUNCTION public.invoicing_write_invoice(")
    .replace(COUNTER, "\n")
    .replace(NUMBERED_ROW, "  SELECT 'invoice', p_series, v_year, NULL, NULL,")
    .replace("  v_sequence integer;\n", "")
)

NUMBER_INVOICES_SQL = """
CREATE FUNCTION public.invoicing_number_invoices() RETURNS integer
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  v_invoice record;
  v_issued_at timestamptz;
  v_year integer;
  v_sequence integer;
  v_number text;
  v_numbered integer := 0;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM public.invoicing_invoice WHERE sequence IS NULL) THEN
    RETURN 0;
  END IF;
  -- One numbering at a time, each seeing what the one before it numbered.
  PERFORM pg_advisory_xact_lock(hashtext('invoicing_number_invoices'));
  -- The invoices first, then the notes of those that waited (each after its invoice).
  FOR v_invoice IN
    SELECT id, series, issued_at, credited_invoice_id FROM public.invoicing_invoice
    WHERE sequence IS NULL ORDER BY kind <> 'invoice', issued_at, id
  LOOP
    -- Dated when written (the payment, the refund), but never before the series' last
    -- number nor the invoice a note credits: a payment that committed after a later one was
    -- numbered takes that one's date with the next number.
    v_year := extract(year FROM v_invoice.issued_at AT TIME ZONE 'UTC');
    v_issued_at := greatest(
      v_invoice.issued_at,
      (SELECT i.issued_at FROM public.invoicing_invoice i
       WHERE i.series = v_invoice.series AND i.year = v_year AND i.sequence IS NOT NULL
       ORDER BY i.sequence DESC LIMIT 1),
      (SELECT i.issued_at FROM public.invoicing_invoice i
       WHERE i.id = v_invoice.credited_invoice_id));
    v_year := extract(year FROM v_issued_at AT TIME ZONE 'UTC');
    INSERT INTO public.invoicing_documentcounter (series, year, last_number)
    VALUES (v_invoice.series, v_year, 1)
    ON CONFLICT (series, year)
    DO UPDATE SET last_number = invoicing_documentcounter.last_number + 1
    RETURNING last_number INTO v_sequence;
    -- A number some other writer took already is passed over, never given twice: one such
    -- row must not stop the numbering of every invoice waiting.
    LOOP
      v_number := v_invoice.series || '-' || v_year || '-'
                  || lpad(v_sequence::text, greatest(6, length(v_sequence::text)), '0');
      EXIT WHEN NOT EXISTS (
        SELECT 1 FROM public.invoicing_invoice i
        WHERE (i.series = v_invoice.series AND i.year = v_year AND i.sequence = v_sequence)
           OR i.number = v_number);
      v_sequence := v_sequence + 1;
    END LOOP;
    UPDATE public.invoicing_documentcounter SET last_number = v_sequence
    WHERE series = v_invoice.series AND year = v_year AND last_number < v_sequence;
    UPDATE public.invoicing_invoice
    SET issued_at = v_issued_at, year = v_year, sequence = v_sequence, number = v_number
    WHERE id = v_invoice.id;
    v_numbered := v_numbered + 1;
  END LOOP;
  RETURN v_numbered;
END
$$;

CREATE FUNCTION public.invoicing_keep_number() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF OLD.sequence IS NOT NULL THEN
    RAISE EXCEPTION 'document % is numbered already: its number never changes', OLD.number
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER invoicing_keep_number BEFORE UPDATE ON public.invoicing_invoice
FOR EACH ROW EXECUTE FUNCTION public.invoicing_keep_number();
"""

DROP_OLD_ISSUE_SQL = "DROP FUNCTION public.invoicing_issue_invoice(bigint, text, timestamptz, jsonb, text, text, text);"

DROP_SQL = """
SELECT public.invoicing_number_invoices();
DROP TRIGGER invoicing_keep_number ON public.invoicing_invoice;
DROP FUNCTION public.invoicing_keep_number();
DROP FUNCTION public.invoicing_number_invoices();
DROP FUNCTION public.invoicing_write_invoice(bigint, text, timestamptz, jsonb, text, text, text);
"""


NUMBERED_COLUMNS = "issued_at, year, sequence, number"


def _worker(schema_editor) -> str:
    return schema_editor.quote_name(settings.DATABASE_WORKER_ROLE)


def worker_numbers(apps, schema_editor):
    schema_editor.execute(
        f"GRANT UPDATE ({NUMBERED_COLUMNS}) ON invoicing_invoice TO {_worker(schema_editor)}"
    )


def worker_numbers_not(apps, schema_editor):
    schema_editor.execute(
        f"REVOKE UPDATE ({NUMBERED_COLUMNS}) ON invoicing_invoice FROM {_worker(schema_editor)}"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("invoicing", "0011_invoice_line_bundle_and_code"),
        ("morpheus", "0010_worker_role_runs_the_queue"),
    ]

    operations = [
        migrations.AlterField(
            model_name="invoice",
            name="number",
            field=models.CharField(blank=True, max_length=40, null=True, unique=True),
        ),
        migrations.AlterField(
            model_name="invoice",
            name="sequence",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name="invoice",
            index=models.Index(
                condition=models.Q(("sequence__isnull", True)),
                fields=["issued_at", "id"],
                name="invoice_waiting_for_number",
            ),
        ),
        migrations.AddConstraint(
            model_name="invoice",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("number__isnull", False), ("sequence__isnull", False)),
                    models.Q(("number__isnull", True), ("sequence__isnull", True)),
                    _connector="OR",
                ),
                name="numbered_or_waiting_for_both",
            ),
        ),
        migrations.RunSQL(WRITE_INVOICE_SQL + NUMBER_INVOICES_SQL, DROP_SQL),
        migrations.RunSQL(DROP_OLD_ISSUE_SQL, ISSUE_INVOICE_SQL),
        migrations.RunPython(worker_numbers, worker_numbers_not),
    ]
