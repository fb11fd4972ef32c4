import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.utils import timezone

from invoicing.models import Invoice
from invoicing.services import invoices_number
from morpheus.db_context import system_scope
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
