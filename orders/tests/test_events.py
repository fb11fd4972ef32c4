import pytest
from django.utils import timezone

from morpheus_testing.factories import create_order, record_card_declined
from morpheus_testing.jobs import queued_jobs
from orders import events
from orders.models import OrderEventType

pytestmark = pytest.mark.django_db


def test_each_kind_of_row_has_its_type_and_fixed_data():
    order = create_order()
    expires = timezone.now()

    rows = [
        events.links_issued(order=order, actor="a", links=2, expires_at=expires, reissue=False),
        events.links_revoked(order=order, actor="a", reason="disputed", links=2),
        record_card_declined(order),
        events.refund_requested(order=order, actor="a", reason="r", refund_id=7, amount=100),
        events.dispute_changed(order=order, actor="a", reason="r", dispute="dp_1", action="won"),
        events.flag_settled(order=order, actor="a", reason="told them", settled=["A refund…"]),
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
                "code": "card_declined",
                "customer_message": "The bank declined the card.",
            },
        ),
        (OrderEventType.REFUND, {"refund_id": 7, "amount": 100, "status": "pending"}),
        (OrderEventType.DISPUTED, {"dispute": "dp_1", "action": "won"}),
        (OrderEventType.FLAGGED, {"settled": ["A refund…"]}),
    ]


EMAIL = "notifications.tasks.send_order_email"
BUSINESS_EVENT = "analytics.tasks.record_business_event"


def _jobs_deferred_by(record) -> list[str]:
    before = {job_id for job_id, _, _ in queued_jobs()}
    record()
    return sorted(name for job_id, name, _ in queued_jobs() if job_id not in before)


def test_order_placed_defers_its_email_and_business_event():
    order = create_order()

    deferred = _jobs_deferred_by(lambda: events.order_placed(order=order, actor="a", items=1))

    assert deferred == [BUSINESS_EVENT, EMAIL]


def test_refund_recorded_defers_its_email_and_business_event():
    order = create_order()
    order.refunded_amount = 100

    deferred = _jobs_deferred_by(
        lambda: events.refund_recorded(order=order, actor="a", reason="r", previously=0)
    )

    assert deferred == [BUSINESS_EVENT, EMAIL]


def test_dispute_opened_defers_its_business_event():
    order = create_order()

    deferred = _jobs_deferred_by(lambda: events.dispute_opened(order=order, actor="a", reason="r"))

    assert deferred == [BUSINESS_EVENT]


def test_a_row_without_side_effects_defers_nothing():
    order = create_order()

    deferred = _jobs_deferred_by(lambda: events.note_added(order=order, actor="a", text="hi"))

    assert deferred == []
