import threading
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from invoicing.errors import NumberingBusy
from invoicing.models import Invoice
from invoicing.services import invoices_number
from invoicing.tests.helpers import documents
from invoicing.tests.test_services import paid_order
from morpheus.db_context import system_scope
from morpheus_testing.concurrency import LOCK_TIMEOUT
from morpheus_testing.embedded_db import Roles
from morpheus_testing.factories import create_order
from morpheus_testing.jobs import as_worker
from orders import services as order_services
from orders.transitions import OrderStatus

PARALLEL = 20


@pytest.mark.django_db(transaction=True)
def test_twenty_orders_paid_and_numbered_at_once_get_invoice_numbers_one_to_twenty():
    """Each payment's numbering job numbers every invoice waiting: run side by side with
    the payments and with each other, they give each invoice one number, none twice, no gap."""
    orders = [create_order(status=OrderStatus.PROCESSING) for _ in range(PARALLEL)]
    start_together = threading.Barrier(PARALLEL)

    def pay_then_number(order) -> int:
        try:
            start_together.wait()
            with system_scope():
                order_services.order_transition(
                    order=order, name="mark_paid", actor="test", reason="parallel"
                )
            with as_worker():
                return invoices_number()
        finally:
            connection.close()

    with ThreadPoolExecutor(PARALLEL) as pool:
        numbered = list(pool.map(pay_then_number, orders))

    with system_scope():
        invoices = list(Invoice.objects.all())
    assert sum(numbered) == PARALLEL
    assert sorted(invoice.sequence for invoice in invoices) == list(range(1, PARALLEL + 1))
    assert {invoice.order_id for invoice in invoices} == {order.pk for order in orders}
    year = timezone.now().year
    assert {invoice.number for invoice in invoices} == {
        f"INV-{year}-{n:06d}" for n in range(1, PARALLEL + 1)
    }


def _session(*, as_app: bool = False, as_owner: bool = False) -> psycopg.Connection:
    """A connection of its own: the app role's, as an injected statement on a web
    request's connection gets it, the tables' owner's, whose rights the numbering runs with
    (invoicing 0018), or else the job worker's (the tests' login)."""
    params = connection.get_connection_params()
    if not as_app:
        params.pop("options")
    if as_owner:
        params |= {"user": Roles.owner, "password": Roles.password}
    return psycopg.connect(**params)


@pytest.mark.django_db(transaction=True)
def test_the_app_role_holding_the_old_numbering_lock_does_not_stop_the_numbering():
    """Outside probe BX (BX-2): the app role took the numbering's advisory lock with a
    session lock, and the numbering job, and every job queued behind it, waited for as
    long as it held it. Nor does the most it may lock of the counters' table stop it."""
    order = paid_order(499, numbered=False)
    with _session(as_app=True) as app_session:
        app_session.execute("SELECT pg_advisory_lock(hashtext('invoicing_number_invoices'))")
        app_session.execute("LOCK TABLE invoicing_documentcounter IN ACCESS SHARE MODE")
        with as_worker(), connection.cursor() as cursor:
            # For the old numbering to fail here rather than hang (the new one sets its own).
            cursor.execute("SET lock_timeout = '1s'")
            try:
                assert invoices_number() == 1
            finally:
                cursor.execute("RESET lock_timeout")
    assert documents(order)[0].number == f"INV-{timezone.now().year}-000001"


@pytest.mark.django_db(transaction=True)
def test_a_numbering_stuck_elsewhere_fails_the_next_one_after_a_moment_to_be_retried():
    """Outside probe BX (BX-2): the numbering waited for a lock without end, and the worker,
    which runs one job at a time, with it. Here a numbering in a worker stopped in the middle
    (the probe SIGSTOPped its worker) holds the lock, with the tables' owner's rights the
    numbering runs with (the worker's role may not take it itself: invoicing 0018)."""
    order = paid_order(499, numbered=False)
    with _session(as_owner=True) as stuck:
        stuck.execute("LOCK TABLE invoicing_documentcounter IN EXCLUSIVE MODE")
        with as_worker(), connection.cursor() as cursor:
            # Longer than the numbering's own lock timeout: the old numbering, which had
            # none, fails with this instead of hanging.
            cursor.execute("SET statement_timeout = '10s'")
            try:
                with pytest.raises(NumberingBusy) as failure:
                    invoices_number()
            finally:
                cursor.execute("RESET statement_timeout")
    assert failure.value.__cause__.__cause__.sqlstate == LOCK_TIMEOUT
    with as_worker():
        assert invoices_number() == 1
    assert documents(order)[0].number == f"INV-{timezone.now().year}-000001"
