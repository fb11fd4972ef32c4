"""Sales per title after a refund Stripe paid came back from the customer's bank: payments
fails the refund (`refund_fail_after_paid`, as a `charge.refund.updated` reporting it
failed does), which lowers the order's refunded total. Analytics kept counting the refund,
and a refund made again to the same total was dropped as already recorded."""

from datetime import timedelta
from itertools import count

import pytest
from django.utils import timezone

from analytics.selectors import sales_per_title
from analytics.tasks import record_business_event
from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicFactory, PaymentFactory, create_order
from morpheus_testing.jobs import run_queued_jobs
from orders.models import Order
from orders.services import order_items_record_refunded, order_record_refunded_amount
from orders.transitions import OrderStatus
from payments.models import Refund, RefundLine, RefundStatus
from payments.services.refund_failures import refund_fail_after_paid

pytestmark = pytest.mark.django_db
STRIPE_IDS = (f"re_came_back_{n}" for n in count())


def _paid_back(order, amount: int, item=None) -> Refund:
    """A refund Stripe paid (of `item` as a whole when given), as payments records it."""
    with system_scope():
        order.refresh_from_db()
        refund = Refund.objects.create(
            order=order,
            payment=order.payments.first() or PaymentFactory(order=order),
            amount=amount,
            currency=order.currency,
            reason="Customer asked",
            status=RefundStatus.SUCCEEDED,
            succeeded_at=timezone.now(),
            stripe_refund_id=next(STRIPE_IDS),
            actor="staff:finance",
        )
        if item is not None:
            RefundLine.objects.create(refund=refund, order_item=item, amount=amount)
            order_items_record_refunded(
                order=order, refunded={item.pk: item.refunded_amount + amount}
            )
        order_record_refunded_amount(
            order=order,
            refunded_total=order.refunded_amount + amount,
            actor="staff:finance",
            reason="Customer asked",
            refund_reference=refund.stripe_refund_id,
        )
    return refund


def _comes_back(refund: Refund) -> None:
    """The customer's bank sent the refund back: Stripe failed it after paying it."""
    with system_scope():
        refund_fail_after_paid(
            refund, message="expired_or_canceled_card", data={"status": "failed"}
        )


def _rows() -> dict[int, tuple[int, int, int]]:
    run_queued_jobs(names={record_business_event.name})
    now = timezone.now()
    rows = sales_per_title(start=now - timedelta(hours=1), end=now + timedelta(hours=1))
    return {row.comic_id: (row.revenue, row.refunds, row.net) for row in rows}


def _kept(order) -> int:
    with system_scope():
        order = Order.objects.get(pk=order.pk)
    return order.total_amount - order.refunded_amount


def test_a_full_refund_that_came_back_is_no_refund_of_its_titles():
    a, b = (ComicFactory(price_amount=price) for price in (499, 699))
    order = create_order(comics=[a, b], status=OrderStatus.FULFILLED)
    _comes_back(_paid_back(order, 1198))

    rows = _rows()

    assert rows == {a.pk: (499, 0, 499), b.pk: (699, 0, 699)}
    assert sum(net for _, _, net in rows.values()) == _kept(order) == 1198


def test_a_refund_made_again_after_one_came_back_counts_though_it_reaches_the_same_total():
    """3.00 refunded, sent back by the bank, then 2.00 and 1.00 refunded: the second brings
    the refunded total back to 3.00, which the first had recorded."""
    a, b = (ComicFactory(price_amount=price) for price in (499, 699))
    order = create_order(comics=[a, b], status=OrderStatus.FULFILLED)
    _comes_back(_paid_back(order, 300))
    _paid_back(order, 200)
    _paid_back(order, 100)

    rows = _rows()

    assert sum(refunds for _, refunds, _ in rows.values()) == 300
    assert sum(net for _, _, net in rows.values()) == _kept(order) == 1198 - 300
    assert rows == {a.pk: (499, 125, 374), b.pk: (699, 175, 524)}


def test_an_item_refund_that_came_back_gives_back_to_its_own_title_only():
    a, b, c = (ComicFactory(price_amount=price) for price in (499, 699, 399))
    order = create_order(comics=[a, b, c], status=OrderStatus.FULFILLED)
    with system_scope():
        item_b, item_c = (order.items.get(comic=comic) for comic in (b, c))
    came_back = _paid_back(order, 699, item=item_b)
    _paid_back(order, 399, item=item_c)
    _comes_back(came_back)

    rows = _rows()

    assert rows == {a.pk: (499, 0, 499), b.pk: (699, 0, 699), c.pk: (399, 399, 0)}
    assert sum(net for _, _, net in rows.values()) == _kept(order) == 499 + 699


def test_an_item_refund_that_came_back_after_a_refund_of_an_amount_gives_back_its_own_share():
    a, b = (ComicFactory(price_amount=price) for price in (500, 500))
    order = create_order(comics=[a, b], status=OrderStatus.FULFILLED)
    with system_scope():
        item_a = order.items.get(comic=a)
    _paid_back(order, 400)  # 2.00 of each
    _comes_back(_paid_back(order, 300, item=item_a))  # what A had left

    rows = _rows()

    assert rows == {a.pk: (500, 200, 300), b.pk: (500, 200, 300)}
    assert sum(net for _, _, net in rows.values()) == _kept(order) == 600


def test_an_item_refund_that_came_back_leaves_its_title_to_a_later_refund_of_an_amount():
    a, b = (ComicFactory(price_amount=price) for price in (500, 500))
    order = create_order(comics=[a, b], status=OrderStatus.FULFILLED)
    with system_scope():
        item_b = order.items.get(comic=b)
    _comes_back(_paid_back(order, 500, item=item_b))
    _paid_back(order, 400)  # an amount: shared by both, B being no longer refunded

    rows = _rows()

    assert rows == {a.pk: (500, 200, 300), b.pk: (500, 200, 300)}
    assert sum(net for _, _, net in rows.values()) == _kept(order) == 600


def test_a_refund_that_came_back_in_a_later_period_is_a_negative_refund_and_no_refunded_order():
    comic = ComicFactory(price_amount=499)
    order = create_order(comics=[comic], status=OrderStatus.FULFILLED)
    refund = _paid_back(order, 499)
    run_queued_jobs(names={record_business_event.name})
    later = timezone.now()  # a period that begins after the refund
    _comes_back(refund)
    run_queued_jobs(names={record_business_event.name})

    (row,) = sales_per_title(start=later, end=later + timedelta(hours=1))

    assert (row.comic_id, row.revenue, row.refunds, row.net) == (comic.pk, 0, -499, 499)
    assert row.refunded_orders == 0
