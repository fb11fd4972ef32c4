"""A refund's row, and what the order is told its pending refunds will pay back: shared by
staff refunds (`refunds`), Stripe's reports of them (`refund_reports`) and their failures
(`refund_failures`)."""

from collections.abc import Mapping

from django.db.models import Sum

from orders import services as order_services
from orders.models import Order
from payments.models import Payment, Refund, RefundLine, RefundStatus


def refund_row(
    order: Order, payment: Payment, amount: int, reason: str, actor: str, **state: object
) -> Refund:
    return Refund.objects.create(
        currency=order.currency,
        order=order,
        payment=payment,
        amount=amount,
        reason=reason,
        actor=actor,
        **state,
    )


def refunds_pending_record(*, order: Order) -> None:
    """Tell the order what its pending refunds will pay back, in all and per item: the
    `orders` layer closes downloads from it."""
    pending = order.refunds.filter(status=RefundStatus.PENDING)
    lines = (
        RefundLine.objects.filter(refund__in=pending)
        .values("order_item_id")
        .annotate(total=Sum("amount"))
    )
    order_services.order_record_refunds_pending(
        order=order,
        pending=pending.aggregate(total=Sum("amount"))["total"] or 0,
        items={line["order_item_id"]: line["total"] for line in lines},
    )


def items_refunded_record(*, order: Order) -> None:
    """Each item's refunded amount is what its lines in succeeded refunds paid back: none
    once the only refund of it failed after Stripe paid it (the customer's bank sent the
    money back)."""
    confirmed = dict(
        RefundLine.objects.filter(refund__order=order, refund__status=RefundStatus.SUCCEEDED)
        .values("order_item_id")
        .annotate(total=Sum("amount"))
        .values_list("order_item_id", "total")
    )
    order_services.order_items_record_refunded(
        order=order,
        refunded={pk: confirmed.get(pk, 0) for pk in order.items.values_list("pk", flat=True)},
    )


def lines_take(left: dict[int, int], extra: int, *, room: Mapping[int, int]) -> None:
    """Adds `extra` to the items' lines, each up to what is `room` for it. What none has
    room for (VAT added on top of the items) is in the refund's amount, on no item."""
    for pk in left:
        taken = min(extra, room[pk] - left[pk])
        left[pk] += taken
        extra -= taken
