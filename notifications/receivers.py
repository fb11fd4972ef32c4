"""Order events -> email jobs, deferred inside the transaction that changed the order."""

from django.conf import settings

from notifications.models import EmailKind
from notifications.services import email_expected
from notifications.tasks import send_order_email
from orders import signals
from orders.events import EXPIRED


def on_order_placed(sender, *, order_id: int, **kwargs) -> None:
    delay = settings.ORDER_RECEIVED_EMAIL_DELAY_SECONDS
    # Without a delay, due at once (not at the clock's time now, after the transaction began).
    task = send_order_email.configure(schedule_in={"seconds": delay}) if delay else send_order_email
    task.defer(order_id=order_id, kind=EmailKind.ORDER_RECEIVED, event_key="placed")


def on_status_changed(
    sender,
    *,
    order_id: int,
    transition: str,
    version: int,
    actor: str = "",
    reason: str = "",
    **kwargs,
) -> None:
    if transition == "cancel" and (actor.startswith("staff:") or reason == EXPIRED):
        # The customer did not cancel it (outside probes CM-2, HZ-2: they were never told).
        send_order_email.defer(
            order_id=order_id, kind=EmailKind.ORDER_CANCELED, event_key=f"version-{version}"
        )
    if transition == "fail_payment":
        send_order_email.configure(
            schedule_in={"seconds": settings.PAYMENT_FAILED_EMAIL_DELAY_SECONDS}
        ).defer(
            order_id=order_id,
            kind=EmailKind.PAYMENT_FAILED,
            event_key=f"version-{version}",
            version=version,
        )


def on_order_repriced(
    sender, *, order_id: int, version: int, was_total: int, reason: str, news: str = "", **kwargs
) -> None:
    # The version too: a total may rise back to one told before (outside probe CU-5).
    event_key = f"repriced-from-{was_total}-v{version}"
    # Its row tells the "We received your order" email's job to leave that email to this one.
    email_expected(order_id=order_id, kind=EmailKind.ORDER_REPRICED, event_key=event_key)
    send_order_email.defer(
        order_id=order_id,
        kind=EmailKind.ORDER_REPRICED,
        event_key=event_key,
        amount=was_total,
        reason=reason,
        news=news,
    )


def on_refund_recorded(
    sender,
    *,
    order_id: int,
    refunded_total: int,
    previous_total: int,
    items_refunded: tuple[str, ...] = (),
    taken_back: int = 0,
    **kwargs,
) -> None:
    # A total reached again after a refund was taken back is another refund's email.
    again = f"-again-{taken_back}" if taken_back else ""
    send_order_email.defer(
        order_id=order_id,
        kind=EmailKind.REFUND_ISSUED,
        event_key=f"refunded-{refunded_total}{again}",
        amount=refunded_total - previous_total,
        refunded_total=refunded_total,
        items_refunded=list(items_refunded),
    )


def connect() -> None:
    signals.order_placed.connect(on_order_placed, dispatch_uid="notifications.placed")
    signals.order_status_changed.connect(on_status_changed, dispatch_uid="notifications.status")
    signals.order_refund_recorded.connect(on_refund_recorded, dispatch_uid="notifications.refund")
    signals.order_repriced.connect(on_order_repriced, dispatch_uid="notifications.repriced")
