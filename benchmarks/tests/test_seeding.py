from django.db.models import Count

from benchmarks.seeding import seed_orders_reported
from morpheus.db_context import system_scope
from orders.models import Order, OrderEvent
from orders.transitions import ALLOWED_PAIRS, OrderStatus, path_to
from payments.models import Payment, PaymentStatus


def test_seed_orders_walks_each_order_along_allowed_transitions_with_history(db):
    assert seed_orders_reported(300, seed=1).startswith("Seeded 300 orders in ")
    with system_scope():
        orders = {o.pk: o for o in Order.objects.filter(number__startswith="MO-S-")}
        moves = list(OrderEvent.objects.filter(order_id__in=orders, type="status_changed"))
        paid_payments = Payment.objects.filter(order_id__in=orders, status=PaymentStatus.SUCCEEDED)
        paid_count = paid_payments.count()
        statuses = dict(
            Order.objects.filter(pk__in=orders).values_list("status").annotate(n=Count("id"))
        )
    assert len(orders) == 300
    assert set(statuses) == {status.value for status in OrderStatus}
    assert {(e.from_status, e.to_status) for e in moves} <= ALLOWED_PAIRS
    expected_moves = sum(len(path_to(order.status)) for order in orders.values())
    assert len(moves) == expected_moves
    assert all(e.actor == "seed:benchmarks" for e in moves)
    went_past_paid = sum(
        n for status, n in statuses.items() if "mark_paid" in {s.name for s in path_to(status)}
    )
    assert paid_count == went_past_paid
    refunded = [o for o in orders.values() if o.status == OrderStatus.REFUNDED]
    assert all(o.refunded_amount == o.total_amount and o.paid_at for o in refunded)
