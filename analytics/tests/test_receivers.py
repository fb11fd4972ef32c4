import pytest

from analytics.models import BusinessEvent
from analytics.receivers import KIND_FOR_TRANSITION
from morpheus_testing.factories import ComicAssetFactory, create_order
from morpheus_testing.jobs import run_queued_jobs
from orders import services
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
