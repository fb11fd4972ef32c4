from collections.abc import Collection, Iterable, Mapping
from datetime import UTC, timedelta
from typing import Any, NamedTuple

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.fields.json import KT
from django.utils import timezone
from djstripe.enums import DisputeStatus

from morpheus.db_context import system_scope
from morpheus.errors import DomainError
from morpheus.money import above_maximum_charge, format_money
from orders.models import Order, OrderEvent, OrderEventType, OrderItem
from orders.selectors import orders_dispute_lost
from orders.services import order_payable_check
from orders.status_words import cannot_be_charged_at_once
from orders.transitions import OrderStatus
from payments.intents import payment_intent_id_of
from payments.models import (
    CLOSED_DISPUTE_STATUSES,
    REFUNDS_ENDED_UNPAID,
    Dispute,
    DuplicatePayment,
    Payment,
    PaymentStatus,
    Refund,
    RefundLine,
    RefundStatus,
)
from promotions.allocation import allocate_refund
from promotions.bundles import completion_payable_check
from promotions.selectors import order_parts
from tax.selectors import item_vat_recorded, items_paid

# The order flag's line for a refund Stripe refused (`payments.services.refund_failures`):
# asking for a refund of the order again settles it, or staff do without a refund
# (`refund_failures_settle`).
REFUND_FAILED_FLAG = "A refund failed at Stripe: "
# The line for a refund never sent because Stripe had paid back an earlier one after all:
# settled the same ways.
REFUND_UNSENT_FLAG = "A refund was not sent: "
# The line for a dispute lost for part of the payment (`payments.services.disputes`): the
# order stays closed with the rest still paid, settled the same ways.
DISPUTE_LOST_FLAG = "A lost dispute left money paid: "
# The line for a dispute lost, then won after all, once refunds were made while the loss
# stood (outside probe ER-1): the customer has their downloads again for what stays paid,
# which staff may have refunded as all that was left; settled the same ways.
DISPUTE_REVERSED_FLAG = "A lost dispute was won after refunds: "
# Won after all, it gives back comics the customer bought again meanwhile (outside probe FO-6).
DISPUTE_BOUGHT_AGAIN_FLAG = "A lost dispute won after all gives back comics bought again: "
REFUND_FLAGS = (
    REFUND_FAILED_FLAG,
    REFUND_UNSENT_FLAG,
    DISPUTE_LOST_FLAG,
    DISPUTE_REVERSED_FLAG,
    DISPUTE_BOUGHT_AGAIN_FLAG,
)
# The line for a refund Stripe paid and then failed (the customer's bank sent the money
# back): the customer was told it did not reach them. A refund asked for again does not
# settle it (it may bounce the same way, or be for something else): staff do, once the
# customer was paid back one way or another.
REFUND_CAME_BACK_FLAG = "A refund Stripe paid came back: "
# The line for a refund recorded as failed that Stripe paid after all: a refund asked for
# again does not settle it (it tells staff not to), staff do once they have looked.
REFUND_PAID_AFTER_ALL_FLAG = "Stripe paid back refund "
# The line for a refund of ours Stripe paid a second time (`charge.refunded` lists two):
# the customer got the money twice; staff settle it once they asked for it back or let it go.
REFUND_PAID_TWICE_FLAG = "Stripe paid one refund twice: "
# The line for a lost dispute that took back more than stayed paid after refunds (outside
# probe DW-1): the customer got more back than they paid; staff settle it once they asked
# Stripe about it.
DISPUTE_TOOK_MORE_FLAG = "A lost dispute took back more than stayed paid: "
SETTLED_WITHOUT_REFUND_FLAGS = (
    *REFUND_FLAGS,
    REFUND_CAME_BACK_FLAG,
    REFUND_PAID_AFTER_ALL_FLAG,
    REFUND_PAID_TWICE_FLAG,
    DISPUTE_TOOK_MORE_FLAG,
)
# What each line settled without refunding is, once and more than once, as staff read it.
_SETTLED_SUBJECTS = (
    (REFUND_FAILED_FLAG, "the failed refund", "failed refunds"),
    (REFUND_UNSENT_FLAG, "the refund not sent", "refunds not sent"),
    (DISPUTE_LOST_FLAG, "the lost dispute", "lost disputes"),
    (DISPUTE_REVERSED_FLAG, "the dispute won after refunds", "disputes won after refunds"),
    (DISPUTE_BOUGHT_AGAIN_FLAG, "the comic bought again", "comics bought again"),
    (REFUND_CAME_BACK_FLAG, "the refund that came back", "refunds that came back"),
    (REFUND_PAID_AFTER_ALL_FLAG, "the refund paid after all", "refunds paid after all"),
    (REFUND_PAID_TWICE_FLAG, "the refund Stripe paid twice", "refunds Stripe paid twice"),
    (
        DISPUTE_TOOK_MORE_FLAG,
        "the dispute that took back more than stayed paid",
        "disputes that took back more than stayed paid",
    ),
)
# Why a refund failed that Stripe never answered about: at its job's last attempt, or
# found by reconciliation with its job gone and the charge not listing it.
STRIPE_UNANSWERED = "Stripe could not be reached by the last attempt"
STRIPE_NEVER_ASKED = "its job ended before Stripe received it"


def refund_failures_flagged(*, order: Order) -> list[str]:
    """The order flag's lines staff may settle without refunding: refunds failed or not
    sent, lost disputes that left money paid, refunds Stripe paid after all or twice."""
    lines = order.flagged_reason.splitlines()
    return [line for line in lines if line.startswith(SETTLED_WITHOUT_REFUND_FLAGS)]


def refund_flags_subject(lines: list[str]) -> str:
    """What the flag's `lines` settled without refunding are about ("the failed refund and
    the lost dispute"), for the settle form, its answers and the timeline."""
    parts = []
    for start, one, many in _SETTLED_SUBJECTS:
        count = sum(line.startswith(start) for line in lines)
        if count:
            parts.append(one if count == 1 else f"the {count} {many}")
    return " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 2 else parts)


def refund_failures_settled(*, order: Order) -> str | None:
    """Who settled the order's failed refunds without refunding, when and why, as told to
    staff whose page still offered to settle them; none while one is left to settle."""
    if refund_failures_flagged(order=order):
        return None
    settled = _settled_last(order)
    if settled is None:
        return None
    return f"Nothing was done: {_settled_said(order, settled)}."


def refund_settled_unrefunded(*, order: Order) -> str:
    """The order's last settle without refunding, unless a refund was asked for since, for
    the refund screen: a refund now may pay back what its reason says was paid another way
    (outside probe FF-2: the preview said nothing of it). "" when there is none."""
    settled = _settled_last(order)
    if settled is None or order.refunds.filter(created_at__gt=settled.created_at).exists():
        return ""
    return (
        f"Since the last refund, {_settled_said(order, settled)}. Confirm only if the "
        "customer is still to be paid back through Stripe."
    )


def _settled_last(order: Order) -> OrderEvent | None:
    return (
        order.events.filter(type=OrderEventType.FLAGGED, data__has_key="settled")
        .order_by("-created_at", "-id")
        .first()
    )


def _settled_said(order: Order, settled: OrderEvent) -> str:
    who = settled.actor.partition(":")[2] or settled.actor
    at = settled.created_at.astimezone(UTC)
    when = f"at {at:%H:%M} UTC"
    if at.date() != timezone.now().astimezone(UTC).date():
        when = f"on {at:%Y-%m-%d} {when}"
    return (
        f"{who} settled {refund_flags_subject(settled.data['settled'])} of "
        f"order {order.number} {when}, "
        f"without refunding (their reason: {settled.reason})"
    )


def payment_for_charge(charge: Mapping[str, Any]) -> Payment | None:
    """The attempt a Stripe charge belongs to, by the charge's PaymentIntent or its id."""
    match = Q(stripe_charge_id=str(charge.get("id") or "-"))
    intent_id = payment_intent_id_of(charge)
    if intent_id:
        match |= Q(stripe_payment_intent_id=intent_id)
    return Payment.objects.filter(match).first()


def payment_counted(*, order: Order, excluding: Payment | None = None) -> Payment | None:
    """The attempt that paid the order: the succeeded one that is no duplicate (a second
    charge the order does not count, `DuplicatePayment`)."""
    succeeded = _payments_counted(order)
    if excluding is not None:
        succeeded = succeeded.exclude(pk=excluding.pk)
    return succeeded.first()


def _payments_counted(order: Order) -> QuerySet[Payment]:
    """The order's succeeded attempts that are no duplicate, the one that paid it first."""
    succeeded = order.payments.filter(status=PaymentStatus.SUCCEEDED, duplicate__isnull=True)
    return succeeded.order_by("succeeded_at", "attempt")


def payment_latest(*, order: Order) -> Payment | None:
    return order.payments.order_by("-attempt").first()


def orders_awaiting_authentication(*, order_ids: Collection[int]) -> set[int]:
    """Of the orders, those whose payment waits for the customer's 3-D Secure: processing,
    their latest attempt `requires_action` (a closed or reloaded tab interrupted it)."""
    latest = Payment.objects.filter(order_id=OuterRef("order_id")).order_by("-attempt").values("pk")
    waiting = Payment.objects.filter(
        order_id__in=list(order_ids),
        order__status=OrderStatus.PROCESSING,
        status=PaymentStatus.REQUIRES_ACTION,
        pk=Subquery(latest[:1]),
    )
    return set(waiting.values_list("order_id", flat=True))


def orders_refund_refused(*, order_ids: Collection[int]) -> dict[int, bool]:
    """Of the orders, those whose latest refund Stripe refused (a refund asked for again
    would be the latest), each with whether its flag no longer asks about it: staff settled
    it without refunding (`refund_failures_settle`)."""
    latest = Refund.objects.filter(order_id=OuterRef("order_id")).order_by("-created_at", "-pk")
    refused = Refund.objects.filter(
        order_id__in=list(order_ids),
        status=RefundStatus.FAILED,
        pk=Subquery(latest.values("pk")[:1]),
    )
    return {
        order_id: not any(
            line.startswith((*REFUND_FLAGS, REFUND_CAME_BACK_FLAG)) for line in flag.splitlines()
        )
        for order_id, flag in refused.values_list("order_id", "order__flagged_reason")
    }


def charge_after_cancel(*, order: Order) -> DuplicatePayment | None:
    """The latest charge that went through for the order after it was canceled (Stripe had
    it under way), being paid back or paid back; None for an order not canceled. Its
    `refund_came_back`: a refund that paid it came back from the customer's bank (they were
    emailed that we will contact them, and the flag asks staff to), which a refund Stripe
    refused outright is not (the order stays flagged until one is paid: staff ask again)."""
    if order.status != OrderStatus.CANCELED:
        return None
    came_back = OrderEvent.objects.annotate(payment_intent=KT("data__payment_intent")).filter(
        order_id=OuterRef("order_id"),
        type=OrderEventType.DUPLICATE_PAYMENT,
        data__action="refund_came_back",
        payment_intent=OuterRef("payment__stripe_payment_intent_id"),
    )
    return (
        DuplicatePayment.objects.filter(order=order)
        .annotate(refund_came_back=Exists(came_back))
        .order_by("-pk")
        .first()
    )


def payment_settling_after_cancel(*, order: Order) -> bool:
    """A canceled order whose last payment attempt had reached Stripe: it was ended with the
    order and its PaymentIntent canceled by a job, but a charge under way may still go
    through (then refunded, `charge_after_cancel`), so nobody can say nothing was charged,
    until Stripe has answered that the intent is canceled."""
    if order.status != OrderStatus.CANCELED or charge_after_cancel(order=order):
        return False
    latest = payment_latest(order=order)
    return (
        latest is not None
        and bool(latest.stripe_payment_intent_id)
        and latest.intent_canceled_at is None
    )


def payment_card_label(*, order: Order) -> str:
    """The card that paid the order, as the receipt names it ("Visa ending in 4242"), or ""."""
    paid = (
        Payment.objects.filter(order=order, status=PaymentStatus.SUCCEEDED, duplicate__isnull=True)
        .exclude(card_last4="")
        .order_by("-attempt")
        .first()
    )
    return paid.card_label if paid else ""


def refunds_pending_total(*, order: Order) -> int:
    """What the order's refunds still waiting for Stripe pay back."""
    pending = order.refunds.filter(status=RefundStatus.PENDING).aggregate(total=Sum("amount"))
    return pending["total"] or 0


def refund_pending_same(*, order: Order, amount: int, reason: str) -> Refund | None:
    """The order's refund of this amount and reason still waiting for Stripe: asking for it
    again sends that one again (when Stripe never answered it), it refunds nothing more."""
    return order.refunds.filter(status=RefundStatus.PENDING, amount=amount, reason=reason).first()


def refund_asked_from(
    *, order: Order, version: int, amount: int, reason: str, item_ids: Collection[int]
) -> Refund | None:
    """The order's refund of this amount, reason and items (none: an amount) asked for from
    the order as it was at `version`: what a confirmation of that page, sent again, made
    already."""
    asked = order.events.filter(
        type=OrderEventType.REFUND, data__status="pending", data__version=version
    ).values_list("data__refund_id", flat=True)
    for refund in order.refunds.filter(pk__in=list(asked), amount=amount, reason=reason):
        if set(refund.lines.values_list("order_item_id", flat=True)) == set(item_ids):
            return refund
    return None


# How long a refund made counts as just made: a preview of the same amount warns of it.
REFUND_RECENT = timedelta(minutes=10)


def refund_recent_of_amount(*, order: Order, amount: int) -> Refund | None:
    """The order's latest refund of this amount made in the last few minutes that paid back
    or is paying back (`REFUND_RECENT`), whatever its reason: staff retyping a reason seldom
    type it the same way, and asking for it again refunds the customer twice (outside probe
    BT-3)."""
    return (
        order.refunds.filter(
            status__in=[RefundStatus.PENDING, RefundStatus.SUCCEEDED],
            amount=amount,
            created_at__gte=timezone.now() - REFUND_RECENT,
        )
        .order_by("-created_at")
        .first()
    )


def refund_room(*, order: Order) -> int:
    """What is left to refund: what the order was paid, less its refunds confirmed and
    pending and the disputes it lost (the customer's bank took that money back already)."""
    return (
        order.refundable_amount
        - refunds_pending_total(order=order)
        - disputes_lost_total(order=order)
    )


def _disputes_counted(order: Order) -> QuerySet[Dispute]:
    """The disputes of the charge the order counts (a duplicate charge's leave it alone), in
    the statement that reads them."""
    return Dispute.objects.filter(payment_id=Subquery(_payments_counted(order).values("pk")[:1]))


def disputes_lost_total(*, order: Order) -> int:
    """What lost disputes of the order's payment took back through the customer's bank."""
    lost = _disputes_counted(order).filter(status=DisputeStatus.lost)
    return lost.aggregate(total=Sum("amount"))["total"] or 0


class OrderDispute(NamedTuple):
    """Where the customer's bank disputing an order's payment stands: `open` while it
    decides (downloads suspended), `lost` once it gave the customer the payment back
    (downloads closed for good), with what lost disputes took back."""

    state: str
    lost_amount: int


def orders_disputes(orders: Iterable[Order]) -> dict[int, OrderDispute]:
    """The dispute of each of the orders disputed now (their ids; an order never disputed,
    or whose dispute was won, is left out), its losses read once for all of them."""
    disputed = [order for order in orders if order.disputed_at is not None]
    if not disputed:
        return {}
    ids = [order.pk for order in disputed]
    lost = orders_dispute_lost(order_ids=ids)
    taken_back = _orders_disputes_lost_totals(order_ids=ids)
    return {
        order.pk: OrderDispute("lost" if order.pk in lost else "open", taken_back.get(order.pk, 0))
        for order in disputed
    }


def _orders_disputes_lost_totals(*, order_ids: list[int]) -> dict[int, int]:
    """`disputes_lost_total` of each of the orders, in one statement."""
    counted = Payment.objects.filter(
        order_id=OuterRef("order_id"), status=PaymentStatus.SUCCEEDED, duplicate__isnull=True
    ).order_by("succeeded_at", "attempt")
    lost = Dispute.objects.filter(
        order_id__in=order_ids,
        status=DisputeStatus.lost,
        payment_id=Subquery(counted.values("pk")[:1]),
    )
    totals = lost.values("order_id").annotate(total=Sum("amount")).order_by()
    return {row["order_id"]: row["total"] for row in totals}


def dispute_blocking_refund(*, order: Order) -> Dispute | None:
    """The open dispute of the order's payment, if any: Stripe refuses to refund a disputed
    charge until its dispute is closed. An inquiry (`warning_*`) takes no funds and does
    not stop a refund."""
    open_disputes = _disputes_counted(order).exclude(status__in=CLOSED_DISPUTE_STATUSES)
    return open_disputes.exclude(status__startswith="warning_").order_by("created_at").first()


def dispute_refund_refusal(*, order: Order) -> str | None:
    """Why the order's disputes leave nothing staff could refund through Stripe, or None:
    one is open (Stripe cannot refund a disputed payment), or lost ones took back all that
    refunds had left."""
    blocking = dispute_blocking_refund(order=order)
    if blocking is not None:
        return (
            f"Order {order.number}'s payment is disputed ({blocking.stripe_dispute_id}, "
            f"{blocking.get_status_display().lower()}): Stripe cannot refund a disputed "
            "payment. Accept the dispute in Stripe to pay the customer back, or answer it."
        )
    lost = disputes_lost_total(order=order)
    if lost and refund_room(order=order) <= 0:
        # Outside probe IB-1: the refunds that paid back the rest went unsaid, as if the
        # dispute alone had taken it all.
        refunded = order.refunded_amount + refunds_pending_total(order=order)
        refunds = (
            f"refunds paid back {format_money(refunded, order.currency)}, and " if refunded else ""
        )
        return (
            f"Order {order.number} has nothing left to refund: {refunds}a lost dispute took "
            f"{format_money(lost, order.currency)} back through the customer's bank."
        )
    return None


def item_refund_takes_the_rest(*, order: Order, item_ids: Collection[int]) -> bool:
    """Whether refunding these items leaves no item paid for unrefunded (free items have
    nothing to pay back). Such a refund pays back all the order has left: what rounding each
    item to an amount Stripe can refund kept (fils in KWD), and VAT added on top of the
    items, so that the order ends refunded, or keeps only its free items."""
    others = OrderItem.objects.filter(order=order).exclude(pk__in=item_ids)
    return all(item.refund_closed or not item.paid_amount for item in others)


def item_refunds_claimed(*, order: Order, besides: Refund | None = None) -> dict[int, int]:
    """Per item of the order: what its refunds pending or succeeded (but `besides`) pay back."""
    lines = (
        RefundLine.objects.filter(refund__order=order)
        .exclude(refund__status__in=REFUNDS_ENDED_UNPAID)
        .exclude(refund=besides)
        .values("order_item_id")
        .annotate(total=Sum("amount"))
    )
    return {line["order_item_id"]: line["total"] for line in lines}


def items_left_as_items(
    order: Order, *, shares: bool, besides: Refund | None = None
) -> dict[int, int]:
    """Per item of the order: what is left to refund of it as an item (before rounding to
    what Stripe can refund), what it paid less what refunds of it pending or succeeded (but
    `besides`) take. With `shares` (the order's invoice shares refunds of amounts across its
    lines), also at most what the refunds that stayed paid left of it (`items_paid_back`: a
    refund that came back took nothing). The one rule of the refund screen
    (`backoffice.order_page.items_left_to_refund`) and of an item refund not sent yet when
    an earlier refund of the order comes back."""
    claimed = item_refunds_claimed(order=order, besides=besides)
    paid = items_paid(order=order)
    paid_back = items_paid_back(order) if shares else {}
    return {
        pk: min(price - claimed.get(pk, 0), price - paid_back.get(pk, 0))
        for pk, price in paid.items()
    }


def _refunds_paid() -> QuerySet[Refund]:
    return (
        Refund.objects.filter(status=RefundStatus.SUCCEEDED)
        .order_by("succeeded_at", "pk")
        .prefetch_related("lines")
    )


def orders_with_refunds_paid(orders: QuerySet[Order]) -> QuerySet[Order]:
    """`orders` with what `items_paid_back` reads fetched for all of them at once (with
    `tax.selectors.orders_with_vat` for the items' VAT)."""
    return orders.prefetch_related(
        Prefetch("refunds", queryset=_refunds_paid(), to_attr="refunds_paid")
    )


def items_paid_back(order: Order) -> dict[int, int]:
    """Per item of the order: what the refunds that stayed paid back paid of it (refunds
    succeeded; not one Stripe failed after paying it, nor one it refused): its refunds as
    an item, and its share of refunds of amounts, shared as a credit note shares them
    (`promotions.allocation.allocate_refund`: across what each item had left of what it
    paid, an item refunded as a whole taking what was left of it), refund after refund.
    What the order's refunded total counts that no refund explains (recorded before refunds
    had rows) is shared first, as a refund of an amount. The one rule of the refund screen,
    the staff order page, the API and the privacy export."""
    return {item_id: paid.total for item_id, paid in items_paid_back_split(order).items()}


class ItemPaidBack(NamedTuple):
    total: int  # `items_paid_back`
    # Of it, what the refunds from the first one of the item as a whole on paid back: that
    # refund's, and the rest of the item later ones took. The rest is its share of refunds
    # of amounts made before.
    as_item: int


def items_paid_back_split(order: Order) -> dict[int, ItemPaidBack]:
    """`items_paid_back`, each split as the staff order page shows it: as the item itself,
    and as its share of refunds of amounts (a credit note issued for a refund that stayed
    paid splits its lines the same way)."""
    refunds = getattr(order, "refunds_paid", None)
    if refunds is None:
        refunds = list(_refunds_paid().filter(order=order))
    unexplained = order.refunded_amount - sum(refund.amount for refund in refunds)
    amounts = [(max(unexplained, 0), ()), *((r.amount, r.lines.all()) for r in refunds)]
    items = list(order.items.all())
    paid = [tax.gross if (tax := item_vat_recorded(item)) else item.paid_amount for item in items]
    back = [0] * len(items)
    as_item = [0] * len(items)
    whole: dict[int, int] = {}
    index_of = {item.pk: index for index, item in enumerate(items)}
    for amount, lines in amounts:
        for line in lines:
            index = index_of[line.order_item_id]
            whole[index] = whole.get(index, 0) + line.amount
        left = [price - taken for price, taken in zip(paid, back, strict=True)]
        shares = allocate_refund(left, amount, refunded_whole=whole)
        back = [taken + share for taken, share in zip(back, shares, strict=True)]
        as_item = [
            taken + (share if index in whole else 0)
            for index, (taken, share) in enumerate(zip(as_item, shares, strict=True))
        ]
    return {
        item.pk: ItemPaidBack(total, whole_part)
        for item, total, whole_part in zip(items, back, as_item, strict=True)
    }


def payment_above_maximum_charge(*, order: Order) -> str:
    """Why the order cannot be paid when it comes to more than a card is charged at once,
    and what the customer can do; "" when it does not. Checkouts place no such order, but
    one priced again after (VAT added back once VIES refused a business's number: outside
    probe CH-3) was offered to pay, and Stripe would refuse the charge as too large. Its
    pages say it instead of asking for a card (outside probe CJ-2), and a payment is refused
    with it. Buying its comics a few at a time is advised only when each comes under it
    (outside probe CL-2: one comic alone came to more with VAT), and none was bought in a
    bundle (CN-4: they cost more apart than their shares of it)."""
    refusal = cannot_be_charged_at_once(order)
    if not refusal:
        return ""
    each = items_paid(order=order).values()
    apart = (
        len(each) > 1
        and len(order_parts(order=order)) == len(each)
        and not any(above_maximum_charge(paid, order.currency) for paid in each)
    )
    return f"{refusal}: cancel it{' and buy its comics a few at a time' if apart else ''}."


def payment_refusal(*, order: Order) -> str | None:
    """Why the pending `order` cannot be paid (or, costing nothing, completed) as it is, in
    the words its payment or completion is refused with; None when it can be. The API's
    `cannot_be_paid` (outside probe CT-1: it said null of an order holding a comic the
    customer had bought since, which every page said could not be paid)."""
    with system_scope():  # the customer's other orders, whatever the caller's scope
        if refusal := payment_above_maximum_charge(order=order):
            return refusal
        try:
            order_payable_check(order=order)
            completion_payable_check(order=order)
        except DomainError as error:
            return str(error)
    return None
