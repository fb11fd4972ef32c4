"""An order canceled by anyone (its customer, staff, expiry) stops its open payment attempts
in the same transaction: nothing charges a canceled order. And the orders app's questions of
which orders wait for the customer's 3-D Secure, which had a refund Stripe refused that
staff settled without refunding, and what lost disputes took back, are answered here."""

from orders import signals
from orders.models import Order
from payments.selectors import (
    disputes_lost_total,
    orders_awaiting_authentication,
    orders_refund_refused,
)
from payments.services.attempts import payment_attempts_cancel


def on_status_changed(sender, *, order_id: int, transition: str, **kwargs) -> None:
    if transition == "cancel":
        payment_attempts_cancel(order_id=order_id)


def on_awaits_customer(sender, *, order_ids: list[int], **kwargs) -> set[int]:
    return orders_awaiting_authentication(order_ids=order_ids)


def on_refund_refused_asked(sender, *, order_ids: list[int], **kwargs) -> dict[int, bool]:
    return orders_refund_refused(order_ids=order_ids)


def on_disputes_lost_total_asked(sender, *, order: Order, **kwargs) -> int:
    return disputes_lost_total(order=order)


def connect() -> None:
    signals.order_status_changed.connect(on_status_changed, dispatch_uid="payments.status")
    signals.payment_awaits_customer.connect(on_awaits_customer, dispatch_uid="payments.awaits")
    signals.refund_refused_asked.connect(
        on_refund_refused_asked, dispatch_uid="payments.refund_refused"
    )
    signals.disputes_lost_total_asked.connect(
        on_disputes_lost_total_asked, dispatch_uid="payments.disputes_lost"
    )
