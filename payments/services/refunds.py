"""Staff refunds: the row and its job in one transaction (pending), then the job asks Stripe
with the row's id as idempotency key. A refund Stripe confirms in its answer is applied at
once, through the same code as Stripe's `charge.refunded`; the event confirms the rest.
Stripe's reports are applied in `refund_reports`, failures settled in `refund_failures`."""

import logging
from collections.abc import Callable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from delivery.models import FULL_REFUND_UNDER_WAY, ITEM_REFUNDED
from morpheus.db_context import system_scope
from morpheus.money import chargeable_floor, format_money
from orders import events
from orders import services as order_services
from orders.actors import SYSTEM, stripe_actor
from orders.models import Order, OrderEventType, OrderItem
from orders.selectors import order_refund_full_pending
from payments import stripe_client
from payments.errors import (
    PaymentProviderError,
    PaymentProviderUnreachable,
    RefundExceedsRemaining,
    RefundNotAllowed,
)
from payments.intents import charge_id_of, metadata_number
from payments.models import Payment, Refund, RefundLine, RefundStatus
from payments.selectors import (
    REFUND_FLAGS,
    dispute_refund_refusal,
    item_refund_takes_the_rest,
    item_refunds_claimed,
    payment_counted,
    refund_pending_same,
    refund_room,
)
from payments.services.refund_failures import refund_fail
from payments.services.refund_reports import charge_refunded_apply
from payments.services.refund_rows import lines_take, refund_row, refunds_pending_record
from tax.selectors import items_paid

logger = logging.getLogger(__name__)


def refund_create(*, order: Order, amount: int, reason: str, actor: str) -> Refund:
    """Refund `amount` (minor units) of a paid order. Repeating the same request while it is
    pending returns the same refund (and sends it again under the same key if Stripe never
    answered, the history saying who asked again). When the pending refunds cover what is
    left, the order's links stop working at once, within this transaction."""
    from delivery.services import download_links_revoke

    if amount <= 0:
        raise RefundNotAllowed("A refund needs a positive amount.")
    if not reason.strip():
        raise RefundNotAllowed("A refund needs a reason.")
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        same = refund_pending_same(order=locked, amount=amount, reason=reason)
        refund = same or _refund_open(order=locked, amount=amount, reason=reason, actor=actor)
        _refund_send(order=locked, refund=refund, again=same is not None, actor=actor)
        refunds_pending_record(order=locked)
        order_services.order_flag_clear(order=locked, settles=REFUND_FLAGS)
        if order_refund_full_pending(locked):
            download_links_revoke(order=locked, reason=FULL_REFUND_UNDER_WAY, actor=actor)
    return refund


def refund_create_for_items(
    *,
    order: Order,
    item_ids: list[int],
    reason: str,
    actor: str,
    amounts: Mapping[int, int] | None = None,
) -> Refund:
    """Refund whole items of a paid order: what is left of each item, one refund with a
    line per item. What is left of an item is its price less what refunds of it took;
    `amounts` (item id -> amount) lowers that for items refunds of amounts already took a
    share of (the credit notes know it: `invoicing.selectors.items_left_to_credit`), so
    the refund's credit note credits those items alone. Their download links stop at
    once, the other items' stay; the order becomes refunded only when Stripe has paid
    everything back, and not even then for free items it leaves the customer
    (`order_free_items_kept`). Repeating the same request while it is pending returns the same
    refund."""
    from delivery.services import download_links_revoke, download_links_revoke_items

    if not item_ids:
        raise RefundNotAllowed("Pick at least one item to refund.")
    if not reason.strip():
        raise RefundNotAllowed("A refund needs a reason.")
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        same = _pending_item_refund(order=locked, item_ids=set(item_ids), reason=reason)
        refund = same or _item_refund_open(
            order=locked, item_ids=item_ids, reason=reason, actor=actor, amounts=amounts or {}
        )
        _refund_send(order=locked, refund=refund, again=same is not None, actor=actor)
        refunds_pending_record(order=locked)
        order_services.order_flag_clear(order=locked, settles=REFUND_FLAGS)
        download_links_revoke_items(
            order=locked, item_ids=sorted(item_ids), reason=ITEM_REFUNDED, actor=actor
        )
        if order_refund_full_pending(locked):
            download_links_revoke(order=locked, reason=FULL_REFUND_UNDER_WAY, actor=actor)
    return refund


def _refund_send(*, order: Order, refund: Refund, again: bool, actor: str) -> None:
    """Send the refund to Stripe once the transaction commits, unless Stripe gave it an id
    already (it has it). One asked `again` while pending is sent again under its key, which
    the order's history records with who asked; it refunds nothing more."""
    from payments.tasks import send_refund

    if refund.stripe_refund_id:
        return
    send_refund.defer(refund_id=refund.pk)
    if again:
        events.refund_sent_again(
            order=order,
            actor=actor,
            reason=refund.reason,
            refund_id=refund.pk,
            amount=refund.amount,
        )


def _pending_item_refund(*, order: Order, item_ids: set[int], reason: str) -> Refund | None:
    for refund in order.refunds.filter(status=RefundStatus.PENDING, reason=reason):
        if set(refund.lines.values_list("order_item_id", flat=True)) == item_ids:
            return refund
    return None


def _item_refund_open(
    *, order: Order, item_ids: list[int], reason: str, actor: str, amounts: Mapping[int, int]
) -> Refund:
    items = list(OrderItem.objects.filter(order=order, pk__in=item_ids).order_by("pk"))
    if len(items) != len(set(item_ids)):
        raise RefundNotAllowed(f"Order {order.number} has no such item.")
    claimed = item_refunds_claimed(order=order)
    paid = items_paid(order=order)
    unpaid_back = {item.pk: paid[item.pk] - claimed.get(item.pk, 0) for item in items}
    unclaimed = {pk: min(rest, amounts.get(pk, rest)) for pk, rest in unpaid_back.items()}
    done = [item.title for item in items if unclaimed[item.pk] <= 0 or item.refund_closed]
    if done:
        raise RefundNotAllowed(f"Already refunded: {', '.join(done)}.")
    # What Stripe can pay back (0.080 KWD of 0.085): every refund keeps what is left of the
    # order an amount Stripe can refund too. The few fils below go with an amount refund.
    left = {pk: chargeable_floor(amount, order.currency) for pk, amount in unclaimed.items()}
    too_little = [item.title for item in items if left[item.pk] <= 0]
    if too_little:
        raise RefundNotAllowed(
            f"Less is left of {', '.join(too_little)} than Stripe can refund on its own: "
            "refund it within an amount."
        )
    amount = sum(left.values())
    if item_refund_takes_the_rest(order=order, item_ids=item_ids):
        amount = max(amount, refund_room(order=order))
        lines_take(left, amount - sum(left.values()), room=unpaid_back)
    refund = _refund_open(order=order, amount=amount, reason=reason, actor=actor, items=items)
    RefundLine.objects.bulk_create(
        RefundLine(refund=refund, order_item=item, amount=left[item.pk]) for item in items
    )
    return refund


def _refund_open(
    *, order: Order, amount: int, reason: str, actor: str, items: list[OrderItem] = ()
) -> Refund:
    payment = payment_counted(order=order)  # never a duplicate charge: it has its own refund
    if payment is None:
        raise RefundNotAllowed(f"Order {order.number} has no successful payment to refund.")
    refusal = dispute_refund_refusal(order=order)
    if refusal:
        raise RefundNotAllowed(refusal)
    remaining = refund_room(order=order)
    if amount > remaining:
        raise RefundExceedsRemaining(
            f"Cannot refund {format_money(amount, order.currency)}: only "
            f"{format_money(remaining, order.currency)} of order {order.number} is left "
            "to refund."
        )
    refund = refund_row(order, payment, amount, reason, actor)
    # With the order's version the refund screen showed (it checked it under this lock): that
    # confirmation sent again is known for this refund (`payments.selectors.refund_asked_from`).
    requested = {
        "order": order,
        "actor": actor,
        "reason": reason,
        "refund_id": refund.pk,
        "version": order.version,
    }
    if items:
        events.refund_items_requested(**requested, amount=amount, items=[item.pk for item in items])
    else:
        events.refund_requested(**requested, amount=amount)
    return refund


def refund_send(*, refund_id: int) -> None:
    """Ask Stripe for the refund: the body of its job. Stripe out of reach raises, so the
    job is retried under the same key (at its last attempt: `refund_unanswered_fail`); a
    refusal fails the refund. A refund Stripe answers `succeeded` is applied from the
    charge Stripe then holds, as `charge.refunded` would."""
    with system_scope():
        refund = Refund.objects.select_related("payment", "order").get(pk=refund_id)
    if refund.status != RefundStatus.PENDING:
        return
    if not refund.stripe_refund_id and _paid_after_failing(refund):
        return
    refund_ask_then_apply(
        payment=refund.payment,
        stripe_refund_id=refund.stripe_refund_id,
        ask=lambda: _refund_ask(refund),
    )


def _paid_after_failing(refund: Refund) -> bool:
    """Whether `refund` asks again for what Stripe paid back, after all, with a refund of
    the order recorded here as failed when `refund` was asked for (one whose job gave up
    while Stripe could not be reached may have reached it). The charge is read first for
    an order with a failed refund, and those it lists are confirmed
    (`charge_refunded_apply`); `charge.refunded` or reconciliation may have confirmed them
    before this job ran. `refund`, when it repeats one of them (`_asks_again`), or when
    more than is now left to refund, fails unsent: Finance check before refunding again.
    Any other refund is sent. A charge Stripe refuses to read (forgotten, say) tells
    nothing more: `refund` is sent unless one confirmed already holds it back, and Stripe's
    answer decides it. Stripe out of reach raises: the job retries."""
    with system_scope():
        failed = set(
            refund.order.refunds.filter(status=RefundStatus.FAILED).values_list("pk", flat=True)
        )
        known = set(refund.order.refunds.values_list("stripe_refund_id", flat=True))
    if failed and refund.payment.stripe_charge_id:
        _failed_refunds_confirm(refund, failed=failed, known=known)
    with system_scope():
        earlier = _failed_then_paid_since(refund)
        if not earlier:
            return False
        repeated = [row for row in earlier if _asks_again(refund, row)]
        too_much = refund_room(order=Order.objects.get(pk=refund.order_id)) < 0
        if not repeated and not too_much:
            return False
        asks = _repeat_asks(refund, repeated=repeated)
    named = ", ".join(
        f"refund {row.pk} with {row.stripe_refund_id} ({format_money(row.amount, row.currency)})"
        for row in repeated or earlier
    )
    refund_fail(
        refund,
        message=f"Stripe had paid back {named} after all",
        asks=asks,
        actor=SYSTEM,
        event_reason=f"Refund not sent: Stripe had paid back {named} after all",
        unsent=True,
    )
    return True


def _failed_refunds_confirm(refund: Refund, *, failed: set[int], known: set[str | None]) -> None:
    """Read the charge of `refund` and confirm the `failed` refunds it lists as paid, under
    a Stripe id not `known` here yet. Stripe refusing to read it is logged."""
    try:
        charge = stripe_client.charge_retrieve(refund.payment.stripe_charge_id)
    except PaymentProviderUnreachable:
        raise
    except PaymentProviderError as exc:
        logger.warning(
            "Stripe refused to read charge %s before refund %s (%s): no failed refund of it "
            "is confirmed.",
            refund.payment.stripe_charge_id,
            refund.pk,
            exc.detail,
        )
        return
    if any(
        data.get("status") == "succeeded"
        and data["id"] not in known
        and metadata_number(data.get("metadata"), "refund_id") in failed
        for data in (charge.get("refunds") or {}).get("data", [])
    ):
        with system_scope():
            charge_refunded_apply(charge=charge, actor=stripe_actor(str(charge["id"])))


def _failed_then_paid_since(refund: Refund) -> list[Refund]:
    """The order's refunds that had failed when `refund` was asked for and that Stripe was
    found since to have paid after all, in the order staff asked for them. The order's
    history tells: its refund events are written under the order's lock, so their ids
    follow one another as the changes did (`refund`'s request, the failures and the
    confirmations), whatever the clocks of the app's hosts."""
    failed_before, paid_since, asked = set(), set(), False
    history = refund.order.events.filter(type=OrderEventType.REFUND).order_by("pk")
    for data in history.values_list("data", flat=True):
        if data.get("refund_id") == refund.pk and data.get("status") == "pending":
            asked = True
        elif not asked and data.get("status") == "failed":
            failed_before.add(data.get("refund_id"))
        elif asked and data.get("after_failing"):
            paid_since.add(data.get("refund_id"))
    return list(refund.order.refunds.filter(pk__in=failed_before & paid_since).order_by("pk"))


def _asks_again(refund: Refund, earlier: Refund) -> bool:
    """Whether `refund` asks for what `earlier` paid back: one of its items when both
    refund items (another item of the order is owed on its own), else as much money."""
    items = set(refund.lines.values_list("order_item_id", flat=True))
    earlier_items = set(earlier.lines.values_list("order_item_id", flat=True))
    if items and earlier_items:
        return bool(items & earlier_items)
    return refund.amount == earlier.amount


def _repeat_asks(refund: Refund, *, repeated: list[Refund]) -> str:
    """What the flag of a refund not sent asks staff: not to refund again what was paid
    back, and to refund on their own the items of it that were not (or, when it repeats
    none, what is still owed within what is left)."""
    if not repeated:
        return (
            "With that refund paid, this one is more than is left to refund: refund what the "
            "customer is still owed, if anything."
        )
    asks = (
        "The customer was paid back by that refund: do not refund it again (this one was "
        "asked for in the belief that nothing had been)."
    )
    paid_items = RefundLine.objects.filter(refund__in=repeated).values("order_item_id")
    owed = list(
        refund.lines.exclude(order_item_id__in=paid_items)
        .order_by("order_item_id")
        .values_list("order_item__title", flat=True)
    )
    if not owed:
        return asks
    if len(owed) == 1:
        return f"{asks} It did not pay back {owed[0]}: refund it on its own."
    named = f"{', '.join(owed[:-1])} and {owed[-1]}"
    return f"{asks} It did not pay back {named}: refund them on their own."


def refund_ask_then_apply(
    *, payment: Payment, stripe_refund_id: str | None, ask: Callable[[], dict[str, Any] | None]
) -> None:
    """A refund job's second half: unless Stripe already gave the refund an id (a retry
    after Stripe refunded and the charge was unread), `ask` Stripe for it (None: refused);
    once Stripe answers `succeeded`, apply the charge Stripe then holds, as
    `charge.refunded` would."""
    charge_id = payment.stripe_charge_id
    if not stripe_refund_id:
        answer = ask()
        if answer is None or answer.get("status") != "succeeded":
            return
        charge_id = charge_id_of(answer) or charge_id
        stripe_refund_id = answer["id"]
    charge = stripe_client.charge_retrieve(charge_id)
    with system_scope():
        charge_refunded_apply(charge=charge, actor=stripe_actor(stripe_refund_id))


def _refund_ask(refund: Refund) -> dict[str, Any] | None:
    """Stripe's answer, remembered on the row; None when Stripe refused (the row failed).
    The amount is read under the row's lock: a refund that came back meanwhile may have
    raised it (`item_refunds_unsent_recompute`) until this job was taken."""
    with transaction.atomic(), system_scope():
        refund.amount = (
            Refund.objects.select_for_update().values_list("amount", flat=True).get(pk=refund.pk)
        )
    try:
        answer = stripe_client.refund_create(
            payment_intent_id=refund.payment.stripe_payment_intent_id,
            amount=refund.amount,
            metadata={"order_number": refund.order.number, "refund_id": str(refund.pk)},
            idempotency_key=refund.idempotency_key,
        )
    except PaymentProviderUnreachable:
        raise
    except PaymentProviderError as exc:
        refund_fail(refund, message=exc.detail, code=exc.code)
        return None
    with system_scope():
        Refund.objects.filter(pk=refund.pk, stripe_refund_id__isnull=True).update(
            stripe_refund_id=answer["id"], updated_at=timezone.now()
        )
    return answer
