# LARGE TABLE: the two unique indexes are built again with the series in them, each one scan
# of invoicing_invoice (one row per paid order and per refund), holding writes on it meanwhile.
"""Only `invoicing_write_note` writes a credit or debit note, and only one the order's own
rows back (outside probe BY, BY-2 and BY-3).

The app role still inserted the notes, so SQL injected into a staff request wrote any note it
liked. One in the credit notes' own series, with no refund behind it, was numbered and
emailed, and the order's real refund then got a credit note of 0.00: the forged one had
credited the invoice's lines already (BY-2). One in a made-up series, with the refunded
total of the next refund, was taken for that refund's credit note, which was never written
(BY-3: the services looked for "the note of this refund" in every series). So:

- a row of any kind inserted by another role than the tables' owner is refused
  (`invoicing_refuse_invoice_insert`, 0016's trigger, which refused invoices only): the app
  and worker roles insert no document;
- `invoicing_write_note` writes a note, SECURITY DEFINER, owned by the tables' owner and
  executed by the app role only (the worker's through its membership), in a transaction
  whose verified scope is the system's (the shop's refund, `system_scope`): SQL injected into
  a staff or customer request cannot call it. It writes nothing the database's own rows do
  not back: a credit or debit note of an invoice the shop wrote (in the invoices' series),
  lines whose amounts add up (net plus VAT, each line; its totals are their sums); a credit
  note only up to the order's recorded refunded total (`orders_order.refunded_amount`, which
  the refund raises in the same transaction), the invoice's own credit notes less its own
  debit notes and this one crediting no more than that total nor the invoice's; a debit note
  only of a credit note of that invoice, in the credit notes' series, for no more than that
  note has left. The refund's transaction, which the note is part of, fails otherwise;
- one credit note per refund, and one debit note per refund that came back, per series: a
  row in another series takes no refund's place (the services, which now read the documents
  of their kind's series only, would have written the refund's note beside it);
- the numbering leaves waiting a credit note the order's refunds do not back (with its
  invoice's numbered credit notes and all its debit notes, it would credit more than the
  order's recorded refunded total): only a row written before this migration can be one.

A note in the credit notes' series forged before this migration and numbered already stays
issued (it was emailed, and its quarter's VAT counted it): Finance must reverse it, and a
refund of its order whose credit note it leaves no room for is refused, saying so, until
then. The previous release's web inserted notes itself: until it is replaced, a refund it
records is refused and rolled back (Stripe sends its event again, the jobs retry).
"""

from importlib import import_module

from django.conf import settings
from django.db import migrations, models

SIGNATURE = (
    "public.invoicing_write_note(text, bigint, bigint, timestamptz, jsonb, jsonb, jsonb, text, "
    "bigint, integer, text, text, text, text)"
)

WRITE_NOTE_SQL = """
CREATE FUNCTION public.invoicing_write_note(
  p_kind text,
  p_invoice_id bigint,
  p_reversed_note_id bigint,
  p_issued_at timestamptz,
  p_lines jsonb,
  p_seller jsonb,
  p_buyer jsonb,
  p_tax_note text,
  p_refunded_total bigint,
  p_taken_back integer,
  p_payment_reference text,
  p_invoice_series text,
  p_credit_note_series text,
  p_debit_note_series text
) RETURNS public.invoicing_invoice
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  v_invoice public.invoicing_invoice;
  v_order public.orders_order;
  v_reversed public.invoicing_invoice;
  v_net bigint;
  v_tax bigint;
  v_total bigint;
  v_credited bigint;
  v_left bigint;
  v_note public.invoicing_invoice;
BEGIN
  IF public.morpheus_context_scope() IS DISTINCT FROM 'system' THEN
    RAISE EXCEPTION 'only the shop writes a credit or debit note, as it records a refund'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF p_kind NOT IN ('credit_note', 'debit_note') THEN
    RAISE EXCEPTION 'a note is a credit note or a debit note, not %', p_kind
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  SELECT * INTO v_invoice FROM public.invoicing_invoice
  WHERE id = p_invoice_id AND kind = 'invoice' AND series = p_invoice_series;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'document % is not an invoice the shop wrote: no note credits it', p_invoice_id
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  -- One note of an order at a time (the refund writing it holds this lock already).
  SELECT * INTO v_order FROM public.orders_order WHERE id = v_invoice.order_id FOR NO KEY UPDATE;

  SELECT coalesce(sum((l ->> 'net')::bigint), 0), coalesce(sum((l ->> 'tax')::bigint), 0),
         coalesce(sum((l ->> 'gross')::bigint), 0)
  INTO v_net, v_tax, v_total
  FROM pg_catalog.jsonb_array_elements(p_lines) l;
  IF EXISTS (
    SELECT 1 FROM pg_catalog.jsonb_array_elements(p_lines) l
    WHERE (l ->> 'gross')::bigint IS DISTINCT FROM (l ->> 'net')::bigint + (l ->> 'tax')::bigint
  ) THEN
    RAISE EXCEPTION 'the lines of a note of order % do not add up: each line''s gross is its net plus its VAT',
      v_order.number USING ERRCODE = 'invalid_parameter_value';
  END IF;

  -- What the invoice's own notes credit so far: its credit notes less its debit notes.
  SELECT coalesce(sum(n.total_amount), 0) INTO v_credited FROM public.invoicing_invoice n
  WHERE n.credited_invoice_id = v_invoice.id
    AND ((n.kind = 'credit_note' AND n.series = p_credit_note_series)
         OR (n.kind = 'debit_note' AND n.series = p_debit_note_series));

  IF p_kind = 'credit_note' THEN
    IF p_refunded_total > v_order.refunded_amount THEN
      RAISE EXCEPTION 'order % has % refunded, not %: no refund backs this credit note',
        v_order.number, v_order.refunded_amount, p_refunded_total
        USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF v_credited + v_total > least(p_refunded_total, v_invoice.total_amount) THEN
      RAISE EXCEPTION 'the notes of invoice % credit % already: a credit note of % would credit more than the % refunded of order % (or its invoice''s %)',
        coalesce(v_invoice.number, v_invoice.id::text), v_credited, v_total, p_refunded_total,
        v_order.number, v_invoice.total_amount
        USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF v_total <= 0 THEN
      RAISE EXCEPTION 'a credit note of order % credits nothing', v_order.number
        USING ERRCODE = 'invalid_parameter_value';
    END IF;
  ELSE
    SELECT * INTO v_reversed FROM public.invoicing_invoice
    WHERE id = p_reversed_note_id AND kind = 'credit_note' AND series = p_credit_note_series
      AND credited_invoice_id = v_invoice.id;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'document % is not a credit note the shop wrote of order %''s invoice: no debit note reverses it',
        p_reversed_note_id, v_order.number USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    SELECT v_reversed.total_amount + coalesce(sum(d.total_amount), 0) INTO v_left
    FROM public.invoicing_invoice d
    WHERE d.reversed_note_id = v_reversed.id AND d.kind = 'debit_note'
      AND d.series = p_debit_note_series;
    IF -v_total > v_left THEN
      RAISE EXCEPTION 'a debit note of % takes back more than credit note % of order % has left (%)',
        -v_total, coalesce(v_reversed.number, v_reversed.id::text), v_order.number, v_left
        USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF v_total >= 0 THEN
      RAISE EXCEPTION 'a debit note of order % takes nothing back', v_order.number
        USING ERRCODE = 'invalid_parameter_value';
    END IF;
  END IF;

  INSERT INTO public.invoicing_invoice (
    kind, series, year, credited_invoice_id, reversed_note_id, order_id, customer_id,
    issued_at, currency, net_amount, tax_amount, total_amount, lines, seller, buyer,
    refunded_total, taken_back, payment_reference, tax_note)
  VALUES (
    p_kind,
    CASE p_kind WHEN 'credit_note' THEN p_credit_note_series ELSE p_debit_note_series END,
    extract(year FROM p_issued_at AT TIME ZONE 'UTC'), v_invoice.id, v_reversed.id,
    v_order.id, v_order.customer_id, p_issued_at, v_order.currency, v_net, v_tax, v_total,
    p_lines, p_seller, p_buyer, p_refunded_total, p_taken_back, p_payment_reference, p_tax_note)
  RETURNING * INTO v_note;
  RETURN v_note;
END
$$;
"""

DROP_WRITE_NOTE_SQL = f"DROP FUNCTION {SIGNATURE};"

# 0016's trigger function, refusing every kind now.
REFUSE_INVOICE_INSERT_SQL = import_module(
    "invoicing.migrations.0016_only_the_shop_writes_invoices"
).REFUSE_INVOICE_INSERT_SQL.split("CREATE TRIGGER")[0]
INVOICE_ONLY = "IF NEW.kind = 'invoice' AND NOT"
INVOICE_MESSAGE = (
    "'the shop writes an invoice from its paid order (invoicing_write_invoice): insert none'"
)
for fragment in (INVOICE_ONLY, INVOICE_MESSAGE, "CREATE FUNCTION"):
    if REFUSE_INVOICE_INSERT_SQL.count(fragment) != 1:
        raise RuntimeError(f"invoicing 0016's trigger changed: {fragment!r} not found once")
INVOICES_REFUSED_SQL = REFUSE_INVOICE_INSERT_SQL.replace(
    "CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"
)
DOCUMENTS_REFUSED_SQL = INVOICES_REFUSED_SQL.replace(INVOICE_ONLY, "IF NOT").replace(
    INVOICE_MESSAGE,
    "'the shop writes its documents (invoicing_write_invoice, invoicing_write_note): insert none'",
)

# 0015's numbering, leaving waiting a credit note the order's refunds do not back.
NUMBER_INVOICES_SQL = import_module(
    "invoicing.migrations.0015_numbering_lock_only_the_worker_takes"
).NUMBER_INVOICES_SQL
LOOP_READ = "    SELECT id, series, issued_at, credited_invoice_id, reversed_note_id\n"
WAITS_WITH_IT = """        AND i.sequence IS NULL);
"""
for fragment in (LOOP_READ, WAITS_WITH_IT):
    if NUMBER_INVOICES_SQL.count(fragment) != 1:
        raise RuntimeError(f"invoicing 0015's function changed: {fragment!r} not found once")
NOT_BACKED_WAITS = """    -- A credit note the order's refunds do not back stays waiting (only one written
    -- before invoicing 0017, by another role than `invoicing_write_note`, can be one): with
    -- its invoice's numbered credit notes and every debit note, it would credit more than
    -- the order's recorded refunded total.
    CONTINUE WHEN v_invoice.kind = 'credit_note' AND v_invoice.total_amount + (
      SELECT coalesce(sum(i.total_amount), 0) FROM public.invoicing_invoice i
      WHERE i.credited_invoice_id = v_invoice.credited_invoice_id
        AND ((i.kind = 'credit_note' AND i.series = p_credit_note_series
              AND i.sequence IS NOT NULL)
             OR (i.kind = 'debit_note' AND i.series = p_debit_note_series))
    ) > (SELECT o.refunded_amount FROM public.orders_order o WHERE o.id = v_invoice.order_id);
"""
BACKED_NUMBER_INVOICES_SQL = NUMBER_INVOICES_SQL.replace(
    LOOP_READ,
    "    SELECT id, kind, series, issued_at, credited_invoice_id, reversed_note_id, order_id,\n"
    "           total_amount\n",
).replace(WAITS_WITH_IT, WAITS_WITH_IT + NOT_BACKED_WAITS)


def _app(schema_editor) -> str:
    return schema_editor.quote_name(settings.DATABASE_APP_ROLE)


def app_executes_only(apps, schema_editor):
    schema_editor.execute(f"REVOKE ALL ON FUNCTION {SIGNATURE} FROM PUBLIC")
    schema_editor.execute(f"GRANT EXECUTE ON FUNCTION {SIGNATURE} TO {_app(schema_editor)}")


class Migration(migrations.Migration):
    dependencies = [("invoicing", "0016_only_the_shop_writes_invoices")]

    operations = [
        migrations.RemoveConstraint(model_name="invoice", name="one_credit_note_per_refund"),
        migrations.AddConstraint(
            model_name="invoice",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind", "credit_note")),
                fields=("order", "series", "refunded_total", "taken_back"),
                name="one_credit_note_per_refund",
            ),
        ),
        migrations.RemoveConstraint(model_name="invoice", name="one_debit_note_per_refund"),
        migrations.AddConstraint(
            model_name="invoice",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("kind", "debit_note"), models.Q(("payment_reference", ""), _negated=True)
                ),
                fields=("order", "series", "payment_reference"),
                name="one_debit_note_per_refund",
            ),
        ),
        migrations.RunSQL(DOCUMENTS_REFUSED_SQL, INVOICES_REFUSED_SQL),
        migrations.RunSQL(WRITE_NOTE_SQL, DROP_WRITE_NOTE_SQL),
        migrations.RunPython(app_executes_only, migrations.RunPython.noop),
        migrations.RunSQL(BACKED_NUMBER_INVOICES_SQL, NUMBER_INVOICES_SQL),
    ]
