"""The numbering runs with the tables' owner's rights, the series are the database's own, and
a note `invoicing_write_note` wrote is not judged again when numbered (outside probe BZ,
BZ-3, BZ-7, BZ-8 and BZ-9).

- BZ-9: `invoicing_number_invoices` ran with the job worker's role's own privileges, so that
  role held UPDATE of the number columns (issued_at, year, sequence, number) and INSERT and
  UPDATE of the counters: SQL running as it in a staff or system scope numbered a waiting
  document itself (one the numbering refuses) and moved a counter (a gap in the numbers),
  around every rule the numbering keeps. The function is now SECURITY DEFINER, owned by the
  tables' owner, executed by the worker's role only (the web never numbers: the numbering
  job, the "issued" email job, which numbers first, and the five-minute sweep all run in the
  worker), and the worker's role keeps none of those privileges: it may read the counters,
  no more. The lock (the counters' table in EXCLUSIVE mode, `lock_timeout` 2 s) is taken by
  the function as before; neither the app role nor the worker's may take it themselves now.
- BZ-7: `invoicing_write_note` took the series it checks against (the invoice's, the notes'
  "credited so far") and writes in as arguments, so in the system scope it wrote a note no
  refund backs in another series (never numbered, but listed as "not written by the shop").
  The series are settings (`INVOICE_SERIES`, `CREDIT_NOTE_SERIES`, `DEBIT_NOTE_SERIES`),
  which the services pass and read (`DocumentKind.series`, `own_series`): this migration
  records the values they have when it runs in `invoicing_refuse_other_series`, and the
  writers (`invoicing_write_invoice`, `invoicing_write_note`) and the numbering refuse any
  other series, saying which. The arguments stay, so Python and the database cannot
  silently disagree on what the shop's series are: changing a series setting afterwards
  fails every write and numbering, loudly, until a migration records the new series (a
  changed series also makes the services take the old documents for someone else's: it was
  never supported).
- BZ-8: the numbering judged again whether a waiting credit note is backed, by the order's
  recorded refunded total, which SQL in a staff request may lower: a real note, written and
  checked by `invoicing_write_note` in the refund's own transaction, was then left waiting
  for good ("the shop did not write it"). That function now marks the notes it writes
  (`backed_when_written`, a column only the owner's functions set: the app and worker roles
  insert no document and update none of its columns), and the numbering applies its
  "not backed" rule only to the rows it did not write (written before invoicing 0017).
- BZ-3: such an old row is judged against the invoice's numbered credit notes and its debit
  notes, as before, and now also against the marked credit notes still waiting, which will be
  numbered whatever it does: a forged old row dated before the real note waiting beside it
  is the one left waiting, no longer the real one.
"""

from importlib import import_module

from django.conf import settings
from django.db import migrations, models

BEFORE = import_module("invoicing.migrations.0017_only_the_shop_writes_notes")
WRITE_INVOICE_SQL = import_module(
    "invoicing.migrations.0016_only_the_shop_writes_invoices"
).DEFINER_SQL

NUMBER_SIGNATURE = "public.invoicing_number_invoices(timestamptz, text, text, text)"
SERIES_SIGNATURE = "public.invoicing_refuse_other_series(text, text)"
NUMBERED_COLUMNS = "issued_at, year, sequence, number"
COUNTER = "invoicing_documentcounter"

SERIES_SQL = """
CREATE FUNCTION public.invoicing_refuse_other_series(p_kind text, p_series text)
RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  v_series text := CASE p_kind WHEN 'invoice' THEN {invoice}
                               WHEN 'credit_note' THEN {credit_note}
                               WHEN 'debit_note' THEN {debit_note} END;
BEGIN
  IF p_series IS DISTINCT FROM v_series THEN
    RAISE EXCEPTION 'the shop numbers a document of kind % in the series %, not %: the series settings are recorded when the database is migrated (invoicing 0018)',
      p_kind, coalesce(v_series, '(none)'), coalesce(p_series, '(none)')
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
END
$$;
REVOKE ALL ON FUNCTION public.invoicing_refuse_other_series(text, text) FROM PUBLIC;
"""
DROP_SERIES_SQL = f"DROP FUNCTION {SERIES_SIGNATURE};"


def _checked(sql: str, replacements: list[tuple[str, str]], what: str) -> str:
    for old, new in replacements:
        if sql.count(old) != 1:
            raise RuntimeError(f"{what} changed: {old!r} not found once")
        sql = sql.replace(old, new)
    return sql


def _refused(*kinds: tuple[str, str]) -> str:
    return "".join(
        f"  PERFORM public.invoicing_refuse_other_series('{kind}', {argument});\n"
        for kind, argument in kinds
    )


ALL_SERIES = _refused(
    ("invoice", "p_invoice_series"),
    ("credit_note", "p_credit_note_series"),
    ("debit_note", "p_debit_note_series"),
)

# 0016's invoice writer, refusing another series than the invoices'.
INVOICE_SERIES_READ = "BEGIN\n  SELECT i.id INTO invoice_id FROM public.invoicing_invoice i\n"
OWN_SERIES_WRITE_INVOICE_SQL = _checked(
    WRITE_INVOICE_SQL,
    [
        (
            INVOICE_SERIES_READ,
            INVOICE_SERIES_READ.replace("BEGIN\n", "BEGIN\n" + _refused(("invoice", "p_series"))),
        )
    ],
    "invoicing 0016's invoice writer",
)

# 0017's note writer, refusing other series, marking the notes it writes.
KIND_CHECK = "  IF p_kind NOT IN ('credit_note', 'debit_note') THEN\n"
MARKED_WRITE_NOTE_SQL = _checked(
    BEFORE.WRITE_NOTE_SQL,
    [
        ("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"),
        (KIND_CHECK, ALL_SERIES + KIND_CHECK),
        (
            "    refunded_total, taken_back, payment_reference, tax_note)\n",
            "    refunded_total, taken_back, payment_reference, tax_note, backed_when_written)\n",
        ),
        (
            "p_refunded_total, p_taken_back, p_payment_reference, p_tax_note)\n",
            "p_refunded_total, p_taken_back, p_payment_reference, p_tax_note, true)\n",
        ),
    ],
    "invoicing 0017's note writer",
)
UNMARKED_WRITE_NOTE_SQL = BEFORE.WRITE_NOTE_SQL.replace(
    "CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"
)

# 0017's numbering, as the owner, refusing other series, judging only the unmarked notes.
NOT_BACKED_WAITS = """    -- A credit note `invoicing_write_note` did not write (only one written before
    -- invoicing 0017 can be one) stays waiting when the order's refunds do not back it:
    -- with its invoice's numbered credit notes, those that function wrote (numbered or
    -- waiting: they are numbered whatever this row does) and every debit note, it would
    -- credit more than the order's recorded refunded total. A note that function wrote was
    -- checked in the refund's own transaction, and is not judged again (outside probe BZ,
    -- BZ-8: SQL in a staff request may lower that total since).
    CONTINUE WHEN v_invoice.kind = 'credit_note' AND NOT v_invoice.backed_when_written
      AND v_invoice.total_amount + (
      SELECT coalesce(sum(i.total_amount), 0) FROM public.invoicing_invoice i
      WHERE i.credited_invoice_id = v_invoice.credited_invoice_id AND i.id <> v_invoice.id
        AND ((i.kind = 'credit_note' AND i.series = p_credit_note_series
              AND (i.sequence IS NOT NULL OR i.backed_when_written))
             OR (i.kind = 'debit_note' AND i.series = p_debit_note_series))
    ) > (SELECT o.refunded_amount FROM public.orders_order o WHERE o.id = v_invoice.order_id);
"""
OWNER_NUMBER_INVOICES_SQL = _checked(
    BEFORE.BACKED_NUMBER_INVOICES_SQL,
    [
        (
            "LANGUAGE plpgsql SET search_path",
            "LANGUAGE plpgsql SECURITY DEFINER SET search_path",
        ),
        ("BEGIN\n  IF NOT EXISTS", "BEGIN\n" + ALL_SERIES + "  IF NOT EXISTS"),
        ("           total_amount\n", "           total_amount, backed_when_written\n"),
        (BEFORE.NOT_BACKED_WAITS, NOT_BACKED_WAITS),
    ],
    "invoicing 0017's numbering",
)


def _roles(schema_editor) -> tuple[str, str]:
    quote = schema_editor.quote_name
    return quote(settings.DATABASE_APP_ROLE), quote(settings.DATABASE_WORKER_ROLE)


def series_recorded(apps, schema_editor):
    literal = schema_editor.quote_value
    schema_editor.execute(
        SERIES_SQL.format(
            invoice=literal(settings.INVOICE_SERIES),
            credit_note=literal(settings.CREDIT_NOTE_SERIES),
            debit_note=literal(settings.DEBIT_NOTE_SERIES),
        ),
        None,  # no parameters: its `%` are the message's
    )


def series_not_recorded(apps, schema_editor):
    schema_editor.execute(DROP_SERIES_SQL)


def only_the_owner_numbers(apps, schema_editor):
    _, worker = _roles(schema_editor)
    schema_editor.execute(f"REVOKE ALL ON FUNCTION {NUMBER_SIGNATURE} FROM PUBLIC")
    schema_editor.execute(f"GRANT EXECUTE ON FUNCTION {NUMBER_SIGNATURE} TO {worker}")
    schema_editor.execute(f"REVOKE UPDATE ({NUMBERED_COLUMNS}) ON invoicing_invoice FROM {worker}")
    schema_editor.execute(f"REVOKE INSERT, UPDATE ON {COUNTER} FROM {worker}")


def the_worker_numbers_again(apps, schema_editor):
    _, worker = _roles(schema_editor)
    schema_editor.execute(f"GRANT INSERT, UPDATE ON {COUNTER} TO {worker}")
    schema_editor.execute(f"GRANT UPDATE ({NUMBERED_COLUMNS}) ON invoicing_invoice TO {worker}")
    schema_editor.execute(f"REVOKE ALL ON FUNCTION {NUMBER_SIGNATURE} FROM {worker}")
    schema_editor.execute(f"GRANT EXECUTE ON FUNCTION {NUMBER_SIGNATURE} TO PUBLIC")


class Migration(migrations.Migration):
    dependencies = [("invoicing", "0017_only_the_shop_writes_notes")]

    operations = [
        # No rewrite: a constant default (PostgreSQL 11 and later).
        migrations.AddField(
            model_name="invoice",
            name="backed_when_written",
            field=models.BooleanField(db_default=False, default=False, editable=False),
        ),
        migrations.RunPython(series_recorded, series_not_recorded),
        migrations.RunSQL(OWN_SERIES_WRITE_INVOICE_SQL, WRITE_INVOICE_SQL),
        migrations.RunSQL(MARKED_WRITE_NOTE_SQL, UNMARKED_WRITE_NOTE_SQL),
        migrations.RunSQL(OWNER_NUMBER_INVOICES_SQL, BEFORE.BACKED_NUMBER_INVOICES_SQL),
        migrations.RunPython(only_the_owner_numbers, the_worker_numbers_again),
    ]
