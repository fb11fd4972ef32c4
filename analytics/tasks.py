from datetime import datetime

from analytics.models import BusinessEventKind
from analytics.services import business_event_record
from morpheus.db_context import system_scope
from morpheus.jobs import job


@job(queue="analytics")
def record_business_event(
    *, kind: str, order_id: int, amount: int, currency: str, occurred_at: str, event_key: str
) -> None:
    with system_scope():
        business_event_record(
            kind=BusinessEventKind(kind),
            order_id=order_id,
            amount=amount,
            currency=currency,
            occurred_at=datetime.fromisoformat(occurred_at),
            event_key=event_key,
        )
