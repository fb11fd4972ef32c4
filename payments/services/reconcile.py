"""Repair what missing webhooks left behind, and expire orders nobody paid. Idempotent."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from morpheus.db_context import system_scope
from morpheus.jobs import jobs_given_up
from morpheus.money import format_money
from orders import services as order_services
from orders.actors import stripe_actor
from orders.events import EXPIRED
from orders.models import Order, OrderEventType
from orders.transitions import UNPAID_STATUSES
from payments import stripe_client
from payments.errors import PaymentProviderError, PaymentProviderUnreachable, ResourceMissing
from payments.intents import IntentState, Outcome
from payments.models import (
    OPEN_PAYMENT_STATUSES,
    DuplicatePayment,
    DuplicateStatus,
    Payment,
    PaymentStatus,
    Refund,
    RefundStatus,
)
from payments.services.attempts import payment_authentication_abandon
from payments.services.duplicates import (
    CANCEL_UNSETTLED,
    after_cancel_flagged,
    duplicate_flag_prefix,
    duplicates_charge_unreadable_settle,
    duplicates_unsent_fail,
)
from payments.services.outcomes import payment_intent_canceled_record, payment_outcome_apply
from payments.services.refund_failures import refunds_unsent_fail
from payments.services.refund_reports import (
    charge_refunded_apply,
    refunds_charge_unreadable_settle,
)

logger = logging.getLogger(__name__)

NO_ANSWER_CODE = "no_answer"
CANCEL_GIVEN_UP = "its cancel ended without Stripe's answer, so it may still be open there"
UNKNOWN_INTENT_CODE = "unknown_to_stripe"


@dataclass
class ReconcileReport:
    checked: int = 0
    applied: int = 0
    errors: int = 0
    expired: int = 0


def payments_reconcile(
    *, older_than: timedelta, expire_unpaid_after: timedelta, actor: str
) -> ReconcileReport:
    """Read every long-open attempt's true state from Stripe and apply it (one still waiting
    for 3-D Secure is abandoned: the customer left), then cancel unpaid orders older than
    `expire_unpaid_after`. Each repair commits on its own. Pending refunds are settled
    from their charge, and canceled attempts whose cancel no job will send any more are
    flagged."""
    report = ReconcileReport()
    with system_scope():
        stuck = list(
            Payment.objects.filter(
                status__in=OPEN_PAYMENT_STATUSES, created_at__lt=timezone.now() - older_than
            ).select_related("order")
        )
    for payment in stuck:
        report.checked += 1
        try:
            intent, outcome = _true_state(payment)
        except PaymentProviderError:
            report.errors += 1
            continue
        if outcome is not None:
            with system_scope():
                payment_outcome_apply(intent=intent, outcome=outcome, actor=actor)
            report.applied += 1
        elif intent.awaits_customer:
            reason = f"Payment attempt {payment.attempt} was still waiting for 3-D Secure"
            with system_scope():
                report.applied += payment_authentication_abandon(
                    payment_id=payment.pk, actor=actor, reason=reason
                )
    _reconcile_pending_refunds(report, older_than=older_than, actor=actor)
    report.applied += _cancels_given_up_flag(actor=actor)
    paying_since = timezone.now() - older_than
    with system_scope():
        unpaid = list(
            Order.objects.filter(
                status__in=UNPAID_STATUSES, created_at__lt=timezone.now() - expire_unpaid_after
            ).values_list("pk", flat=True)
        )
    for order_id in unpaid:
        with system_scope():
            report.expired += order_expire(
                order_id=order_id, actor=actor, unless_paying_since=paying_since
            )
    return report


def _reconcile_pending_refunds(
    report: ReconcileReport, *, older_than: timedelta, actor: str
) -> None:
    """Refunds (of the order, or of a duplicate charge) whose `charge.refunded` never came:
    read the charge, apply it like the event (confirmed, or failed as Stripe lists them
    failed or canceled). A refund it does not list, whose job ended
    without Stripe's answer, fails as a refusal does. When Stripe refuses to read the charge
    (localstripe forgot it at a restart), a refund Stripe gave an id is read by that id;
    one Stripe cannot tell of, whose job ended, fails as its job's last attempt fails it
    with Stripe out of reach."""
    with system_scope():
        charge_ids = set(
            Refund.objects.filter(
                status=RefundStatus.PENDING, created_at__lt=timezone.now() - older_than
            )
            .exclude(payment__stripe_charge_id="")
            .values_list("payment__stripe_charge_id", flat=True)
        )
        charge_ids |= set(
            DuplicatePayment.objects.filter(
                status=DuplicateStatus.REFUND_PENDING,
                refund_requested_at__lt=timezone.now() - older_than,
            )
            .exclude(payment__stripe_charge_id="")
            .values_list("payment__stripe_charge_id", flat=True)
        )
    for charge_id in sorted(charge_ids):
        report.checked += 1
        try:
            charge = stripe_client.charge_retrieve(charge_id)
        except PaymentProviderUnreachable:
            report.errors += 1
            continue
        except PaymentProviderError as exc:
            report.errors += 1
            report.applied += _unreadable_charge_refunds_settle(
                charge_id, detail=exc.detail, actor=actor
            )
            continue
        with system_scope():
            charge_refunded_apply(charge=charge, actor=actor)
        refunds_unsent_fail(charge_id=charge_id)
        duplicates_unsent_fail(charge_id=charge_id)
        report.applied += 1


def _unreadable_charge_refunds_settle(charge_id: str, *, detail: str, actor: str) -> int:
    """The pending refunds of a charge Stripe refuses to read, the order's or a duplicate's,
    settled as Stripe's reads of each refund tell (Stripe out of reach: the next run reads
    them again). How many it settled."""
    try:
        return refunds_charge_unreadable_settle(
            charge_id=charge_id, detail=detail, actor=actor
        ) + duplicates_charge_unreadable_settle(charge_id=charge_id, detail=detail, actor=actor)
    except PaymentProviderUnreachable:
        return 0


def _true_state(payment: Payment) -> tuple[IntentState, Outcome | None]:
    if not payment.stripe_payment_intent_id:
        # Created, but Stripe's answer never reached us: give up on the attempt so the
        # customer can retry. Should Stripe still charge it, its webhook finds it through
        # the metadata.
        return _given_up(
            payment, code=NO_ANSWER_CODE, message="Stripe never confirmed this payment attempt."
        )
    try:
        found = stripe_client.payment_intent_retrieve(payment.stripe_payment_intent_id)
    except ResourceMissing:
        # Stripe says no such PaymentIntent exists for our account: nothing can be charged
        # through it, and the customer must be able to pay again.
        return _given_up(
            payment, code=UNKNOWN_INTENT_CODE, message="Stripe does not know this payment."
        )
    intent = IntentState.from_stripe(found)
    return intent, intent.outcome


def _given_up(payment: Payment, *, code: str, message: str) -> tuple[IntentState, Outcome]:
    intent = IntentState(
        id=payment.stripe_payment_intent_id or "",
        status="requires_payment_method",
        amount=payment.amount,
        currency=payment.currency,
        metadata={"order_number": payment.order.number, "attempt": str(payment.attempt)},
        failure_code=code,
        failure_message=message,
    )
    return intent, Outcome.FAILED


def order_expire(*, order_id: int, actor: str, unless_paying_since: datetime | None = None) -> int:
    """Cancel an unpaid order with reason `expired` (its open attempts end with it:
    `payment_attempts_cancel`), unless its customer started a payment since
    `unless_paying_since`: they are paying for it now (outside probe HZ-2: one at its 3-D
    Secure prompt was expired under them); the stuck attempts' check ends that attempt
    first, once it is old. Returns 1 if it canceled the order, else 0."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        if order.status not in UNPAID_STATUSES:
            return 0
        paying = (
            unless_paying_since is not None
            and order.payments.filter(created_at__gte=unless_paying_since).exists()
        )
        if paying:
            return 0
        order_services.order_transition(name="cancel", order=order, actor=actor, reason=EXPIRED)
    return 1


def payment_intent_cancel_send(*, payment_intent_id: str) -> None:
    """Cancel at Stripe: the body of its job. Stripe out of reach raises (the job is
    retried). A refusal is final, and Stripe is asked what became of the intent instead of
    waiting for its webhook, which may never come: one that succeeded meanwhile is recorded
    as its `payment_intent.succeeded` would be (for a canceled order, a charge the order
    does not count, whose refund is asked for at once; the event then changes nothing);
    one Stripe cannot describe, or still under way there, flags the order for staff."""
    try:
        stripe_client.payment_intent_cancel(
            payment_intent_id, idempotency_key=f"cancel-{payment_intent_id}"
        )
    except PaymentProviderUnreachable:
        raise
    except PaymentProviderError as exc:
        logger.info("Stripe did not cancel %s: %s", payment_intent_id, exc.detail)
        _cancel_refused(payment_intent_id)
    else:
        payment_intent_canceled_record(payment_intent_id=payment_intent_id)


def payment_intent_cancel_unanswered(*, payment_intent_id: str) -> None:
    """The cancel's job gave up with Stripe out of reach at its last attempt: the order is
    flagged for staff to check the intent at Stripe (its charge, should the customer still
    pay it, is recorded as one the order does not count, and refunded)."""
    logger.warning(
        "Stripe unreachable to cancel %s at its last attempt: the order is flagged.",
        payment_intent_id,
    )
    _cancel_unsettled_flag(payment_intent_id, state="Stripe could not be reached to cancel it")


def _cancels_given_up_flag(*, actor: str) -> int:
    """Flag, once, the order of each canceled attempt whose `cancel_payment_intent` ended
    without doing its work while none waits or runs (a worker killed during the last
    attempt, the job then failed by the stalled-job recovery, never flagged the order as
    that attempt does when Stripe cannot be reached): staff check the intent at Stripe.
    Not when the order's history holds a flag about that intent already. How many it
    flagged."""
    from payments.tasks import cancel_payment_intent

    with system_scope():
        given_up = jobs_given_up(task_name=cancel_payment_intent.name, argument="payment_intent_id")
        canceled = list(
            Payment.objects.filter(
                stripe_payment_intent_id__in=given_up, status=PaymentStatus.CANCELED
            ).values_list("stripe_payment_intent_id", flat=True)
        )
    return sum(_cancel_given_up_flag(intent_id, actor=actor) for intent_id in canceled)


def _cancel_given_up_flag(payment_intent_id: str, *, actor: str) -> bool:
    with system_scope():
        order = Order.objects.select_for_update().get(
            payments__stripe_payment_intent_id=payment_intent_id
        )
        told = order.events.filter(
            type=OrderEventType.FLAGGED, reason__startswith=duplicate_flag_prefix(payment_intent_id)
        )
        if told.exists():
            return False
        logger.warning(
            "The cancel of %s ended without Stripe's answer: order %s is flagged.",
            payment_intent_id,
            order.number,
        )
        _cancel_unsettled_flag(payment_intent_id, state=CANCEL_GIVEN_UP, actor=actor)
    return True


def _cancel_refused(payment_intent_id: str) -> None:
    try:
        found = stripe_client.payment_intent_retrieve(payment_intent_id)
    except PaymentProviderUnreachable:
        raise
    except PaymentProviderError as exc:
        _cancel_unsettled_flag(payment_intent_id, state=f"Stripe cannot read it ({exc.detail})")
        return
    intent = IntentState.from_stripe(found)
    if intent.outcome is Outcome.SUCCEEDED:
        with system_scope():
            payment_outcome_apply(
                intent=intent, outcome=intent.outcome, actor=stripe_actor(intent.id)
            )
    elif intent.outcome not in (Outcome.FAILED, Outcome.CANCELED):
        _cancel_unsettled_flag(payment_intent_id, state=f"it is {intent.status} there")


def _cancel_unsettled_flag(payment_intent_id: str, *, state: str, actor: str = "") -> None:
    """Staff are told what to check at Stripe (by `actor`, Stripe's intent when not given).
    The line begins as those about a charge the order does not count do, so that Stripe's
    report of that charge's refund clears it. Not when the flag's line about that charge
    after the cancel already says what to do (the charge is known, its refund ours)."""
    with system_scope(), transaction.atomic():
        payment = Payment.objects.get(stripe_payment_intent_id=payment_intent_id)
        order = Order.objects.select_for_update().get(pk=payment.order_id)
        if after_cancel_flagged(order=order, payment_intent_id=payment_intent_id):
            return
        charge = f", charge {payment.stripe_charge_id}" if payment.stripe_charge_id else ""
        reason = (
            f"{duplicate_flag_prefix(payment_intent_id)}"
            f"{format_money(payment.amount, payment.currency)} (attempt {payment.attempt}"
            f"{charge}){CANCEL_UNSETTLED}{state}. Check it in Stripe's "
            "dashboard: if it charged the card, refund it there (the order never counted it)."
        )
        order_services.order_flag(
            order=order, actor=actor or stripe_actor(payment_intent_id), reason=reason
        )
