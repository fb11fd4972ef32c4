import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.utils import timezone

from invoicing.models import Invoice
from morpheus.db_context import system_scope
from morpheus_testing.factories import create_order
from orders import services as order_services
from orders.transitions import OrderStatus

PARALLEL = 20


@pytest.mark.django_db(transaction=True)
def test_twenty_orders_paid_at_once_get_invoice_numbers_one_to_twenty():
    orders = [create_order(status=OrderStatus.PROCESSING) for _ in range(PARALLEL)]
    start_together = threading.Barrier(PARALLEL)

    def pay(order) -> None:
        try:
            start_together.wait()
            with system_scope():
                order_services.order_transition(
                    order=order, name="mark_paid", actor="test", reason="parallel"
                )
        finally:
            connection.close()

    with ThreadPoolExecutor(PARALLEL) as pool:
        list(pool.map(pay, orders))

    with system_scope():
        invoices = list(Invoice.objects.all())
    assert sorted(invoice.sequence for invoice in invoices) == list(range(1, PARALLEL + 1))
    assert {invoice.order_id for invoice in invoices} == {order.pk for order in orders}
    year = timezone.now().year
    assert {invoice.number for invoice in invoices} == {
        f"INV-{year}-{n:06d}" for n in range(1, PARALLEL + 1)
    }
