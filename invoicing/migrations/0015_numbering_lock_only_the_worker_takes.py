"""The numbering serialises on a lock only the job worker's role may take, and gives up
after a moment rather than wait for ever (outside probe BX, BX-2).

It took `pg_advisory_xact_lock(hashtext('invoicing_number_invoices'))`; advisory locks need
no privilege, so SQL injected into a web request took the same key with a session lock, and
the numbering job waited for it for as long as it was held, and every job queued behind it
(the worker runs one at a time: fulfilment, refunds to Stripe, emails). It now locks the
counters' table in EXCLUSIVE mode: the app role, which may only read the counters, can
take ACCESS SHARE on it at most, which does not conflict (a statement refused for want of
a privilege keeps no lock). And a lock held elsewhere (a row the app role still locks: an
uncommitted note naming a waiting invoice) makes the numbering fail after `lock_timeout`,
to be retried, instead of blocking the worker.
"""

from importlib import import_module

from django.db import migrations

BEFORE = import_module("invoicing.migrations.0014_numbering_trusts_no_waiting_row")
HEADER = "CREATE FUNCTION public.invoicing_number_invoices("
SETTINGS = "LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$"
ADVISORY_LOCK = "PERFORM pg_advisory_xact_lock(hashtext('invoicing_number_invoices'));"
FUNCTION_SQL = BEFORE.NUMBER_INVOICES_SQL.split("DROP FUNCTION")[0].replace(
    HEADER, "CREATE OR REPLACE FUNCTION public.invoicing_number_invoices("
)
for fragment in (SETTINGS, ADVISORY_LOCK):
    if FUNCTION_SQL.count(fragment) != 1:
        raise RuntimeError(f"invoicing 0014's function changed: {fragment!r} not found once")

NUMBER_INVOICES_SQL = FUNCTION_SQL.replace(
    SETTINGS, SETTINGS.replace(" AS $$", "\nSET lock_timeout = '2s' AS $$")
).replace(ADVISORY_LOCK, "LOCK TABLE public.invoicing_documentcounter IN EXCLUSIVE MODE;")


class Migration(migrations.Migration):
    dependencies = [("invoicing", "0014_numbering_trusts_no_waiting_row")]

    operations = [migrations.RunSQL(NUMBER_INVOICES_SQL, FUNCTION_SQL)]
