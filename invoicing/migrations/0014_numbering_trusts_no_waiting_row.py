"""The numbering takes no waiting row on trust (outside probe BX, BX-1).

Since 0013 only the job worker's role numbers a document, but the app role still inserts
the documents it numbers, without their number, and the numbering numbered whatever it
found. SQL injected into a web request, even in a customer's session, could have a document
of its choosing made a permanent, numbered one: a credit note numbered in the invoices'
series, in a series of its own (the worker created its counter), or dated 31 December, which
then dated every later document of its series 31 December ("never before the number before
it"). So:

- a customer's session writes no document (`morpheus_refuse_untrusted_write`: the shop
  writes them in the system scope, staff in theirs);
- a waiting row whose series is not its kind's (the settings' series, which the worker
  passes) is not numbered, nor a note whose invoice (or the credit note it reverses) still
  waits: it stays waiting, counted on the staff dashboard, for Finance to look into, and the
  others are numbered around it;
- a row is dated at most when it is numbered (`p_now`, the worker's clock, as the rows'
  dates are the app's), then never before the number before it nor the invoice it credits,
  as before.

The function takes the clock and the series, so it is created anew (the one without
arguments is dropped).
"""

from importlib import import_module

from django.db import migrations

NUMBER_INVOICES_SQL = """
CREATE FUNCTION public.invoicing_number_invoices(
  p_now timestamptz, p_invoice_series text, p_credit_note_series text, p_debit_note_series text
) RETURNS integer
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
  -- The invoices first, then the notes of those that waited (each after its invoice). A row
  -- in another series than its kind's was not written by the shop: it stays waiting.
  FOR v_invoice IN
    SELECT id, series, issued_at, credited_invoice_id, reversed_note_id
    FROM public.invoicing_invoice
    WHERE sequence IS NULL
      AND series = CASE kind WHEN 'invoice' THEN p_invoice_series
                             WHEN 'credit_note' THEN p_credit_note_series
                             WHEN 'debit_note' THEN p_debit_note_series END
    ORDER BY kind <> 'invoice', issued_at, id
  LOOP
    -- A note whose invoice (or reversed credit note) is left waiting waits with it.
    CONTINUE WHEN EXISTS (
      SELECT 1 FROM public.invoicing_invoice i
      WHERE i.id IN (v_invoice.credited_invoice_id, v_invoice.reversed_note_id)
        AND i.sequence IS NULL);
    -- Dated when written (the payment, the refund), but no later than now, and never
    -- before the series' last number nor the invoice a note credits: a payment that
    -- committed after a later one was numbered takes that one's date with the next number.
    v_year := extract(year FROM least(v_invoice.issued_at, p_now) AT TIME ZONE 'UTC');
    v_issued_at := greatest(
      least(v_invoice.issued_at, p_now),
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

DROP FUNCTION public.invoicing_number_invoices();

CREATE TRIGGER invoicing_invoice_writer_guard
  BEFORE INSERT OR UPDATE OR DELETE ON public.invoicing_invoice
  FOR EACH ROW EXECUTE FUNCTION public.morpheus_refuse_untrusted_write();
"""

# 0012's function, without arguments.
OLD_NUMBER_INVOICES_SQL = import_module(
    "invoicing.migrations.0012_invoice_numbered_after_payment"
).NUMBER_INVOICES_SQL.split("CREATE FUNCTION public.invoicing_keep_number()")[0]

DROP_SQL = f"""
DROP TRIGGER invoicing_invoice_writer_guard ON public.invoicing_invoice;
DROP FUNCTION public.invoicing_number_invoices(timestamptz, text, text, text);
{OLD_NUMBER_INVOICES_SQL}
"""


class Migration(migrations.Migration):
    dependencies = [
        ("invoicing", "0013_only_the_worker_numbers"),
        ("morpheus", "0009_trusted_writers"),
    ]

    operations = [migrations.RunSQL(NUMBER_INVOICES_SQL, DROP_SQL)]
