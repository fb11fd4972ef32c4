import pytest

from morpheus_testing.factories import ComicFactory, create_order
from orders import selectors, services
from orders.transitions import ENTITLED_STATUSES, OrderStatus


@pytest.mark.django_db
@pytest.mark.parametrize("status", list(OrderStatus))
def test_order_is_entitled_in_the_entitled_statuses_only(status):
    order = create_order(status=status)

    assert selectors.order_is_entitled(order) is (status in ENTITLED_STATUSES)


@pytest.mark.django_db
def test_a_disputed_order_is_not_entitled():
    order = create_order(status=OrderStatus.DELIVERED)

    services.order_mark_disputed(order=order, actor="stripe:evt_1", reason="Chargeback")

    assert not selectors.order_is_entitled(order)


@pytest.mark.django_db
def test_pending_refunds_close_an_item_paid_back_in_full_and_the_order_when_they_cover_it():
    first = ComicFactory(price_amount=500)
    order = create_order(
        comics=[first, ComicFactory(price_amount=700)], status=OrderStatus.FULFILLED
    )
    one = order.items.get(comic=first)

    services.order_record_refunds_pending(order=order, pending=500, items={one.pk: 500})

    assert selectors.order_items_refund_closed(order) == {one.pk}
    assert not selectors.order_refund_full_pending(order)

    services.order_record_refunds_pending(order=order, pending=1200, items={one.pk: 500})
    order.refresh_from_db()

    assert selectors.order_refund_full_pending(order)


@pytest.mark.django_db
def test_a_refund_no_longer_pending_reopens_the_item():
    order = create_order(status=OrderStatus.FULFILLED)
    (item,) = order.items.all()
    services.order_record_refunds_pending(
        order=order, pending=order.total_amount, items={item.pk: order.total_amount}
    )

    services.order_record_refunds_pending(order=order, pending=0, items={})
    order.refresh_from_db()

    assert selectors.order_items_refund_closed(order) == set()
    assert not selectors.order_refund_full_pending(order)
