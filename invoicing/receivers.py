"""Paid -> invoice, refund recorded -> credit note, refund come back from the customer's bank
-> debit note: each inside the causing transaction."""

from invoicing import services
from orders import signals
from orders.selectors import orders_given_by_staff


def on_status_changed(sender, *, order_id: int, transition: str, **kwargs) -> None:
    if transition == "mark_paid":
        services.invoice_issue(order_id=order_id)
    elif transition == "complete_free" and not orders_given_by_staff(order_ids=[order_id]):
        # The customer's order with nothing to pay is a sale too: its invoice is for zero.
        # Staff's comps sell nothing.
        services.invoice_issue(order_id=order_id, email=False)


def on_refund_recorded(
    sender,
    *,
    order_id: int,
    refunded_total: int,
    previous_total: int,
    refund_reference: str = "",
    taken_back: int = 0,
    **kwargs,
) -> None:
    services.credit_note_issue(
        order_id=order_id,
        refunded_total=refunded_total,
        previous_total=previous_total,
        payment_reference=refund_reference,
        taken_back=taken_back,
    )


def on_refund_taken_back(
    sender, *, order_id: int, amount: int, refunded_total: int, refund_reference: str, **kwargs
) -> None:
    services.debit_note_issue(
        order_id=order_id,
        amount=amount,
        refunded_total=refunded_total,
        refund_reference=refund_reference,
    )


def connect() -> None:
    signals.order_status_changed.connect(on_status_changed, dispatch_uid="invoicing.status")
    signals.order_refund_recorded.connect(on_refund_recorded, dispatch_uid="invoicing.refund")
    signals.order_refund_taken_back.connect(
        on_refund_taken_back, dispatch_uid="invoicing.refund_taken_back"
    )
