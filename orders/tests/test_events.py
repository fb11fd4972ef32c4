from datetime import timedelta

import pytest
from django.utils import timezone

from morpheus_testing.factories import create_order
from orders import events
from orders.models import OrderEventType

pytestmark = pytest.mark.django_db


def test_each_kind_of_row_has_its_type_and_fixed_data():
    order = create_order()
    expires = timezone.now()

    rows = [
        events.links_issued(order=order, actor="a", links=2, expires_at=expires, reissue=False),
        events.links_revoked(order=order, actor="a", reason="disputed", links=2),
        events.payment_failed(
            order=order,
            actor="a",
            reason="no",
            payment_intent="pi_1",
            attempt=1,
            code="x",
            customer_message="Your card was declined.",
        ),
        events.refund_requested(order=order, actor="a", reason="r", refund_id=7, amount=100),
        events.dispute_changed(order=order, actor="a", reason="r", dispute="dp_1", action="won"),
    ]

    assert [(row.type, row.data) for row in rows] == [
        (
            OrderEventType.DOWNLOAD_LINKS,
            {"action": "issued", "links": 2, "expires_at": expires.isoformat()},
        ),
        (OrderEventType.DOWNLOAD_LINKS, {"action": "revoked", "links": 2}),
        (
            OrderEventType.PAYMENT_FAILED,
            {
                "payment_intent": "pi_1",
                "attempt": 1,
                "code": "x",
                "customer_message": "Your card was declined.",
            },
        ),
        (OrderEventType.REFUND, {"refund_id": 7, "amount": 100, "status": "pending"}),
        (OrderEventType.DISPUTED, {"dispute": "dp_1", "action": "won"}),
    ]


def test_links_reissued_since_counts_reissues_only():
    order = create_order()
    expires = timezone.now()
    events.links_issued(order=order, actor="a", links=1, expires_at=expires, reissue=False)
    events.links_issued(order=order, actor="a", links=1, expires_at=expires, reissue=True)

    hour_ago = timezone.now() - timedelta(hours=1)

    assert events.links_reissued_since(order=order, since=hour_ago) == 1
    assert events.links_reissued_since(order=order, since=timezone.now()) == 0
