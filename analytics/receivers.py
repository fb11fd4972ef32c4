"""Order events -> analytics jobs, deferred inside the transaction that changed the order."""

from django.utils import timezone

from analytics.models import REFUND_TAKEN_BACK_KEY
from analytics.models import BusinessEventKind as Kind
from analytics.tasks import record_business_event
from orders import signals
from orders.models import Order

# Keyed by the names in orders.transitions; a full refund is counted by on_refund_recorded.
KIND_FOR_TRANSITION = {
    "submit_payment": Kind.PAYMENT_ATTEMPTED,
    "fail_payment": Kind.PAYMENT_FAILED,
    "mark_paid": Kind.PAYMENT_SUCCEEDED,
    "complete_free": Kind.PAYMENT_SUCCEEDED,
    "fulfil": Kind.FULFILLED,
    "deliver": Kind.FIRST_DOWNLOAD,
    "cancel": Kind.ORDER_CANCELED,
}
WITH_AMOUNT = {Kind.ORDER_CREATED, Kind.PAYMENT_ATTEMPTED, Kind.PAYMENT_SUCCEEDED}


def _defer(
    kind: Kind,
    order_id: int,
    event_key: str,
    amount: int | None = None,
    totals: tuple[int, str] | None = None,
) -> None:
    """`totals` is the order's (total_amount, currency) when the sender knows them."""
    if totals is None:
        totals = Order.objects.values_list("total_amount", "currency").get(pk=order_id)
    total_amount, currency = totals
    if amount is None:
        amount = total_amount if kind in WITH_AMOUNT else 0
    record_business_event.defer(
        kind=kind.value,
        order_id=order_id,
        amount=amount,
        currency=currency,
        occurred_at=timezone.now().isoformat(),
        event_key=f"{order_id}:{event_key}",
    )


def on_order_placed(sender, *, order_id: int, **kwargs) -> None:
    _defer(Kind.ORDER_CREATED, order_id, "created")


def on_status_changed(
    sender,
    *,
    order_id: int,
    transition: str,
    version: int,
    total_amount: int,
    currency: str,
    **kwargs,
) -> None:
    kind = KIND_FOR_TRANSITION.get(transition)
    if kind is not None:
        _defer(kind, order_id, f"{kind.value}:v{version}", totals=(total_amount, currency))


def on_refund_recorded(
    sender,
    *,
    order_id: int,
    refunded_total: int,
    previous_total: int,
    taken_back: int = 0,
    **kwargs,
) -> None:
    # A total reached again after a refund came back from the customer's bank is another
    # refund's; the key of one reached before any came back is unchanged.
    again = f":again-{taken_back}" if taken_back else ""
    _defer(
        Kind.REFUND,
        order_id,
        f"refund:{refunded_total}{again}",
        refunded_total - previous_total,
    )


def on_refund_taken_back(
    sender, *, order_id: int, amount: int, refund_reference: str, **kwargs
) -> None:
    """The customer's bank sent a paid refund back: a refund of minus its amount, keyed by
    the provider's refund id (`analytics.selectors` gives it back to that refund's items)."""
    _defer(Kind.REFUND, order_id, f"{REFUND_TAKEN_BACK_KEY}{refund_reference}", -amount)


def on_disputed(sender, *, order_id: int, **kwargs) -> None:
    _defer(Kind.DISPUTE, order_id, "dispute")


def on_charged_back(sender, *, order_id: int, dispute: str, amount: int, **kwargs) -> None:
    moment = "chargeback" if amount > 0 else "chargeback_reversed"
    _defer(Kind.CHARGEBACK, order_id, f"{moment}:{dispute}", amount)


def connect() -> None:
    signals.order_placed.connect(on_order_placed, dispatch_uid="analytics.placed")
    signals.order_status_changed.connect(on_status_changed, dispatch_uid="analytics.status")
    signals.order_refund_recorded.connect(on_refund_recorded, dispatch_uid="analytics.refund")
    signals.order_refund_taken_back.connect(
        on_refund_taken_back, dispatch_uid="analytics.refund_taken_back"
    )
    signals.order_disputed.connect(on_disputed, dispatch_uid="analytics.dispute")
    signals.order_charged_back.connect(on_charged_back, dispatch_uid="analytics.chargeback")
