"""Staff refunds: the row and its job in one transaction (pending), then the job asks Stripe
with the row's id as idempotency key. A refund Stripe confirms in its answer is applied at
once, through the same code as Stripe's `charge.refunded`; the event confirms the rest."""

import logging
from collections.abc import Callable, Collection, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from delivery.models import FULL_REFUND_UNDER_WAY, ITEM_REFUNDED
from morpheus.db_context import system_scope
from morpheus.jobs import jobs_waiting_or_running
from morpheus.money import chargeable_floor, format_money
from notifications.models import EmailKind
from notifications.tasks import send_order_email
from orders import events
from orders import services as order_services
from orders.actors import STRIPE_REFUSED_REFUND, SYSTEM, stripe_actor
from orders.errors import StaleOrder
from orders.models import Order, OrderEventType, OrderItem
from orders.selectors import items_bought_again, order_refund_full_pending
from orders.transitions import OrderStatus
from payments import stripe_client
from payments.errors import (
    PaymentProviderError,
    PaymentProviderUnreachable,
    RefundExceedsRemaining,
    RefundNotAllowed,
)
from payments.intents import (
    REFUND_VERDICT,
    charge_id_of,
    metadata_number,
    payment_intent_id_of,
    refund_unpaid_words,
    refund_verdict_start,
    refunds_paid_back,
)
from payments.messages import refund_came_back_words
from payments.models import REFUNDS_ENDED_UNPAID, Payment, Refund, RefundLine, RefundStatus
from payments.selectors import (
    REFUND_FAILED_FLAG,
    REFUND_FLAGS,
    REFUND_PAID_AFTER_ALL_FLAG,
    REFUND_PAID_TWICE_FLAG,
    REFUND_UNSENT_FLAG,
    SETTLED_WITHOUT_REFUND_FLAGS,
    STRIPE_NEVER_ASKED,
    STRIPE_UNANSWERED,
    dispute_refund_refusal,
    item_refund_takes_the_rest,
    item_refunds_claimed,
    payment_counted,
    payment_for_charge,
    refund_failures_flagged,
    refund_failures_settled,
    refund_pending_same,
    refund_room,
)
from payments.services.duplicates import (
    charge_is_duplicate,
    duplicate_charge_refunded,
    duplicate_refund_paid_confirm,
    duplicate_refund_unpaid_fail,
)
from payments.services.refund_reads import refunds_read_one_by_one
from tax.selectors import items_paid

logger = logging.getLogger(__name__)

EXTERNAL_REASON = "Refunded outside the app (Stripe's dashboard)"
# The credit note's `payment_reference` (invoicing) holds at most this many characters.
REFERENCE_LENGTH = 255
# Stripe's error code for a refund of a charge that is disputed or was charged back.
STRIPE_CHARGE_DISPUTED = "charge_disputed"
# What the flag's line about a refund Stripe paid twice asks staff: the money is the
# customer's now unless they give it back; settling the line records what staff decided.
PAID_TWICE_ASKS = "Ask the customer for it back, or let it go, then settle this line saying which."


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
        _refunds_pending_record(order=locked)
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
        _refunds_pending_record(order=locked)
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
        _lines_take(left, amount - sum(left.values()), room=unpaid_back)
    refund = _refund_open(order=order, amount=amount, reason=reason, actor=actor, items=items)
    RefundLine.objects.bulk_create(
        RefundLine(refund=refund, order_item=item, amount=left[item.pk]) for item in items
    )
    return refund


def _lines_take(left: dict[int, int], extra: int, *, room: Mapping[int, int]) -> None:
    """Adds `extra` to the items' lines, each up to what is `room` for it. What none has
    room for (VAT added on top of the items) is in the refund's amount, on no item."""
    for pk in left:
        taken = min(extra, room[pk] - left[pk])
        left[pk] += taken
        extra -= taken


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
    refund = _refund_row(order, payment, amount, reason, actor)
    requested = {"order": order, "actor": actor, "reason": reason, "refund_id": refund.pk}
    if items:
        events.refund_items_requested(**requested, amount=amount, items=[item.pk for item in items])
    else:
        events.refund_requested(**requested, amount=amount)
    return refund


def _refund_row(
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
    _refund_fail(
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
    _refund_fail(refund, message=STRIPE_UNANSWERED)
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
        _refund_fail(refund, message=why)
    return len(unsent)


def refunds_charge_unreadable_settle(*, charge_id: str, detail: str, actor: str) -> int:
    """Stripe refuses to read the charge (`detail`: localstripe forgot it at a restart, say),
    so nothing lists its refunds. Each pending refund of it Stripe gave an id is read by that
    id (`_refund_read_apply`: paid, failed, or still under way there). One Stripe refuses to
    read too, or never gave an id, fails as its job's last attempt does (the flag, its links
    given back) once no job of it waits or runs: nothing will tell us more of it. How many
    it settled. Stripe out of reach raises."""
    from payments.tasks import send_refund

    with system_scope():
        held = list(
            Refund.objects.filter(
                payment__stripe_charge_id=charge_id,
                status=RefundStatus.PENDING,
                stripe_refund_id__isnull=False,
            )
            .select_related("payment")
            .order_by("pk")
        )
    settled = refunds_read_one_by_one(
        held=held,
        read_apply=lambda refund, read: _refund_read_apply(
            refund=refund, stripe_refund=read, actor=actor
        ),
        fail=lambda refund, why: _refund_fail(refund, message=why),
        job=(send_refund.name, "refund_id"),
        named="Refund",
    )
    why = f"its job ended, and Stripe refuses to read its charge: {detail}"
    return settled + refunds_unsent_fail(charge_id=charge_id, why=why)


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
    """Stripe's answer, remembered on the row; None when Stripe refused (the row failed)."""
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
        _refund_fail(refund, message=exc.detail, code=exc.code)
        return None
    with system_scope():
        Refund.objects.filter(pk=refund.pk, stripe_refund_id__isnull=True).update(
            stripe_refund_id=answer["id"], updated_at=timezone.now()
        )
    return answer


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


def _refund_fail(
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
        _refunds_pending_record(order=order)
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
            reason=f"{_failed_flag_start(refund.amount, refund.currency, message, unsent)} {asks}",
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


def _failed_flag_start(amount: int, currency: str, message: str, unsent: bool = False) -> str:
    """How the flag's line about a failed refund begins, before what it asks staff to do."""
    start = REFUND_UNSENT_FLAG if unsent else REFUND_FAILED_FLAG
    return f"{start}{format_money(amount, currency)} ({message})."


def _refund_disputed_asks(*, order: Order, code: str) -> str | None:
    """What the flag of a refund refused for a dispute asks staff to do, or None: not to
    refund again, which Stripe refuses the same way, but to settle the dispute. Stripe's
    refusal may come before its dispute's first event."""
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


def _links_replaced_after(refund: Refund, *, order: Order, besides: Collection[int]) -> list[int]:
    """The items whose links the refund's request stopped and the customer is entitled to
    again (a refund still pending for the whole order keeps them stopped; the items
    `besides`, bought again since, stay stopped: the customer has them from the other
    order, and they are to be refunded again; so do items another refund paid back or is
    paying back, such as one Stripe paid after all); those links are marked as being
    replaced."""
    from delivery.services import download_links_mark_replaced

    if order.status not in (OrderStatus.FULFILLED, OrderStatus.DELIVERED):
        return []
    if order_refund_full_pending(order):
        return []
    closed = [item.pk for item in order.items.all() if item.refund_closed]
    return download_links_mark_replaced(
        order=order,
        since=refund.created_at,
        reasons=(FULL_REFUND_UNDER_WAY, ITEM_REFUNDED),
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


def charge_refunded_apply(*, charge: Mapping[str, Any], actor: str) -> None:
    """Confirm our refunds, fail those Stripe lists as failed or canceled (as a refusal
    does), record refunds made outside the app, and reconcile the order's refunded total
    with Stripe's; a full refund revokes the order's download links. Each
    refund settled here raises the total by its own amount, ours in the order staff asked
    for them, so each has its own history row, credit note and email: one read of the
    charge may settle several (a job that died before reading it leaves its refund to the
    next). Idempotent: the job that sent a refund and the later event both come through
    here."""
    with transaction.atomic():
        payment = payment_for_charge(charge)
        if payment is None:
            logger.warning("Refunded charge %s is not ours; ignored.", charge.get("id"))
            return
        order = Order.objects.select_for_update().get(pk=payment.order_id)
        if charge_is_duplicate(order=order, payment=payment):
            # A charge the order does not count: its refund is the duplicate's, never the
            # order's (no refunded total, status, revoked links or credit note).
            duplicate_charge_refunded(order=order, payment=payment, charge=charge, actor=actor)
            return
        refunds = (charge.get("refunds") or {}).get("data", [])
        _refunds_apply(
            order=order,
            payment=payment,
            refunds=refunds,
            refunded_total=int(charge.get("amount_refunded") or 0),
            actor=actor,
        )
        _refunds_unpaid_fail(order=order, refunds=refunds)


def charge_refund_updated_apply(*, refund: Mapping[str, Any], actor: str) -> None:
    """`charge.refund.updated`: Stripe changed the status of one refund of a charge. Ours,
    of the order or of a duplicate charge, that Stripe failed or canceled after answering
    `pending` fails as a refusal does, with Stripe's reason; the order's one Stripe had paid
    fails too, its amount no longer counted refunded (`_refund_fail_after_paid`). One still
    pending here that Stripe paid is confirmed as a read of Stripe's refund confirms it
    (`_refund_read_apply`, `duplicate_refund_paid_confirm`). Each once, whichever of this
    event, `charge.refunded` and reconciliation tells of it first. Any other change (still
    under way) waits."""
    unpaid = refund_unpaid_words(refund)
    if unpaid is None and refund.get("status") != "succeeded":
        return
    charge_id = charge_id_of(refund)
    with transaction.atomic():
        payment = payment_for_charge(
            {"id": charge_id, "payment_intent": payment_intent_id_of(refund)}
        )
        if payment is None:
            logger.warning("Refund %s of charge %s is not ours; ignored.", refund["id"], charge_id)
            return
        order = Order.objects.select_for_update().get(pk=payment.order_id)
        if charge_is_duplicate(order=order, payment=payment):
            if unpaid is None:
                duplicate_refund_paid_confirm(payment=payment, refund=refund, actor=actor)
            else:
                duplicate_refund_unpaid_fail(payment=payment, refunds=[refund])
        elif unpaid is None:
            held = set(order.refunds.values_list("stripe_refund_id", flat=True))
            row = (
                order.refunds.select_related("payment")
                .filter(_ours(refund, held=held), status=RefundStatus.PENDING)
                .first()
            )
            if row is not None:
                _refund_read_apply(refund=row, stripe_refund=refund, actor=actor)
        else:
            _refunds_unpaid_fail(order=order, refunds=[refund])


def _refund_read_apply(*, refund: Refund, stripe_refund: Mapping[str, Any], actor: str) -> bool:
    """Stripe's own object of the pending `refund`, read by its id where Stripe refuses to
    read its charge (reconciliation): paid, the refund is confirmed as a read of the charge
    listing it would confirm it (its history row, credit note and email; the order refunded
    when it pays back the rest); failed or canceled there, it fails as a refusal does.
    Still under way at Stripe: nothing yet. Whether it settled the refund."""
    unpaid = refund_unpaid_words(stripe_refund)
    if unpaid is not None:
        logger.warning("Refund %s failed: %s.", refund.pk, unpaid)
        _refund_fail(refund, message=unpaid)
        return True
    if stripe_refund.get("status") != "succeeded":
        return False
    with system_scope():
        order = Order.objects.select_for_update().get(pk=refund.order_id)
        if not order.refunds.filter(pk=refund.pk, status=RefundStatus.PENDING).exists():
            return False
        amount = int(stripe_refund.get("amount") or refund.amount)
        _refunds_apply(
            order=order,
            payment=refund.payment,
            refunds=[stripe_refund],
            refunded_total=order.refunded_amount + amount,
            actor=actor,
        )
    return True


def _refunds_apply(
    *,
    order: Order,
    payment: Payment,
    refunds: list[Mapping[str, Any]],
    refunded_total: int,
    actor: str,
) -> None:
    """`charge_refunded_apply` for the order's own charge: the `refunds` Stripe lists of it,
    `refunded_total` what it counts refunded of it in all, refunds still under way there
    included (`_paid_back` takes them out). The caller holds the order's lock."""
    from delivery.services import download_links_refunded

    refunds, refunded_total = _failed_at_stripe_kept(
        order=order, refunds=refunds, refunded_total=refunded_total
    )
    paid_back = _paid_back(order=order, refunds=refunds, refunded_total=refunded_total)
    beyond_total = paid_back > order.total_amount
    was_refunded = order.status == OrderStatus.REFUNDED
    for row, stripe_refund_id in _refunds_confirmed(order=order, refunds=refunds):
        _refund_confirm(order=order, refund=row, stripe_refund_id=stripe_refund_id)
        if not beyond_total:
            _refund_settled_record(
                order=order,
                refund=row,
                stripe_refund_id=stripe_refund_id,
                refunded_total=paid_back,
                actor=actor,
            )
    _items_refunded_record(order=order)
    _refunds_pending_record(order=order)
    if beyond_total:
        order_services.order_flag(
            order=order,
            actor=actor,
            reason=f"Stripe refunded {paid_back}, more than the order total.",
        )
        return
    for row in _record_external_refunds(
        order=order,
        payment=payment,
        refunds=refunds,
        refunded_total=refunded_total,
        actor=actor,
    ):
        _refund_settled_record(
            order=order,
            refund=row,
            stripe_refund_id=row.stripe_refund_id,
            refunded_total=paid_back,
            actor=actor,
        )
    # What no refund Stripe listed explains (it reported an amount without its refunds).
    order_services.order_record_refunded_amount(
        order=order,
        refunded_total=paid_back,
        actor=actor,
        reason="Refund confirmed by Stripe",
    )
    if order.status == OrderStatus.REFUNDED and not was_refunded:
        download_links_refunded(order=order, actor=actor)


def _failed_at_stripe_kept(
    *, order: Order, refunds: list[Mapping[str, Any]], refunded_total: int
) -> tuple[list[Mapping[str, Any]], int]:
    """Stripe's list of the charge's refunds, and its refunded total, as Stripe has them now:
    a refund it lists as succeeded that a row of ours failed by Stripe's own word
    (`refund_verdict_start`) is a read older than that word (events come in any order, and
    a refund Stripe failed or canceled never succeeds after), so it is taken as failed, its
    amount out of the total. Before, such a read confirmed the row as paid after all and
    counted its amount refunded again. Without a list (Stripe's events of this API version)
    the total may be such an older read's: what those rows asked for is taken out of it, so
    it never records them again as a refund made outside the app; a refund truly made there
    meanwhile waits for a read of the charge that lists it (a refund job's, reconciliation's)."""
    failed = order.refunds.filter(status=RefundStatus.FAILED)
    if not refunds:
        by_stripe = failed.filter(failure_message__startswith=REFUND_VERDICT)
        taken = by_stripe.aggregate(total=Sum("amount"))["total"] or 0
        return refunds, max(refunded_total - taken, 0)
    if not any(data.get("status") == "succeeded" for data in refunds):
        return refunds, refunded_total
    words = list(failed.values_list("failure_message", flat=True))
    kept, stale = [], 0
    for data in refunds:
        start = refund_verdict_start(data.get("id"))
        if data.get("status") == "succeeded" and any(word.startswith(start) for word in words):
            kept.append({**data, "status": "failed"})
            stale += int(data.get("amount") or 0)
        else:
            kept.append(data)
    return kept, refunded_total - stale


def _paid_back(*, order: Order, refunds: list[Mapping[str, Any]], refunded_total: int) -> int:
    """What Stripe paid back of the order's charge, that it counts `refunded_total` refunded:
    not what the refunds it lists as still under way will pay (`refunds_paid_back`; should
    one fail, it never paid), nor, when it lists none (its event carries no list), what our
    refunds still pending will: the next read of the charge, reconciliation's or a refund
    job's, lists them, and counts those it paid. Recorded before, a refund that failed left
    the order refunded for good (a refunded total never goes down)."""
    if refunds:
        return refunds_paid_back(refunds, refunded_total=refunded_total)
    pending = order.refunds.filter(status=RefundStatus.PENDING).aggregate(total=Sum("amount"))
    return refunded_total - (pending["total"] or 0)


def _refunds_confirmed(
    *, order: Order, refunds: list[Mapping[str, Any]]
) -> list[tuple[Refund, str]]:
    """Our refunds Stripe lists as succeeded, each with its Stripe id, in the order staff
    asked for them: the pending ones, and the failed ones Stripe paid after all (their
    request reached Stripe while their job gave up); their metadata names them. Locked."""
    found: dict[int, tuple[Refund, str]] = {}
    held = set(order.refunds.values_list("stripe_refund_id", flat=True))
    for data in refunds:
        if data.get("status") != "succeeded":
            continue
        row = (
            order.refunds.select_for_update()
            .filter(_ours(data, held=held), status__in=(RefundStatus.PENDING, RefundStatus.FAILED))
            .exclude(pk__in=found)
            .first()
        )
        if row is not None:
            found[row.pk] = (row, data["id"])
    return [found[pk] for pk in sorted(found)]


def _ours(data: Mapping[str, Any], *, held: Collection[str | None]) -> Q:
    """Our row of Stripe's refund `data`: the one holding its id, or the one its metadata
    names while Stripe gave that row no id yet (its job died before keeping Stripe's answer)
    and no row holds this id (`held`)."""
    ours = Q(stripe_refund_id=data["id"])
    refund_id = metadata_number(data.get("metadata"), "refund_id")
    if refund_id is not None and data["id"] not in held:
        ours |= Q(pk=refund_id, stripe_refund_id__isnull=True)
    return ours


def _refunds_unpaid_fail(*, order: Order, refunds: list[Mapping[str, Any]]) -> None:
    """Our refunds that Stripe lists as failed or canceled fail with Stripe's reason: a
    pending one (it answered `pending`, then the bank sent the money back, or someone
    canceled it) as a refusal does (the flag's line, the links given back, the customer's
    history); one Stripe had paid (the customer's bank sent the money back since) as
    `_refund_fail_after_paid` says. Once: a later read of the charge or event finds them
    failed, and one listing them as paid is older (`_failed_at_stripe_kept`). The caller
    holds the order's lock."""
    held = set(order.refunds.values_list("stripe_refund_id", flat=True))
    for data in refunds:
        unpaid = refund_unpaid_words(data)
        if unpaid is None:
            continue
        row = (
            order.refunds.filter(_ours(data, held=held))
            .filter(status__in=(RefundStatus.PENDING, RefundStatus.SUCCEEDED))
            .first()
        )
        if row is None:
            continue
        logger.warning("Refund %s failed: %s.", row.pk, unpaid)
        if row.status == RefundStatus.SUCCEEDED:
            _refund_fail_after_paid(row, message=unpaid, data=data)
        else:
            _refund_fail(row, message=unpaid)


def _refund_fail_after_paid(refund: Refund, *, message: str, data: Mapping[str, Any]) -> None:
    """Stripe paid the refund, then failed it (`data`, Stripe's refund): the customer's bank
    would not take the money, which Stripe put back in our balance, so the customer, told of
    the refund, was never paid back. Once, the row fails with Stripe's reason; the order's
    refunded total drops by it, so staff may refund it again; the flag's failed-refund line
    asks them to see to it; the history says what Stripe reported; the customer is emailed.
    The credit note issued for it stays (a refund asked for again reuses it: it credits
    each refunded total once), and so does the status: the state machine has no way back
    from refunded, so the flag says the order still reads refunded. The items it refunded
    as items stay refunded, their downloads closed. The caller holds the order's lock."""
    with system_scope():
        order = Order.objects.select_for_update().get(pk=refund.order_id)
        changed = Refund.objects.filter(pk=refund.pk, status=RefundStatus.SUCCEEDED).update(
            status=RefundStatus.FAILED, failure_message=message, updated_at=timezone.now()
        )
        if not changed:
            return
        order_services.order_record_refund_failed(order=order, amount=refund.amount)
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
        asks = (
            "Stripe had paid it, then the customer's bank sent it back: the customer was not "
            "paid back, and was emailed so. Ask them how to be paid: refund again (it may "
            "fail the same way on that card), or pay them another way and settle this line "
            "saying how."
        )
        if order.status == OrderStatus.REFUNDED:
            asks += " The order still reads refunded: its status cannot go back."
        order_services.order_flag(
            order=order,
            actor=STRIPE_REFUSED_REFUND,
            reason=f"{_failed_flag_start(refund.amount, refund.currency, message)} {asks}",
        )
        send_order_email.defer(
            order_id=order.pk,
            kind=EmailKind.REFUND_FAILED,
            event_key=f"refund-failed-{refund.pk}",
            amount=refund.amount,
            reason=refund_came_back_words(str(data.get("failure_reason") or "")),
        )


def _refund_confirm(*, order: Order, refund: Refund, stripe_refund_id: str) -> None:
    """Mark the refund succeeded; a failed one keeps its staff reason and actor."""
    Refund.objects.filter(pk=refund.pk).update(
        status=RefundStatus.SUCCEEDED,
        stripe_refund_id=stripe_refund_id,
        failure_message="",
        succeeded_at=timezone.now(),
        updated_at=timezone.now(),
    )
    if refund.status == RefundStatus.FAILED:
        _paid_after_all_record(order=order, refund=refund, stripe_refund_id=stripe_refund_id)


def _refund_settled_record(
    *, order: Order, refund: Refund, stripe_refund_id: str, refunded_total: int, actor: str
) -> None:
    """Raise the order's refunded total by what the refund, just succeeded, paid back (never
    beyond Stripe's `refunded_total`): its history row, credit note and email. The items
    and pending amounts are recorded first, as this refund leaves them, so the credit note
    credits the lines this refund paid back, and not those of a refund settled after it."""
    _items_refunded_record(order=order)
    _refunds_pending_record(order=order)
    order_services.order_record_refunded_amount(
        order=order,
        refunded_total=min(order.refunded_amount + refund.amount, refunded_total),
        actor=actor,
        reason="Refund confirmed by Stripe",
        refund_reference=stripe_refund_id,
        items_refunded=_items_refunded_by(order=order, stripe_refund_ids=[stripe_refund_id]),
    )


def _paid_after_all_record(*, order: Order, refund: Refund, stripe_refund_id: str) -> None:
    """The refund recorded as failed (`refund`, as it was) was paid by Stripe: the history
    says so, the links its failure gave back to the items it refunds stop again, and the
    flag's line asking to refund again or to tell the customer why not makes way for one
    telling staff the customer was paid back, until they settle it (they may have told the
    customer nothing was refunded). The caller holds the order's lock."""
    from delivery.services import download_links_revoke_items

    actor = stripe_actor(stripe_refund_id)
    money = format_money(refund.amount, refund.currency)
    reason = (
        f"{REFUND_PAID_AFTER_ALL_FLAG}{refund.pk} after all, recorded here as failed "
        f"({refund.failure_message}): {stripe_refund_id} ({money}). The customer was paid "
        "back: do not refund it again."
    )
    events.refund_paid_after_failing(
        order=order,
        actor=actor,
        reason=reason,
        refund_id=refund.pk,
        amount=refund.amount,
        stripe_refund_id=stripe_refund_id,
    )
    if item_ids := sorted(refund.lines.values_list("order_item_id", flat=True)):
        download_links_revoke_items(
            order=order, item_ids=item_ids, reason=ITEM_REFUNDED, actor=actor
        )
    alike = order.refunds.filter(
        status=RefundStatus.FAILED, amount=refund.amount, failure_message=refund.failure_message
    )
    if not alike.exists():  # two alike share one line, which stays for the other
        order_services.order_flag_clear(
            order=order,
            settles=_failed_flag_start(refund.amount, refund.currency, refund.failure_message),
        )
    order_services.order_flag(order=order, actor=actor, reason=reason)


def refunds_reference(order: Order) -> str:
    """The payment reference naming every refund of the order Stripe confirmed."""
    confirmed = order.refunds.filter(status=RefundStatus.SUCCEEDED).exclude(
        stripe_refund_id__isnull=True
    )
    return _refund_reference(
        list(confirmed.order_by("pk").values_list("stripe_refund_id", flat=True))
    )


def _items_refunded_by(*, order: Order, stripe_refund_ids: list[str]) -> tuple[str, ...]:
    """The titles of the items these refunds paid back as items (their links close)."""
    lines = RefundLine.objects.filter(
        refund__order=order, refund__stripe_refund_id__in=stripe_refund_ids
    ).order_by("order_item_id")
    return tuple(lines.values_list("order_item__title", flat=True).distinct())


def _refund_reference(stripe_refund_ids: list[str]) -> str:
    """The payment reference of the credit note for what this charge's refunds added: the
    refunds settled now (Stripe's ids), as many as the reference holds."""
    reference = ""
    for stripe_refund_id in stripe_refund_ids:
        longer = f"{reference}, {stripe_refund_id}" if reference else stripe_refund_id
        if len(longer) > REFERENCE_LENGTH:
            break
        reference = longer
    return reference


def _items_refunded_record(*, order: Order) -> None:
    """Each item's refunded amount is what its lines in succeeded refunds paid back."""
    confirmed = (
        RefundLine.objects.filter(refund__order=order, refund__status=RefundStatus.SUCCEEDED)
        .values("order_item_id")
        .annotate(total=Sum("amount"))
    )
    order_services.order_items_record_refunded(
        order=order, refunded={line["order_item_id"]: line["total"] for line in confirmed}
    )


def _refunds_pending_record(*, order: Order) -> None:
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


def _record_external_refunds(
    *,
    order: Order,
    payment: Payment,
    refunds: list[Mapping[str, Any]],
    refunded_total: int,
    actor: str,
) -> list[Refund]:
    """Stripe refunded more than our rows account for: someone refunded at Stripe directly.
    One row for each refund in the charge's list that is not ours (`_refund_confirm` gave
    each of ours its Stripe id), Stripe's refund its actor; without a list, one row for
    what our rows do not explain. A refund whose metadata names one of our rows all the
    same was paid once more than asked: the order is flagged until staff settle the line
    (`refund_failures_settle`). The rows of refunds Stripe listed."""
    rows = order.refunds.all()
    if not refunds:
        accounted = rows.exclude(status__in=REFUNDS_ENDED_UNPAID).aggregate(total=Sum("amount"))
        unexplained = refunded_total - (accounted["total"] or 0)
        if unexplained > 0:
            _external_refund_record(
                order=order, payment=payment, stripe_refund_id=None, amount=unexplained, actor=actor
            )
        return []
    ours = {row.stripe_refund_id: row for row in rows if row.stripe_refund_id}
    named = {str(row.pk): row for row in rows}
    recorded = []
    for data in refunds:
        amount = int(data.get("amount") or 0)
        if data.get("status") != "succeeded" or amount <= 0 or data["id"] in ours:
            continue
        row = named.get(str((data.get("metadata") or {}).get("refund_id", "")))
        reason = EXTERNAL_REASON if row is None else _paid_again_words(row, data["id"], amount)
        recorded.append(
            _external_refund_record(
                order=order,
                payment=payment,
                stripe_refund_id=data["id"],
                amount=amount,
                actor=stripe_actor(data["id"]),
                reason=reason,
            )
        )
        if row is not None:
            order_services.order_flag(
                order=order, actor=actor, reason=f"{reason} {PAID_TWICE_ASKS}"
            )
    return recorded


def _paid_again_words(row: Refund, stripe_refund_id: str, amount: int) -> str:
    return (
        f"{REFUND_PAID_TWICE_FLAG}{stripe_refund_id} repeats {row.stripe_refund_id}: the "
        f"customer was paid back {format_money(amount, row.currency)} more than staff asked for."
    )


def _external_refund_record(
    *,
    order: Order,
    payment: Payment,
    stripe_refund_id: str | None,
    amount: int,
    actor: str,
    reason: str = EXTERNAL_REASON,
) -> Refund:
    refund = _refund_row(
        order,
        payment,
        amount,
        reason,
        actor,
        status=RefundStatus.SUCCEEDED,
        stripe_refund_id=stripe_refund_id,
        external=True,
        succeeded_at=timezone.now(),
    )
    events.refund_external(
        order=order,
        actor=actor,
        reason=reason,
        refund_id=refund.pk,
        amount=amount,
        stripe_refund_id=stripe_refund_id,
    )
    return refund
