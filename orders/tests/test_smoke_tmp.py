import pytest

from morpheus_testing.factories import create_order


@pytest.mark.django_db
def test_order_reaches_paid():
    order = create_order(status="paid")
    assert order.status == "paid"
    assert [e.to_status for e in order.events.filter(type="status_changed")] == [
        "processing",
        "paid",
    ]
