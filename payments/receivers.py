"""An order canceled by anyone (its customer, staff, expiry) stops its open payment attempts
in the same transaction: nothing charges a canceled order."""

from orders import signals
from payments.services.attempts import payment_attempts_cancel


def on_status_changed(sender, *, order_id: int, transition: str, **kwargs) -> None:
    if transition == "cancel":
        payment_attempts_cancel(order_id=order_id)


def connect() -> None:
    signals.order_status_changed.connect(on_status_changed, dispatch_uid="payments.status")
