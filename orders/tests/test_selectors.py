import pytest

from morpheus_testing.factories import create_order
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
