"""Refunds that fail: Stripe refused one, its job gave up or ended without Stripe's answer, or
Stripe failed one after paying it. The order is entitled again and flagged, saying what staff
are to do; staff settle the flag's lines without refunding (`refund_failures_settle`)."""

import logging
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from djstripe.enums import DisputeStatus

from delivery.models import FULL_REFUND_UNDER_WAY, ITEM_REFUNDED, ORDER_REFUNDED
from morpheus.db_context import system_scope
from morpheus.jobs import jobs_taken, jobs_waiting_or_running
from morpheus.money import chargeable_floor, format_money
from notifications.models import EmailKind
from notifications.tasks import send_order_email
from orders import events
from orders import services as order_services
from orders.actors import STRIPE_REFUSED_REFUND
from orders.errors import StaleOrder
from orders.models import Order
from orders.selectors import (
    items_bought_again,
    order_refund_full_pending,
    order_refunded_unfulfilled,
)
from orders.transitions import OrderStatus
from payments.errors import RefundNotAllowed
from payments.messages import refund_came_back_words
from payments.models import Refund, RefundLine, RefundStatus
from payments.selectors import (
    REFUND_CAME_BACK_FLAG,
    REFUND_FAILED_FLAG,
    REFUND_UNSENT_FLAG,
    SETTLED_WITHOUT_REFUND_FLAGS,
    STRIPE_NEVER_ASKED,
    STRIPE_UNANSWERED,
    dispute_refund_refusal,
    item_refund_takes_the_rest,
    items_left_as_items,
    refund_failures_flagged,
    refund_failures_settled,
    refund_room,
)
from payments.services.refund_rows import (
    items_refunded_record,
    lines_take,
    refunds_pending_record,
)
from tax.services import evidence_hold_restore

logger = logging.getLogger(__name__)

# Stripe's error code for a refund of a charge that is disputed or was charged back.
STRIPE_CHARGE_DISPUTED = "charge_disputed"


def refund_unanswered_fail(*, refund_id: int) -> bool:
    """The refund's job gave up without Stripe's answer (Stripe out of reach at its last
    attempt): the refund fails as a refusal does, so the order's access comes back and
    Finance, flagged, refund again or tell the customer. Should Stripe have received it all
    the same, the next refund of the order reads the charge first (`_paid_after_failing`).
    Whether it failed (not one Stripe gave an id, which reconciliation settles)."""
    with system_scope():
        refund = Refund.objects.select_related("order").get(pk=refund_id)
    if refund.status != RefundStatus.PENDING or refund.stripe_refund_id:
        return False
    logger.warning(
        "Stripe unreachable for refund %s at its last attempt: the refund failed, "
        "order %s is flagged.",
        refund.pk,
        refund.order.number,
    )
    refund_fail(refund, message=STRIPE_UNANSWERED)
    return True


def refunds_unsent_fail(*, charge_id: str, why: str = STRIPE_NEVER_ASKED) -> int:
    """Fail, as a refusal does, the pending refunds of the charge that Stripe gave no id
    and whose job neither waits nor runs: the job ended without Stripe's answer (a worker
    killed during its last attempt, the job then failed by the stalled-job recovery, or
    aborted). Run once the charge, just read, has confirmed the refunds Stripe lists, or
    once Stripe refused to read it (`why` says so): nothing will tell us more of them. How
    many failed."""
    from payments.tasks import send_refund

    with system_scope():
        sending = jobs_waiting_or_running(task_name=send_refund.name, argument="refund_id")
        unsent = list(
            Refund.objects.filter(
                payment__stripe_charge_id=charge_id,
                status=RefundStatus.PENDING,
                stripe_refund_id__isnull=True,
            ).exclude(pk__in=sending)
        )
    for refund in unsent:
        logger.warning("Refund %s failed: %s.", refund.pk, why)
        refund_fail(refund, message=why)
    return len(unsent)


def refund_failures_settle(*, order: Order, actor: str, reason: str) -> Order:
    """Staff: no refund follows the ones that failed or were not sent, nor the money a lost
    dispute left paid, a refund Stripe paid after all needs nothing more (they told the
    customer why, if need be), and they asked for a refund Stripe paid twice back or let it
    go (their reason says which). The flag's lines for them go, other lines stay, and the
    history keeps who settled them and why. Refused for an outdated copy of the order (a
    page that did not show a line since, or one sent twice: naming who settled them, if
    someone did) and for an order with nothing of the kind to settle."""
    if not reason.strip():
        raise RefundNotAllowed("Settling without refunding needs a reason.")
    with transaction.atomic():
        try:
            locked = order_services.order_lock(order)
        except StaleOrder:
            settled = refund_failures_settled(order=Order.objects.get(pk=order.pk))
            if settled is None:
                raise
            raise RefundNotAllowed(settled) from None
        settled = refund_failures_flagged(order=locked)
        if not settled:
            raise RefundNotAllowed(
                f"Order {locked.number} has nothing to settle without refunding."
            )
        order_services.order_flag_clear(order=locked, settles=SETTLED_WITHOUT_REFUND_FLAGS)
        events.flag_settled(order=locked, actor=actor, reason=reason, settled=settled)
    return locked


def refund_fail(
    refund: Refund,
    *,
    message: str,
    code: str = "",
    asks: str = "",
    actor: str = STRIPE_REFUSED_REFUND,
    event_reason: str = "",
    unsent: bool = False,
) -> None:
    """Stripe refused: the order is entitled again. A paid order that was kept from
    fulfilment is fulfilled now; links the refund stopped are replaced by fresh ones for
    those items only, emailed (the ones the customer has stay stopped: they may have been
    passed on; the other items' keep working). The email does not speak of the refund: the
    customer was never told of it. `asks`: what the flag asks staff to do, when it is not
    to refund again; `actor` and `event_reason`: who ended the refund and why, when it is
    not Stripe's refusal; `unsent`: it was never sent to Stripe, and ends `not_sent`, not
    failed (the customer's history leaves it out)."""
    from delivery.tasks import fulfil_order, send_fresh_links

    with system_scope():
        order = Order.objects.select_for_update().get(pk=refund.order_id)
        changed = Refund.objects.filter(pk=refund.pk, status=RefundStatus.PENDING).update(
            status=RefundStatus.NOT_SENT if unsent else RefundStatus.FAILED,
            failure_message=message,
            updated_at=timezone.now(),
        )
        if not changed:
            return
        refunds_pending_record(order=order)
        (events.refund_not_sent if unsent else events.refund_failed)(
            order=order,
            actor=actor,
            reason=event_reason or f"Refund failed at Stripe: {message}",
            refund_id=refund.pk,
            amount=refund.amount,
        )
        bought_again = items_bought_again(order=order, since=refund.created_at)
        asks = (
            asks
            or _refund_disputed_asks(order=order, code=code)
            or _refund_failed_asks(order=order, bought_again=bought_again)
        )
        order_services.order_flag(
            order=order,
            actor=actor,
            reason=f"{failed_flag_start(refund.amount, refund.currency, message, unsent)} {asks}",
        )
        if order.status == OrderStatus.PAID:
            fulfil_order.defer(order_id=order.pk)
        elif item_ids := _links_replaced_after(refund, order=order, besides=bought_again):
            send_fresh_links.defer(
                order_id=order.pk,
                actor=actor,
                reason=f"Refund of {format_money(refund.amount, refund.currency)} failed",
                request_key=f"refund-failed-{refund.pk}",
                why=_fresh_links_words(order=order, item_ids=item_ids),
                item_ids=item_ids,
            )


def failed_flag_start(amount: int, currency: str, message: str, unsent: bool = False) -> str:
    """How the flag's line about a failed refund begins, before what it asks staff to do."""
    start = REFUND_UNSENT_FLAG if unsent else REFUND_FAILED_FLAG
    return f"{start}{format_money(amount, currency)} ({message})."


def _came_back_start(refund: Refund, message: str) -> str:
    """How the flag's line for a refund Stripe paid that came back starts: Stripe's
    `message` names the refund, so each has a line of its own (`refund_fail_after_paid`)."""
    return f"{REFUND_CAME_BACK_FLAG}{format_money(refund.amount, refund.currency)} ({message})."


def _came_back_asks(refund: Refund, owed: int | None = None) -> str:
    again = "again" if owed is None else f"{format_money(owed, refund.currency)} again"
    return (
        "The customer's bank sent it back: the customer was not paid back, and was emailed "
        f"so. Ask them how to be paid: refund {again} (it may fail the same way on that "
        "card) or pay them another way, then settle this line saying how."
    )


def _came_back_flag(*, order: Order, refund: Refund, message: str) -> None:
    """Flag the refund that came back; a refund paid since the others came back may have
    paid this one back instead of them (it came back too), so their lines are read again."""
    order_services.order_flag(
        order=order,
        actor=STRIPE_REFUSED_REFUND,
        reason=f"{_came_back_start(refund, message)} {_came_back_asks(refund)}",
    )
    came_back_lines_paid_again(order=order)


@dataclass(frozen=True)
class _PaidBack:
    """Money that reached the customer after a refund came back: a refund paid, or a
    dispute lost (their bank took it back for them)."""

    amount: int
    payment_id: int
    asked_at: datetime
    paid_at: datetime
    named: str


def _paid_back_since(order: Order) -> list[_PaidBack]:
    """The order's refunds paid and disputes lost, in the order they reached the customer
    (outside probe DO-1: a dispute lost for part of the payment left the flag asking staff
    to pay the customer money their bank had given them)."""
    paid = [
        _PaidBack(
            again.amount,
            again.payment_id,
            again.created_at,
            again.succeeded_at,
            f"{again.stripe_refund_id} on {timezone.localtime(again.succeeded_at):%-d %b %Y}",
        )
        for again in order.refunds.filter(status=RefundStatus.SUCCEEDED)
    ]
    lost = [
        _PaidBack(
            dispute.amount,
            dispute.payment_id,
            dispute.closed_at,
            dispute.closed_at,
            f"the lost dispute {dispute.stripe_dispute_id} on "
            f"{timezone.localtime(dispute.closed_at):%-d %b %Y}",
        )
        for dispute in order.disputes.filter(status=DisputeStatus.lost, closed_at__isnull=False)
    ]
    return sorted([*paid, *lost], key=lambda again: again.paid_at)


def came_back_lines_paid_again(*, order: Order) -> None:
    """A refund of the order paid since refunds came back, or a dispute lost since, pays
    them again: the oldest first, each paying what is still owed of them (of the same
    payment). Their flag lines say so, and what is still owed: a line paid in full asks
    for no refund, only to be settled, so staff never pay the customer twice. Lines staff
    settled stay gone. The caller holds the order's lock."""
    lines = order.flagged_reason.splitlines()
    if not any(line.startswith(REFUND_CAME_BACK_FLAG) for line in lines):
        return
    came_back = list(
        order.refunds.filter(status=RefundStatus.FAILED, succeeded_at__isnull=False)
        .exclude(stripe_refund_id=None)
        .order_by("updated_at", "pk")
    )
    owed = {row.pk: row.amount for row in came_back}
    paid_by: dict[int, list[_PaidBack]] = {row.pk: [] for row in came_back}
    for again in _paid_back_since(order):
        left = again.amount
        for row in came_back:
            if again.payment_id != row.payment_id or again.asked_at <= row.updated_at:
                continue
            if share := min(left, owed[row.pk]):
                owed[row.pk] -= share
                left -= share
                paid_by[row.pk].append(again)
    for row in came_back:
        start = _came_back_start(row, row.failure_message)
        line = next((line for line in lines if line.startswith(start)), None)
        if line is None:
            continue
        payers = " and ".join(again.named for again in paid_by[row.pk])
        if not paid_by[row.pk]:
            reason = f"{start} {_came_back_asks(row)}"
        elif owed[row.pk]:
            share = format_money(row.amount - owed[row.pk], row.currency)
            reason = (
                f"{start} {share} of it was paid again by {payers}; "
                f"{format_money(owed[row.pk], row.currency)} is still owed. "
                f"{_came_back_asks(row, owed[row.pk])}"
            )
        else:
            reason = (
                f"{start} It was paid again by {payers}: nothing is owed for it, do not "
                "refund it again. Settle this line once you have looked."
            )
        if reason != line:
            order_services.order_flag_reword(order=order, settles=start, reason=reason)


# Stripe's reasons for a refund that failed after it was made (`failure_reason`) that are
# the card's or the bank's, whatever dispute is open.
NOT_THE_DISPUTES = frozenset(
    {"lost_or_stolen_card", "expired_or_canceled_card", "insufficient_funds", "declined"}
)


def _refund_disputed_asks(*, order: Order, code: str) -> str | None:
    """What the flag of a refund refused for a dispute asks staff to do, or None: not to
    refund again, which Stripe refuses the same way, but to settle the dispute. Stripe's
    refusal may come before its dispute's first event. A failure Stripe gives another
    reason for (the card's: `lost_or_stolen_card`, `NOT_THE_DISPUTES`) is not the dispute's,
    even while one is open (outside probe FO-1: won, the line still asked staff to accept
    it)."""
    if code in NOT_THE_DISPUTES:
        return None
    refusal = dispute_refund_refusal(order=order)
    if refusal is None and code == STRIPE_CHARGE_DISPUTED:
        refusal = (
            f"Stripe says order {order.number}'s payment is disputed, and it cannot refund a "
            "disputed payment: accept the dispute in Stripe to pay the customer back, or "
            "answer it (it shows under Disputes once Stripe reports it)."
        )
    return None if refusal is None else f"Nothing was refunded. {refusal}"


def _refund_failed_asks(*, order: Order, bought_again: Mapping[int, str]) -> str:
    """What the flag of a refused refund asks staff to do. Items the customer bought again
    in another order while the refund was under way are paid for twice: refunding them
    again is the way out, not telling the customer why not."""
    if not bought_again:
        return "Nothing was refunded: refund again, or tell the customer why not."
    titles = order.items.filter(pk__in=list(bought_again)).order_by("pk")
    named = [f"{item.title} (in {bought_again[item.pk]})" for item in titles]
    if len(named) == 1:
        return (
            f"Nothing was refunded, and {named[0]} was bought again since: refund it again, or "
            "the customer pays for it twice."
        )
    return (
        f"Nothing was refunded, and {', '.join(named[:-1])} and {named[-1]} were bought again "
        "since: refund them again, or the customer pays for them twice."
    )


def _links_replaced_after(
    refund: Refund, *, order: Order, besides: Collection[int], reasons: tuple[str, ...] = ()
) -> list[int]:
    """The items whose links the refund's request stopped and the customer is entitled to
    again (a refund still pending for the whole order keeps them stopped; the items
    `besides`, bought again since, stay stopped: the customer has them from the other
    order, and they are to be refunded again; so do items another refund paid back or is
    paying back, such as one Stripe paid after all); those links are marked as being
    replaced. `reasons`: what else stopped them (the order refunded in full)."""
    from delivery.services import download_links_mark_replaced

    if order.status not in (OrderStatus.FULFILLED, OrderStatus.DELIVERED):
        return []
    if order_refund_full_pending(order):
        return []
    closed = [item.pk for item in order.items.all() if item.refund_closed]
    return download_links_mark_replaced(
        order=order,
        since=refund.created_at,
        reasons=(FULL_REFUND_UNDER_WAY, ITEM_REFUNDED, *reasons),
        besides=[*besides, *closed],
    )


def _fresh_links_words(*, order: Order, item_ids: list[int]) -> str:
    """The email's one opening: which comics' links were replaced, so the earlier ones no
    longer work (not why: the customer was never told of the refund Stripe refused)."""
    titles = list(
        order.items.filter(pk__in=item_ids).order_by("pk").values_list("title", flat=True)
    )
    if len(titles) == 1:
        return (
            f"Your previous link for {titles[0]}, from order {order.number}, was replaced "
            "and no longer works: here is a fresh one."
        )
    named = f"{', '.join(titles[:-1])} and {titles[-1]}"
    return (
        f"Your previous links for {named}, from order {order.number}, were replaced and no "
        "longer work: here are fresh ones."
    )


def refund_fail_after_paid(refund: Refund, *, message: str, data: Mapping[str, Any]) -> None:
    """Stripe paid the refund, then failed it (`data`, Stripe's refund): the customer's bank
    would not take the money, which Stripe put back in our balance, so the customer, told of
    the refund, was never paid back. Once, the row fails with Stripe's reason; the order's
    refunded total drops by it, so staff may refund it again; the flag's failed-refund line
    asks them to see to it; the history says what Stripe reported; the customer is emailed.
    The invoicing app reverses its credit note with a debit note
    (`order_refund_taken_back`), so a refund asked for again gets a credit note of its own.
    An order it had made refunded is fulfilled again (`refund_bounce`): the customer, not
    paid back, has their comics again. One it had refunded before it was fulfilled is paid
    again (`refund_bounce_unfulfilled`), held for its VAT evidence as it was before the
    refund (`evidence_hold_restore`), else fulfilled (the fulfilment's email brings the
    links). Its share of the items is freed as a refused refund's is: the items it refunded
    as items are no longer refunded (staff may pick them again) and their links come back
    fresh, emailed. Item refunds still pending that took its share off their items get it
    back, or are flagged as short (`item_refunds_unsent_recompute`). The flag's line stays
    until staff settle it: a
    refund asked for again may bounce the same way. The caller holds the order's lock."""
    from delivery.tasks import fulfil_order, send_fresh_links

    with system_scope():
        order = Order.objects.select_for_update().get(pk=refund.order_id)
        changed = Refund.objects.filter(pk=refund.pk, status=RefundStatus.SUCCEEDED).update(
            status=RefundStatus.FAILED, failure_message=message, updated_at=timezone.now()
        )
        if not changed:
            return
        order_services.order_record_refund_failed(order=order, amount=refund.amount)
        items_refunded_record(order=order)
        money = format_money(refund.amount, refund.currency)
        events.refund_failed_after_paid(
            order=order,
            actor=STRIPE_REFUSED_REFUND,
            reason=(
                f"Stripe reported the refund failed after paying it ({message}): {money} "
                "went back to our Stripe balance, not to the customer"
            ),
            refund_id=refund.pk,
            amount=refund.amount,
            stripe_refund_id=refund.stripe_refund_id or "",
            refunded_total=order.refunded_amount,
        )
        bounced = (
            order.status == OrderStatus.REFUNDED and order.refunded_amount < order.total_amount
        )
        if bounced and order_refunded_unfulfilled(order):
            order_services.order_transition(
                order=order,
                name="refund_bounce_unfulfilled",
                actor=STRIPE_REFUSED_REFUND,
                reason=f"Refund of {money} came back from the customer's bank: the order, "
                "never fulfilled, is paid again",
                locked=True,
            )
            if evidence_hold_restore(order_id=order.pk, actor=STRIPE_REFUSED_REFUND):
                order.refresh_from_db()
        elif bounced:
            order_services.order_transition(
                order=order,
                name="refund_bounce",
                actor=STRIPE_REFUSED_REFUND,
                reason=f"Refund of {money} came back from the customer's bank: the customer "
                "has their comics again",
                locked=True,
            )
        _came_back_flag(order=order, refund=refund, message=message)
        item_refunds_unsent_recompute(order=order, came_back=refund)
        bought_again = items_bought_again(order=order, since=refund.created_at)
        stopped_by = (ORDER_REFUNDED,) if bounced else ()
        if item_ids := _links_replaced_after(
            refund, order=order, besides=bought_again, reasons=stopped_by
        ):
            send_fresh_links.defer(
                order_id=order.pk,
                actor=STRIPE_REFUSED_REFUND,
                reason=f"Refund of {money} came back from the customer's bank",
                request_key=f"refund-came-back-{refund.pk}",
                why=_fresh_links_words(order=order, item_ids=item_ids),
                item_ids=item_ids,
            )
        elif bounced and order.fulfilled_at is None:
            fulfil_order.defer(order_id=order.pk)
        send_order_email.defer(
            order_id=order.pk,
            kind=EmailKind.REFUND_FAILED,
            event_key=f"refund-failed-{refund.pk}",
            amount=refund.amount,
            reason=refund_came_back_words(str(data.get("failure_reason") or "")),
        )


def item_refunds_unsent_recompute(*, order: Order, came_back: Refund) -> None:
    """`came_back` freed its share of the order's items: each pending refund of whole items
    that no job has taken to Stripe yet now pays back what is left of its items, as the
    refund screen would offer them now (`items_left_as_items`), under the rows' locks, the
    history saying why its amount changed. One a job has taken (Stripe may have it under
    its key and amount) stays as asked: the flag says what its items are still owed. The
    caller holds the order's lock."""
    from payments.tasks import send_refund

    with_lines = RefundLine.objects.filter(refund__order=order).values("refund_id")
    pending = list(
        Refund.objects.select_for_update()
        .filter(pk__in=with_lines, status=RefundStatus.PENDING)
        .order_by("pk")
    )
    if not pending:
        return
    taken = set(
        jobs_taken(
            task_name=send_refund.name, argument="refund_id", among=[row.pk for row in pending]
        )
    )
    for row in pending:
        if row.stripe_refund_id or row.pk in taken:
            _item_refund_short(order, row, came_back)
        else:
            _item_refund_raise(order, row, came_back)
    refunds_pending_record(order=order)


def _item_refund_raise(order: Order, refund: Refund, came_back: Refund) -> None:
    """Raise `refund`'s lines to what is left of their items (`refund` aside), and its amount
    with them (to all that is left of the order when it takes the rest, as when asked). It
    fits in what the order has left: that grew by all `came_back` paid, its share of the
    items included. Never lowered (an order without an invoice takes no shares off)."""
    lines = {line.order_item_id: line for line in refund.lines.all()}
    left = items_left_as_items(order, shares=True, besides=refund)
    raised = {
        pk: max(line.amount, chargeable_floor(left[pk], order.currency))
        for pk, line in lines.items()
    }
    amount = max(sum(raised.values()), refund.amount)
    if item_refund_takes_the_rest(order=order, item_ids=list(lines)):
        amount = max(amount, refund_room(order=order) + refund.amount)
        unclaimed = items_left_as_items(order, shares=False, besides=refund)
        lines_take(raised, amount - sum(raised.values()), room=unclaimed)
    if amount == refund.amount:
        return
    for pk, line in lines.items():
        if raised[pk] != line.amount:
            RefundLine.objects.filter(pk=line.pk).update(amount=raised[pk])
    Refund.objects.filter(pk=refund.pk).update(amount=amount, updated_at=timezone.now())
    was, now = (format_money(value, order.currency) for value in (refund.amount, amount))
    events.refund_amount_changed(
        order=order,
        actor=STRIPE_REFUSED_REFUND,
        reason=(
            f"Refund of {_titles(order, lines)} not sent to Stripe yet: raised from {was} to "
            f"{now}, all that is left of it, because the refund of "
            f"{format_money(came_back.amount, came_back.currency)} it had taken a share of "
            "came back from the customer's bank"
        ),
        refund_id=refund.pk,
        amount=amount,
        was=refund.amount,
    )


def _item_refund_short(order: Order, refund: Refund, came_back: Refund) -> None:
    """The flag's line for an item refund sent to Stripe before `came_back` came back, for
    less than is now left of its items: what the customer is still owed for them."""
    lines = {line.order_item_id: line for line in refund.lines.all()}
    left = items_left_as_items(order, shares=True, besides=refund)
    short = sum(
        max(chargeable_floor(left[pk], order.currency) - line.amount, 0)
        for pk, line in lines.items()
    )
    if short <= 0:
        return
    titles = _titles(order, lines)
    order_services.order_flag(
        order=order,
        actor=STRIPE_REFUSED_REFUND,
        reason=(
            f"{REFUND_CAME_BACK_FLAG}{format_money(came_back.amount, came_back.currency)} had "
            f"taken a share of {titles}, whose refund (of "
            f"{format_money(refund.amount, refund.currency)}) was already sent to Stripe: the "
            f"customer is still owed {format_money(short, order.currency)} for {titles}. "
            "Refund it as an amount, or pay them another way, then settle this line saying how."
        ),
    )


def _titles(order: Order, item_ids: Collection[int]) -> str:
    titles = list(
        order.items.filter(pk__in=list(item_ids)).order_by("pk").values_list("title", flat=True)
    )
    return titles[0] if len(titles) == 1 else f"{', '.join(titles[:-1])} and {titles[-1]}"
