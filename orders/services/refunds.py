"""What an order records of its refunds: the amounts refunded, pending and failed."""

from django.db import models, transaction
from django_fsm import can_proceed

from morpheus.money import format_money
from orders import errors, events, selectors, signals
from orders.models import Order, OrderItem
from orders.services.changes import order_transition


def order_record_refunded_amount(
    *,
    order: Order,
    refunded_total: int,
    actor: str,
    reason: str,
    refund_reference: str = "",
    items_refunded: tuple[str, ...] = (),
) -> Order:
    """Reconcile the refunded amount with the payment provider's total; a full refund
    moves the order to refunded, unless it refunded every item paid for as an item: the
    order keeps its status for its free items (`selectors.order_free_items_kept`). Never
    lowers the amount (events may arrive late).
    `refund_reference` names the provider's refunds that raised it (for the credit note),
    `items_refunded` the titles of the items those refunds paid back as items."""
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if refunded_total > locked.total_amount:
            raise errors.RefundExceedsTotal(
                f"Refunded {format_money(refunded_total, locked.currency)} exceeds order "
                f"total {format_money(locked.total_amount, locked.currency)}."
            )
        if refunded_total > locked.refunded_amount:
            previous = locked.refunded_amount
            locked.refunded_amount = refunded_total
            locked.version += 1
            locked.save(update_fields=["refunded_amount", "version", "updated_at"])
            events.refund_recorded(
                order=locked,
                actor=actor,
                reason=reason,
                previously=previous,
                refund_reference=refund_reference,
                items_refunded=items_refunded,
            )
        fully_refunded = locked.refunded_amount == locked.total_amount
        if (
            fully_refunded
            and can_proceed(locked._refund)
            and not selectors.order_free_items_kept(locked)
        ):
            order_transition(order=locked, name="refund", actor=actor, reason=reason)
    order.refresh_from_db()
    return order


def order_record_refund_failed(*, order: Order, amount: int) -> Order:
    """A refund the payment provider had paid failed after all (the customer's bank sent the
    money back): the refunded total drops by `amount`, so that it may be refunded again.
    The status stays (the caller moves a refunded order back with `refund_bounce`, flags
    the order and records the history row). The caller holds the lock of `order`, current."""
    lowered = max(order.refunded_amount - amount, 0)
    if lowered != order.refunded_amount:
        order.refunded_amount = lowered
        order.version += 1
        order.save(update_fields=["refunded_amount", "version", "updated_at"])
    return order


def order_refunds_apply_once_paid(*, order: Order, actor: str, refund_reference: str) -> None:
    """Stripe reported a refund before the payment (its events come in any order): the
    refunded total recorded while the order was unpaid is credited on the invoice the
    payment just issued, and a full refund moves the order to refunded before any download
    link is issued. The caller holds the lock of the order it has just marked paid;
    `refund_reference` names the provider's refunds (for the credit note)."""
    signals.order_refund_recorded.send(
        sender=Order,
        order_id=order.pk,
        refunded_total=order.refunded_amount,
        previous_total=0,
        refund_reference=refund_reference,
        actor=actor,
    )
    if order.refunded_amount == order.total_amount:
        order_transition(
            order=order,
            name="refund",
            actor=actor,
            reason="Refunded at Stripe before the payment was confirmed",
            locked=True,
        )


def order_items_record_refunded(*, order: Order, refunded: dict[int, int]) -> None:
    """Set what was paid back per item (item id -> amount), as the payment provider
    confirmed it; the order's own refunded total moves through
    `order_record_refunded_amount`."""
    with transaction.atomic():
        for item_id, amount in refunded.items():
            OrderItem.objects.filter(order=order, pk=item_id).exclude(
                refunded_amount=amount
            ).update(refunded_amount=amount)


def order_record_refunds_pending(*, order: Order, pending: int, items: dict[int, int]) -> None:
    """Set what refunds still waiting for the payment provider will pay back: in all, and
    per item (item id -> amount; items left out have none pending). A change moves the
    order's version: a page that showed the order before this refund is stale."""
    with transaction.atomic():
        changed = (
            Order.objects.filter(pk=order.pk)
            .exclude(refund_pending_amount=pending)
            .update(refund_pending_amount=pending, version=models.F("version") + 1)
        )
        if changed:
            order.refund_pending_amount = pending
            order.version += 1
        for item in OrderItem.objects.filter(order=order):
            amount = items.get(item.pk, 0)
            if item.refund_pending_amount != amount:
                OrderItem.objects.filter(pk=item.pk).update(refund_pending_amount=amount)
