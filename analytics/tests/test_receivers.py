import pytest

from analytics.models import BusinessEvent
from analytics.receivers import KIND_FOR_TRANSITION
from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicAssetFactory, create_order
from morpheus_testing.jobs import run_queued_jobs
from orders import events, services, signals
from orders.models import Order
from orders.transitions import TRANSITIONS_BY_NAME

pytestmark = pytest.mark.django_db


def test_a_full_lifecycle_leaves_its_business_events_with_amounts():
    order = create_order(comics=[ComicAssetFactory(comic__price_amount=800).comic])
    services.order_transition(name="submit_payment", order=order, actor="customer:1", reason="pay")
    services.order_transition(
        name="fail_payment", order=order, actor="stripe:evt_1", reason="declined"
    )
    services.order_transition(
        name="submit_payment", order=order, actor="customer:1", reason="pay again"
    )
    services.order_transition(name="mark_paid", order=order, actor="stripe:evt_2", reason="paid")
    run_queued_jobs()
    order.refresh_from_db()
    services.order_transition(
        name="deliver", order=order, actor="customer:1", reason="first download"
    )
    services.order_record_refunded_amount(
        order=order, refunded_total=300, actor="staff:ada", reason="partial"
    )
    services.order_mark_disputed(order=order, actor="stripe:evt_3", reason="fraudulent")
    run_queued_jobs()

    events = list(BusinessEvent.objects.filter(order=order).order_by("id"))
    assert [(e.kind, e.amount) for e in events] == [
        ("order_created", 800),
        ("payment_attempted", 800),
        ("payment_failed", 0),
        ("payment_attempted", 800),
        ("payment_succeeded", 800),
        ("fulfilled", 0),
        ("first_download", 0),
        ("refund", 300),
        ("dispute", 0),
    ]
    assert all(e.currency == "EUR" and e.occurred_at for e in events)


def test_recording_the_same_event_twice_keeps_one_row():
    order = create_order()
    run_queued_jobs()
    from analytics.tasks import record_business_event

    event = BusinessEvent.objects.get(order=order)
    record_business_event(
        kind=event.kind,
        order_id=order.pk,
        amount=event.amount,
        currency=event.currency,
        occurred_at=event.occurred_at.isoformat(),
        event_key=event.event_key,
    )

    assert BusinessEvent.objects.filter(order=order).count() == 1


def test_receivers_key_on_names_in_the_transition_table():
    assert set(KIND_FOR_TRANSITION) <= set(TRANSITIONS_BY_NAME)


def test_a_paid_refund_the_bank_sent_back_is_taken_back_once_and_a_refund_made_again_counts():
    order = create_order(comics=[ComicAssetFactory(comic__price_amount=800).comic])
    for name in ("submit_payment", "mark_paid"):
        services.order_transition(name=name, order=order, actor="test", reason="pay")
    with system_scope():
        services.order_record_refunded_amount(
            order=order, refunded_total=300, actor="staff:ada", reason="partial"
        )
        services.order_record_refund_failed(order=order, amount=300)
        events.refund_failed_after_paid(
            order=order,
            actor="stripe:refund-refused",
            reason="came back",
            refund_id=1,
            amount=300,
            stripe_refund_id="re_1",
            refunded_total=0,
        )
        signals.order_refund_taken_back.send(  # the same bounce told again
            sender=Order,
            order_id=order.pk,
            amount=300,
            refunded_total=0,
            refund_reference="re_1",
            actor="stripe:refund-refused",
        )
        services.order_record_refunded_amount(
            order=order, refunded_total=300, actor="staff:ada", reason="again"
        )
    run_queued_jobs()

    refunds = BusinessEvent.objects.filter(order=order, kind="refund").order_by("id")
    assert [(e.amount, e.event_key.partition(":")[2]) for e in refunds] == [
        (300, "refund:300"),
        (-300, "refund_taken_back:re_1"),
        (300, "refund:300:again-1"),
    ]
