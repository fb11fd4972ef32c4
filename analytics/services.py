from datetime import datetime

from analytics.models import BusinessEvent, BusinessEventKind


def business_event_record(
    *,
    kind: BusinessEventKind,
    order_id: int,
    amount: int,
    currency: str,
    occurred_at: datetime,
    event_key: str,
) -> bool:
    """Record the fact once; False when it was already recorded (a retried job)."""
    _, created = BusinessEvent.objects.get_or_create(
        event_key=event_key,
        defaults={
            "kind": kind,
            "order_id": order_id,
            "amount": amount,
            "currency": currency,
            "occurred_at": occurred_at,
        },
    )
    return created
