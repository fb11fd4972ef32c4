"""Staff refunds: the row first (pending), then Stripe with the row's id as idempotency key;
Stripe's `charge.refunded` confirms them."""

import logging
from collections.abc import Mapping
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from morpheus.db_context import system_scope
from orders import services as order_services
from orders.models import Order, OrderEventType
from orders.transitions import OrderStatus
from payments import stripe_client
from payments.errors import (
    PaymentProviderError,
    PaymentProviderUnreachable,
    RefundExceedsRemaining,
    RefundNotAllowed,
)
from payments.models import PaymentStatus, Refund, RefundStatus
from payments.selectors import payment_for_charge

logger = logging.getLogger(__name__)


def refund_create(*, order: Order, amount: int, reason: str, actor: str) -> Refund:
    """Refund `amount` (minor units) of a paid order. Repeating the same request while it is
    pending returns the same refund (and re-sends it under the same key if Stripe never
    answered)."""
    if amount <= 0:
        raise RefundNotAllowed("A refund needs a positive amount.")
    if not reason.strip():
        raise RefundNotAllowed("A refund needs a reason.")
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        refund = Refund.objects.filter(
            order=locked, status=RefundStatus.PENDING, amount=amount, reason=reason
        ).first() or _refund_open(order=locked, amount=amount, reason=reason, actor=actor)
        if not refund.stripe_refund_id:
            transaction.on_commit(partial(refund_send, refund_id=refund.pk))
    with system_scope():
        refund.refresh_from_db()
    return refund


def _refund_open(*, order: Order, amount: int, reason: str, actor: str) -> Refund:
    succeeded = order.payments.filter(status=PaymentStatus.SUCCEEDED)
    payment = succeeded.order_by("-succeeded_at").first()
    if payment is None:
        raise RefundNotAllowed(f"Order {order.number} has no successful payment to refund.")
    pending = order.refunds.filter(status=RefundStatus.PENDING).aggregate(total=Sum("amount"))
    remaining = order.refundable_amount - (pending["total"] or 0)
    if amount > remaining:
        raise RefundExceedsRemaining(
            f"Cannot refund {amount}: only {remaining} {order.currency} of order "
            f"{order.number} is left to refund."
        )
    refund = Refund.objects.create(
        order=order,
        payment=payment,
        amount=amount,
        currency=order.currency,
        reason=reason,
        actor=actor,
    )
    order_services.order_event_record(
        order=order,
        type=OrderEventType.REFUND,
        actor=actor,
        reason=reason,
        data={"refund_id": refund.pk, "amount": amount, "status": RefundStatus.PENDING},
    )
    return refund


def refund_send(*, refund_id: int) -> None:
    """Ask Stripe for the refund; runs after the refund row committed."""
    with system_scope():
        refund = Refund.objects.select_related("payment", "order").get(pk=refund_id)
    if refund.status != RefundStatus.PENDING or refund.stripe_refund_id:
        return
    try:
        answer = stripe_client.refund_create(
            payment_intent_id=refund.payment.stripe_payment_intent_id,
            amount=refund.amount,
            metadata={"order_number": refund.order.number, "refund_id": str(refund.pk)},
            idempotency_key=refund.idempotency_key,
        )
    except PaymentProviderUnreachable:
        # It may have happened at Stripe: stay pending, so a retry re-sends the same key.
        logger.warning("Stripe unreachable for refund %s; it stays pending.", refund.pk)
        return
    except PaymentProviderError as exc:
        _refund_fail(refund, message=str(exc))
        return
    with system_scope():
        Refund.objects.filter(pk=refund.pk, stripe_refund_id__isnull=True).update(
            stripe_refund_id=answer["id"], updated_at=timezone.now()
        )


def _refund_fail(refund: Refund, *, message: str) -> None:
    with system_scope():
        changed = Refund.objects.filter(pk=refund.pk, status=RefundStatus.PENDING).update(
            status=RefundStatus.FAILED, failure_message=message, updated_at=timezone.now()
        )
        if changed:
            order_services.order_event_record(
                order=refund.order,
                type=OrderEventType.REFUND,
                actor=refund.actor,
                reason=f"Refund failed at Stripe: {message}",
                data={"refund_id": refund.pk, "amount": refund.amount, "status": "failed"},
            )


def charge_refunded_apply(*, charge: Mapping[str, Any], actor: str) -> None:
    """Confirm our refunds and reconcile the order's refunded total with Stripe's; a full
    refund revokes the order's download links."""
    from delivery.services import download_links_revoke

    with transaction.atomic():
        payment = payment_for_charge(charge)
        if payment is None:
            logger.warning("Refunded charge %s is not ours; ignored.", charge.get("id"))
            return
        order = Order.objects.select_for_update().get(pk=payment.order_id)
        _confirm_refunds(order=order, refunds=charge.get("refunds", {}).get("data", []))
        refunded_total = int(charge.get("amount_refunded") or 0)
        if refunded_total > order.total_amount:
            order_services.order_flag(
                order=order,
                actor=actor,
                reason=f"Stripe refunded {refunded_total}, more than the order total.",
            )
            return
        was_refunded = order.status == OrderStatus.REFUNDED
        order_services.order_record_refunded_amount(
            order=order,
            refunded_total=refunded_total,
            actor=actor,
            reason="Refund confirmed by Stripe",
        )
        if order.status == OrderStatus.REFUNDED and not was_refunded:
            download_links_revoke(order=order, reason="refunded", actor=actor)


def _confirm_refunds(*, order: Order, refunds: list[Mapping[str, Any]]) -> None:
    for data in refunds:
        if data.get("status") != "succeeded":
            continue
        ours = Q(stripe_refund_id=data["id"])
        refund_id = str((data.get("metadata") or {}).get("refund_id", ""))
        if refund_id.isdigit():
            ours |= Q(pk=int(refund_id), stripe_refund_id__isnull=True)
        order.refunds.filter(ours, status=RefundStatus.PENDING).update(
            status=RefundStatus.SUCCEEDED,
            stripe_refund_id=data["id"],
            succeeded_at=timezone.now(),
            updated_at=timezone.now(),
        )
