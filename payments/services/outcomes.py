"""Apply what Stripe says happened to a PaymentIntent. Webhooks, declines and reconciliation
all come through here, so duplicates, races and late events are judged in one place."""

import functools
import logging
from typing import Any

from django.db import DatabaseError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from morpheus.compiled import CompiledQuery, fields_update
from morpheus.db_context import system_scope
from morpheus.money import format_money
from orders import events
from orders import selectors as order_selectors
from orders import services as order_services
from orders.actors import stripe_actor
from orders.models import Order
from orders.services import order_transition
from orders.transitions import UNPAID_STATUSES, OrderStatus, path_to
from payments import stripe_client
from payments.errors import PaymentProviderError, PaymentProviderUnreachable, ResourceMissing
from payments.intents import IntentState, Outcome, metadata_number
from payments.models import OPEN_PAYMENT_STATUSES, Payment, PaymentStatus
from payments.services.duplicates import duplicate_payment_succeeded
from payments.services.refund_reports import refunds_reference

logger = logging.getLogger(__name__)

# The failure of an attempt whose 3-D Secure cannot be resumed: Stripe no longer knows its
# PaymentIntent (`payments.messages` words it for the customer).
AUTHENTICATION_LOST_CODE = "authentication_lost"

FINAL_STATUSES = (PaymentStatus.SUCCEEDED, PaymentStatus.FAILED, PaymentStatus.CANCELED)


def _locked() -> QuerySet[Payment]:
    return Payment.objects.select_related("order").select_for_update(of=("order", "self"))


@functools.cache
def _locked_by_intent_id() -> CompiledQuery:
    """Every event runs it: compiled once per process (inside a transaction, as row locks
    need)."""
    return CompiledQuery(_locked().filter(stripe_payment_intent_id="pi_"))


def _payment_locked_for_intent(intent: IntentState) -> Payment | None:
    """Our attempt for this PaymentIntent, by its id or (before we learnt the id, e.g. a
    decline or a lost answer) by the order number and attempt we put in its metadata,
    read with its order and both rows locked (the order's first, as every service locks
    it) in one statement."""
    if intent.id:
        found = _locked_by_intent_id().fetch([intent.id])  # the id is unique
        if found:
            return found[0]
    locked = _locked()
    number = intent.metadata.get("order_number", "")
    attempt = metadata_number(intent.metadata, "attempt")
    if not (number and attempt is not None):
        return None
    return (
        locked.filter(order__number=number, attempt=attempt)
        .filter(Q(stripe_payment_intent_id__isnull=True) | Q(stripe_payment_intent_id=intent.id))
        .first()
    )


def payment_outcome_apply(*, intent: IntentState, outcome: Outcome, actor: str) -> Payment | None:
    """Record the outcome on the attempt and move the order; a no-op when already applied
    or when it would move the order backwards. Unknown intents are logged and ignored."""
    with transaction.atomic():
        payment = _payment_locked_for_intent(intent)
        if payment is None:
            logger.warning("Stripe PaymentIntent %s is not ours; ignored.", intent.id or "?")
            return None
        remembered = _remember_intent(payment, intent)
        status = payment.status
        _APPLY[outcome](order=payment.order, payment=payment, intent=intent, actor=actor)
        if remembered and payment.status == status:
            payment.save(update_fields=[*remembered, "updated_at"])
    return payment


# Written with every status change, so that learning them costs no UPDATE of its own.
NOT_THE_TOTAL = " does not match the order total "
_INTENT_FIELDS = ("stripe_payment_intent_id", "stripe_charge_id")


def _remember_intent(payment: Payment, intent: IntentState) -> list[str]:
    """Take the intent's and charge's ids the attempt lacks; the names of those changed."""
    changed = []
    if intent.id and not payment.stripe_payment_intent_id:
        payment.stripe_payment_intent_id = intent.id
        changed.append("stripe_payment_intent_id")
    if intent.charge_id and not payment.stripe_charge_id:
        payment.stripe_charge_id = intent.charge_id
        changed.append("stripe_charge_id")
    return changed


def _is_latest_attempt(payment: Payment) -> bool:
    later = Payment.objects.filter(order_id=payment.order_id, attempt__gt=payment.attempt)
    return not later.exists()


def _set_status(payment: Payment, status: PaymentStatus, **fields) -> None:
    """The caller holds the attempt's lock (every webhook changes one: its UPDATE is built
    once per process)."""
    payment.status = status
    for name, value in fields.items():
        setattr(payment, name, value)
    if not fields_update(payment, ["status", *fields, *_INTENT_FIELDS, "updated_at"]):
        raise DatabaseError(f"Payment {payment.pk} is gone.")


def _apply_processing(*, order: Order, payment: Payment, intent: IntentState, actor: str) -> None:
    """The order is already processing since `payment_start`; only the attempt learns it."""
    if payment.status in (*FINAL_STATUSES, PaymentStatus.PROCESSING):
        return
    _set_status(payment, PaymentStatus.PROCESSING)


def _apply_succeeded(*, order: Order, payment: Payment, intent: IntentState, actor: str) -> None:
    if payment.status == PaymentStatus.SUCCEEDED:
        return
    paid = format_money(intent.amount, intent.currency)
    due = format_money(order.total_amount, order.currency)
    if (intent.amount, intent.currency) != (order.total_amount, order.currency):
        # Judged before anything is recorded: a later, correct event for the same
        # PaymentIntent must still find the attempt open.
        reason = f"Payment {intent.id} of {paid}{NOT_THE_TOTAL}{due}: not paid."
        order_services.order_flag(order=order, actor=actor, reason=reason)
        return
    # A failure told before (events come in any order) is not this attempt's outcome, nor is
    # a mismatched amount told for this intent (outside probe GJ-3: the paid order kept its
    # "not paid" flag, and staff read a decline beside "Succeeded"); the history keeps both.
    _set_status(
        payment,
        PaymentStatus.SUCCEEDED,
        succeeded_at=timezone.now(),
        failure_code="",
        failure_message="",
    )
    # Only the lines its mismatched amount wrote: a duplicate charge's line starts alike.
    order_services.order_flag_clear(
        order=order, settles=f"Payment {intent.id} of ", containing=NOT_THE_TOTAL
    )
    _record_card_later(payment)
    if order.status not in UNPAID_STATUSES:
        # Another attempt paid the order, or it was canceled: a duplicate, paid back at
        # payment level, never as a refund of the order.
        duplicate_payment_succeeded(order=order, payment=payment, amount=intent.amount, actor=actor)
        return
    given_meanwhile = _comics_owned_elsewhere(order) if order.status == OrderStatus.PENDING else {}
    # Walk the canonical path: a `succeeded` may overtake `processing`.
    for step in path_to(OrderStatus.PAID, start=order.status):
        order_transition(
            order=order,
            name=step.name,
            actor=actor,
            reason=f"Payment {intent.id} succeeded",
            locked=True,
        )
    if order.refunded_amount:
        order_services.order_refunds_apply_once_paid(
            order=order, actor=actor, refund_reference=refunds_reference(order)
        )
    if given_meanwhile:
        titles = ", ".join(given_meanwhile)
        numbers = ", ".join(dict.fromkeys(given_meanwhile.values()))
        reason = (
            f"Payment {intent.id} of {paid} paid for {titles}, which the customer already "
            f"had from order {numbers}: refund what they paid twice for."
        )
        order_services.order_flag(order=order, actor=actor, reason=reason)


def _comics_owned_elsewhere(order: Order) -> dict[str, str]:
    """The titles of the order's comics its customer owns through other orders, each with
    the number of the order that gave it. Asked only of a pending order that a success
    pays (an attempt ended here, passed at Stripe meanwhile): a processing order's comics
    cannot be given or bought meanwhile (`order_comp` and `payment_start` take turns on the
    customer), a pending order's can."""
    titles = dict(order.items.values_list("comic_id", "title"))
    owned = order_selectors.comics_owned_in(customer=order.customer, comic_ids=titles)
    return {titles[comic_id]: number for comic_id, number in owned.items()}


def _record_card_later(payment: Payment) -> None:
    from payments.tasks import record_payment_card

    record_payment_card.defer(payment_id=payment.pk)


def _apply_failed(*, order: Order, payment: Payment, intent: IntentState, actor: str) -> None:
    if payment.status in FINAL_STATUSES:
        return
    message = intent.failure_message or "The payment failed."
    _set_status(
        payment,
        PaymentStatus.FAILED,
        failure_code=intent.failure_code[:100],
        failure_message=message,
    )
    events.payment_failed(
        order=order,
        actor=actor,
        reason=message,
        payment_intent=intent.id,
        attempt=payment.attempt,
        code=intent.failure_code,
        customer_message=payment.customer_failure_message,
    )
    if order.status == OrderStatus.PROCESSING and _is_latest_attempt(payment):
        reason = f"Payment attempt {payment.attempt} failed: {message}"
        order_transition(name="fail_payment", order=order, actor=actor, reason=reason, locked=True)


def payment_intent_canceled_record(*, payment_intent_id: str) -> None:
    """Stripe answered that the PaymentIntent is canceled: its attempt can charge nothing
    more, and a canceled order's pages stop saying a payment may still go through (outside
    probe GC-2)."""
    with system_scope():
        Payment.objects.filter(
            stripe_payment_intent_id=payment_intent_id, intent_canceled_at__isnull=True
        ).update(intent_canceled_at=timezone.now())


def _apply_canceled(*, order: Order, payment: Payment, intent: IntentState, actor: str) -> None:
    payment_intent_canceled_record(payment_intent_id=intent.id)
    if payment.status in (PaymentStatus.SUCCEEDED, PaymentStatus.CANCELED):
        return
    _set_status(payment, PaymentStatus.CANCELED)
    if order.status in UNPAID_STATUSES and _is_latest_attempt(payment):
        reason = f"Payment {intent.id} was canceled at Stripe"
        order_transition(name="cancel", order=order, actor=actor, reason=reason, locked=True)


_APPLY = {
    Outcome.PROCESSING: _apply_processing,
    Outcome.SUCCEEDED: _apply_succeeded,
    Outcome.FAILED: _apply_failed,
    Outcome.CANCELED: _apply_canceled,
}


def payment_refresh(*, payment: Payment, actor: str) -> None:
    """Ask Stripe for the attempt's state and apply it now, as its webhook would (for
    example right after 3-D Secure, whose failure localstripe never announces). An attempt
    already decided has nothing to learn: Stripe is not asked (it may have forgotten the
    intent, and its refusal would read as a failed payment). An open attempt whose intent
    Stripe no longer knows fails (`payment_intent_lost`; outside probe DQ-2: a 502, and
    the attempt still waited for the bank)."""
    if payment.status not in OPEN_PAYMENT_STATUSES:
        return
    try:
        intent = stripe_client.payment_intent_retrieve(payment.stripe_payment_intent_id)
    except ResourceMissing:
        payment_intent_lost(payment=payment, actor=actor)
        return
    payment_intent_apply(intent)


def payment_intent_lost(*, payment: Payment, actor: str) -> None:
    """The attempt fails with our sentence: Stripe no longer knows its PaymentIntent (a
    restarted localstripe; deleted test data), so no bank can confirm it. The order is
    pending again and the pay page offers the card form."""
    logger.warning(
        "Stripe has no payment intent %s any more: the attempt cannot go on.",
        payment.stripe_payment_intent_id,
    )
    with system_scope():
        number = payment.order.number
        payment_outcome_apply(
            intent=IntentState(
                id=payment.stripe_payment_intent_id,
                status="requires_payment_method",
                amount=payment.amount,
                currency=payment.currency,
                metadata={"order_number": number, "attempt": str(payment.attempt)},
                failure_code=AUTHENTICATION_LOST_CODE,
                failure_message="Stripe does not know this payment intent any more.",
            ),
            outcome=Outcome.FAILED,
            actor=actor,
        )


def payment_intent_apply(stripe_intent: dict[str, Any]) -> None:
    """Apply the outcome of a PaymentIntent as Stripe just gave it, as its webhook would
    (nothing while it is undecided)."""
    intent = IntentState.from_stripe(stripe_intent)
    if intent.outcome is not None:
        with system_scope():
            payment_outcome_apply(
                intent=intent, outcome=intent.outcome, actor=stripe_actor(intent.id)
            )


def payment_card_record(*, payment_id: int) -> Payment:
    """Learn from Stripe which card paid a succeeded attempt (brand and last 4, for the
    receipt). Asks once: an attempt that knows its card, or a payment Stripe cannot describe
    (no such intent, not a card), is left as it is; Stripe out of reach raises."""
    with system_scope():
        payment = Payment.objects.get(pk=payment_id)
    if payment.card_last4 or payment.status != PaymentStatus.SUCCEEDED:
        return payment
    try:
        card = stripe_client.payment_intent_card(payment.stripe_payment_intent_id)
    except PaymentProviderUnreachable:
        raise
    except PaymentProviderError as exc:
        logger.warning("No card for payment %s: %s", payment.pk, exc.code)
        return payment
    if card is None:
        return payment
    payment.card_brand, payment.card_last4 = card[0][:20], card[1][-4:]
    with system_scope():
        Payment.objects.filter(pk=payment.pk, card_last4="").update(
            card_brand=payment.card_brand, card_last4=payment.card_last4
        )
    return payment
