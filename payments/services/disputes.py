"""Stripe disputes: one `Dispute` row per dispute, kept as its events describe it.

Every `charge.dispute.*` event carries the whole dispute, so all are applied the same way,
in whatever order they arrive: the row follows Stripe's status until the dispute is closed
(a closed dispute never reopens; a lost one Stripe reports won after all is won), an open
dispute suspends the order's downloads, a won one restores them (fresh links emailed), a lost
one leaves the order closed and records what the customer's bank took back. A dispute of a
duplicate charge (payments.services.duplicates) leaves the order's access alone.
"""

import logging
from datetime import datetime
from enum import StrEnum

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from djstripe.enums import DisputeStatus

from morpheus.money import format_money
from orders import events
from orders import services as order_services
from orders.events import LOSS_REVERSED
from orders.models import Order, OrderEventType
from orders.selectors import items_bought_again, order_is_entitled
from orders.transitions import OrderStatus
from payments.intents import DisputeState
from payments.models import CLOSED_DISPUTE_STATUSES, Dispute, Payment, RefundStatus
from payments.selectors import (
    DISPUTE_BOUGHT_AGAIN_FLAG,
    DISPUTE_LOST_FLAG,
    DISPUTE_REVERSED_FLAG,
    DISPUTE_TOOK_MORE_FLAG,
    REFUND_CAME_BACK_FLAG,
    REFUND_FAILED_FLAG,
    REFUND_UNSENT_FLAG,
    payment_for_charge,
    refund_room,
)
from payments.services.currencies import other_currency_flagged
from payments.services.duplicates import charge_is_duplicate
from payments.services.refund_failures import came_back_lines_paid_again

logger = logging.getLogger(__name__)

# Where a won dispute re-sends links; a paid order (never fulfilled while disputed) is
# handed to its fulfilment job again instead.
RESEND_LINKS_STATUSES = (OrderStatus.FULFILLED, OrderStatus.DELIVERED)

# How the flag's line for an open dispute starts, followed by the dispute's id and a space:
# each dispute has its own line, and its close settles that line only.
FLAG = "Dispute "
# The flag's lines of money the customer is owed (refunds that did not reach them) or that
# stays paid (an earlier dispute lost in part): a loss of all that stayed paid settles them.
OWED_FLAGS = (REFUND_FAILED_FLAG, REFUND_UNSENT_FLAG, REFUND_CAME_BACK_FLAG, DISPUTE_LOST_FLAG)


class DisputeEvent(StrEnum):
    CREATED = "charge.dispute.created"
    UPDATED = "charge.dispute.updated"
    CLOSED = "charge.dispute.closed"
    FUNDS_WITHDRAWN = "charge.dispute.funds_withdrawn"
    FUNDS_REINSTATED = "charge.dispute.funds_reinstated"


FUNDS_FIELDS = {
    DisputeEvent.FUNDS_WITHDRAWN: ("funds_withdrawn_at", "withdrew"),
    DisputeEvent.FUNDS_REINSTATED: ("funds_reinstated_at", "reinstated"),
}


def dispute_apply(*, dispute: DisputeState, event: DisputeEvent, actor: str) -> Dispute | None:
    """Record what Stripe says about a dispute and act on the order; a no-op when already
    applied. Disputes of charges that are not ours are logged and ignored."""
    with transaction.atomic():
        payment = payment_for_charge(
            {"id": dispute.charge_id, "payment_intent": dispute.payment_intent_id}
        )
        if payment is None:
            logger.warning("Dispute %s is about a charge that is not ours; ignored.", dispute.id)
            return None
        order = Order.objects.select_for_update().get(pk=payment.order_id)
        what = f"dispute {dispute.id}"
        if other_currency_flagged(
            order=order, payment=payment, currency=dispute.currency, what=what, actor=actor
        ):
            return None
        row, before = _row_update(dispute=dispute, order=order, payment=payment)
        was_closed = before in CLOSED_DISPUTE_STATUSES
        if charge_is_duplicate(order=order, payment=payment):
            _duplicate_disputed(order=order, row=row, was_closed=was_closed, actor=actor)
        elif not row.is_closed:
            _suspend(order=order, row=row, actor=actor)
        elif before == DisputeStatus.lost and row.status == DisputeStatus.won:
            _loss_reversed(order=order, row=row, actor=actor)
        elif not was_closed:
            _close(order=order, row=row, actor=actor)
        if event in FUNDS_FIELDS:
            _funds_record(order=order, row=row, event=event, actor=actor)
    return row


def _row_update(
    *, dispute: DisputeState, order: Order, payment: Payment
) -> tuple[Dispute, str | None]:
    """The dispute's row, created or brought up to date; and its status before (None for a
    new row). A closed dispute keeps its row as it was, except a loss Stripe reports won
    after all (the card network reversed its decision; won is only ever a final status)."""
    row = Dispute.objects.select_for_update().filter(stripe_dispute_id=dispute.id).first()
    if row is None:
        row = Dispute(stripe_dispute_id=dispute.id, order=order, payment=payment)
    elif row.status == DisputeStatus.lost and dispute.status == DisputeStatus.won:
        row.status = dispute.status
        row.save(update_fields=["status", "updated_at"])
        return row, DisputeStatus.lost
    elif row.is_closed:
        return row, row.status
    before = row.status or None
    row.status = dispute.status
    row.reason = dispute.reason
    row.amount = dispute.amount
    row.currency = dispute.currency
    row.evidence_due_by = dispute.evidence_due_by
    if row.is_closed:
        row.closed_at = timezone.now()
    row.save()
    return row, before


def _funds_record(*, order: Order, row: Dispute, event: DisputeEvent, actor: str) -> None:
    field, verb = FUNDS_FIELDS[event]
    if getattr(row, field) is not None:
        return
    setattr(row, field, timezone.now())
    row.save(update_fields=[field, "updated_at"])
    _history(
        order=order,
        row=row,
        actor=actor,
        action=field.removesuffix("_at"),
        reason=(
            f"Stripe {verb} {format_money(row.amount, row.currency)} "
            f"for dispute {row.stripe_dispute_id}."
        ),
    )


def _suspend(*, order: Order, row: Dispute, actor: str) -> None:
    """An open dispute: the order is flagged and its downloads stop (once)."""
    from delivery.models import DISPUTED
    from delivery.services import download_links_revoke

    reason = f"{FLAG}{row.stripe_dispute_id} opened: {row.reason or 'no reason given'}"
    if order.disputed_at is None:
        order_services.order_mark_disputed(order=order, actor=actor, reason=reason)
        download_links_revoke(order=order, reason=DISPUTED, actor=actor)
    elif not any(line.startswith(_flag_start(row)) for line in order.flagged_reason.splitlines()):
        order_services.order_flag(order=order, actor=actor, reason=reason)


def _flag_start(row: Dispute) -> str:
    return f"{FLAG}{row.stripe_dispute_id} "


def _duplicate_disputed(*, order: Order, row: Dispute, was_closed: bool, actor: str) -> None:
    """A dispute of a charge the order does not count (the customer's bank contests the
    second charge): the order paid once keeps its access, whatever the dispute's outcome.
    Staff are told while it is open: Stripe refuses to refund a disputed charge, so the
    dispute is answered instead (accepting it pays the customer back)."""
    if not row.is_closed:
        order_services.order_flag(
            order=order,
            actor=actor,
            reason=f"{FLAG}{row.stripe_dispute_id} opened on a duplicate charge "
            f"({row.reason or 'no reason given'}): {_order_unchanged(order)}. A disputed "
            "charge cannot be refunded: accept the dispute in Stripe to pay it back.",
        )
    elif not was_closed:
        order_services.order_flag_clear(order=order, settles=_flag_start(row))
        _history(
            order=order,
            row=row,
            actor=actor,
            action=row.status,
            reason=f"Dispute {row.stripe_dispute_id} of a duplicate charge closed ({row.status}): "
            "the order's access never changed.",
        )


def _order_unchanged(order: Order) -> str:
    """What a duplicate charge's dispute leaves of the order (outside probe EG-4: "keeps its
    access", of an order canceled before the charge, which never had any)."""
    if order_is_entitled(order):
        return "the order keeps its access"
    return f"the order stays {order.get_status_display().lower()}"


def _close(*, order: Order, row: Dispute, actor: str) -> None:
    if row.status == DisputeStatus.lost:
        _suspend(order=order, row=row, actor=actor)
        events.dispute_charged_back(
            order=order,
            actor=actor,
            reason=(
                f"Dispute {row.stripe_dispute_id} lost: the customer's bank took back "
                f"{format_money(row.amount, row.currency)}; the order stays closed."
            ),
            dispute=row.stripe_dispute_id,
            action="lost",
            amount=row.amount,
        )
        order.refresh_from_db()  # the charge-back's receivers (the VAT hold's end) wrote it
        _settle_lost(order=order, row=row, actor=actor)
    else:
        _restore(order=order, row=row, actor=actor)


def _owed_settled_reason(row: Dispute) -> str:
    return (
        f"Dispute {row.stripe_dispute_id} lost: the customer's bank gave them the payment "
        "back, so no refund is owed to them."
    )


def _owed_lines_back(*, order: Order, row: Dispute, actor: str) -> None:
    """The lines of refunds owed to the customer that the loss settled come back once it is
    reversed: their bank's payment to them is undone, and they are owed the refund again
    (outside probe FO-4: nothing said so, the shop keeping the money)."""
    settled = (
        order.events.filter(type=OrderEventType.FLAGGED, reason=_owed_settled_reason(row))
        .order_by("-created_at", "-id")
        .first()
    )
    for line in settled.data.get("settled", []) if settled else []:
        order_services.order_flag(order=order, actor=actor, reason=line)


def _settle_lost(*, order: Order, row: Dispute, actor: str) -> None:
    """A lost dispute is final: its line leaves the flag (the history and the reports keep
    the loss). Only a loss of part of the payment leaves staff something to decide, the
    rest being still paid while the order stays closed: its line says so, until a refund
    or staff settle it (as a failed refund's). A loss of all that stayed paid also settles
    the lines of refunds that did not reach the customer, and of earlier losses in part:
    their bank gave them the money (outside probe DN-1: the flag still asked staff to pay
    them another way)."""
    left = refund_room(order=order)
    if left <= 0:
        owed = [line for line in order.flagged_reason.splitlines() if line.startswith(OWED_FLAGS)]
        order_services.order_flag_clear(order=order, settles=(_flag_start(row), *OWED_FLAGS))
        if owed:
            events.flag_settled(
                order=order, actor=actor, reason=_owed_settled_reason(row), settled=owed
            )
        if left < 0:
            _took_more_flagged(order=order, row=row, over=-left, actor=actor)
        return
    came_back_lines_paid_again(order=order)
    order_services.order_flag_reword(
        order=order,
        settles=_flag_start(row),
        reason=(
            f"{DISPUTE_LOST_FLAG}{row.stripe_dispute_id} took back "
            f"{format_money(row.amount, row.currency)}; {format_money(left, order.currency)} "
            "stays paid while the order's downloads stay closed: refund it, or tell the "
            "customer why not."
        ),
    )


def _took_more_flagged(*, order: Order, row: Dispute, over: int, actor: str) -> None:
    """A loss of more than stayed paid after refunds (and earlier losses): the customer got
    back more than they paid, which no page should pass over (outside probe DW-1: it showed
    as money returned, and the reports counted it at different amounts)."""
    stayed = format_money(row.amount - over, row.currency)
    order_services.order_flag(
        order=order,
        actor=actor,
        reason=(
            f"{DISPUTE_TOOK_MORE_FLAG}{row.stripe_dispute_id} took back "
            f"{format_money(row.amount, row.currency)}, {format_money(over, row.currency)} more "
            f"than the {stayed} that stayed paid after refunds: the customer got back more than "
            "they paid. Ask Stripe about it (answer the dispute, or ask for the difference), "
            "then settle this line."
        ),
    )


def _loss_reversed(*, order: Order, row: Dispute, actor: str) -> None:
    """A dispute lost before is won after all: the money the customer's bank took back is
    ours again (the reports take the loss back), and so are the customer's downloads. The
    row is closed as won from now (outside probe ER-2: it kept the loss's time); refunds
    made while the loss stood are for staff to look at again."""
    lost_at = row.closed_at
    row.closed_at = timezone.now()
    row.save(update_fields=["closed_at", "updated_at"])
    events.dispute_charged_back(
        order=order,
        actor=actor,
        reason=(
            f"Dispute {row.stripe_dispute_id}, lost before, won after all: "
            f"{format_money(row.amount, row.currency)} came back from the customer's bank."
        ),
        dispute=row.stripe_dispute_id,
        action=LOSS_REVERSED,
        amount=-row.amount,
    )
    order.refresh_from_db()  # the loss's reversal's receivers (the VAT hold again) wrote it
    # Its lines go: what it left paid, or what it took back beyond that (outside probe DZ-1).
    order_services.order_flag_clear(
        order=order,
        settles=tuple(
            f"{flag}{row.stripe_dispute_id} "
            for flag in (DISPUTE_LOST_FLAG, DISPUTE_TOOK_MORE_FLAG)
        ),
    )
    _restore(order=order, row=row, actor=actor)
    _refunded_while_lost_flagged(order=order, row=row, lost_at=lost_at, actor=actor)
    _bought_again_flagged(order=order, row=row, lost_at=lost_at, actor=actor)
    _owed_lines_back(order=order, row=row, actor=actor)


def _bought_again_flagged(
    *, order: Order, row: Dispute, lost_at: datetime | None, actor: str
) -> None:
    """Comics the loss took away and the customer bought again while it stood: won after
    all, the order gives them back, and the customer has paid for them twice (outside probe
    FO-6: nothing said so)."""
    if lost_at is None or not order_is_entitled(order):
        return
    again = items_bought_again(order=order, since=lost_at)
    if not again:
        return
    titles = dict(order.items.filter(pk__in=again).values_list("pk", "title"))
    bought = ", ".join(f"{titles[item]} (in {number})" for item, number in sorted(again.items()))
    order_services.order_flag(
        order=order,
        actor=actor,
        reason=(
            f"{DISPUTE_BOUGHT_AGAIN_FLAG}{row.stripe_dispute_id} was lost, then won after "
            f"all: {bought} was bought again while the loss stood. Refund one of them, or the "
            "customer pays for it twice; then settle this line."
        ),
    )


def _refunded_while_lost_flagged(
    *, order: Order, row: Dispute, lost_at: datetime | None, actor: str
) -> None:
    """Refunds asked for while the loss stood may have been all that it left paid, made to
    close the order (outside probe ER-1): once it is reversed the customer has their
    downloads again for what stays paid, which staff refund too or settle."""
    order.refresh_from_db()  # as `_restore` left it
    refunded = (
        order.refunds.filter(
            created_at__gt=lost_at, status__in=(RefundStatus.PENDING, RefundStatus.SUCCEEDED)
        ).aggregate(total=Sum("amount"))["total"]
        if lost_at
        else None
    )
    left = refund_room(order=order)
    if not refunded or left <= 0 or not order_is_entitled(order):
        return
    order_services.order_flag(
        order=order,
        actor=actor,
        reason=(
            f"{DISPUTE_REVERSED_FLAG}{row.stripe_dispute_id} was lost, then won after all, "
            f"after {format_money(refunded, order.currency)} was refunded while the loss "
            f"stood: the customer has their downloads again and "
            f"{format_money(left, order.currency)} stays paid. Refund it too, or settle this "
            "line to leave them their comics for it."
        ),
    )


def _restore(*, order: Order, row: Dispute, actor: str) -> None:
    """Won (or an inquiry closed): access comes back unless another dispute is still open,
    and the customer is emailed links."""
    from delivery.tasks import fulfil_order, send_fresh_links

    label = "won" if row.status == DisputeStatus.won else "closed in our favour"
    others_open = (
        order.disputes.exclude(pk=row.pk).exclude(status__in=CLOSED_DISPUTE_STATUSES).exists()
    )
    if order.disputed_at is None or others_open:
        order_services.order_flag_clear(order=order, settles=_flag_start(row))
        held = "; another dispute is still open" if others_open else ""
        reason = f"Dispute {row.stripe_dispute_id} {label}{held}."
        _history(order=order, row=row, actor=actor, action=row.status, reason=reason)
        return
    reason = f"Dispute {row.stripe_dispute_id} {label}: access restored."
    restored = order_services.order_clear_dispute(
        order=order,
        actor=actor,
        reason=reason,
        dispute=row.stripe_dispute_id,
        outcome=row.status,
        settles=_flag_start(row),
    )
    if restored.status == OrderStatus.PAID:
        fulfil_order.defer(order_id=order.pk)
    elif restored.status in RESEND_LINKS_STATUSES:
        send_fresh_links.defer(
            order_id=order.pk,
            actor=actor,
            reason=reason,
            request_key=f"dispute-{row.pk}",
        )


def _history(*, order: Order, row: Dispute, actor: str, action: str, reason: str) -> None:
    events.dispute_changed(
        order=order, actor=actor, reason=reason, dispute=row.stripe_dispute_id, action=action
    )
