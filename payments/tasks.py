import logging
from datetime import timedelta

from django.conf import settings
from procrastinate import JobContext, RetryStrategy
from procrastinate.contrib.django import app

from morpheus.jobs import job
from payments.errors import PaymentProviderUnreachable
from payments.services import (
    duplicate_refund_send,
    duplicate_refund_unanswered_fail,
    payment_card_record,
    payment_intent_cancel_send,
    payment_intent_cancel_unanswered,
    payment_intent_send,
    payments_reconcile,
    refund_send,
    refund_unanswered_fail,
    stripe_customer_erase,
)

logger = logging.getLogger(__name__)

STUCK_AFTER = timedelta(minutes=30)
# Stripe calls: retried while Stripe cannot be reached, after 4 s, 8 s, 16 s... (about
# 4.5 hours in all), each time under the same idempotency key.
STRIPE_RETRY = RetryStrategy(max_attempts=12, exponential_wait=2)


@job(queue="payments", retry=STRIPE_RETRY)
def send_payment_intent(*, payment_id: int, payment_method_id: str | None, actor: str) -> None:
    """Create and confirm the attempt's PaymentIntent (deferred by `payment_start`)."""
    payment_intent_send(payment_id=payment_id, payment_method_id=payment_method_id, actor=actor)


@job(queue="payments", retry=STRIPE_RETRY)
def record_payment_card(*, payment_id: int) -> None:
    """Keep the brand and last 4 of the card that paid (deferred when the payment succeeds)."""
    payment_card_record(payment_id=payment_id)


@job(queue="payments", retry=STRIPE_RETRY)
def erase_stripe_customer(*, stripe_customer_id: str) -> None:
    """Delete an erased customer at Stripe and scrub dj-stripe's copy (deferred by the
    account's erasure)."""
    stripe_customer_erase(stripe_customer_id=stripe_customer_id)


@job(queue="payments", retry=STRIPE_RETRY, pass_context=True)
def send_refund(context: JobContext, *, refund_id: int) -> None:
    """Ask Stripe for a staff refund (deferred by `refund_create`). When Stripe is still out
    of reach at the last attempt, the refund fails as a refusal does, and the job ends:
    nothing is retried."""
    try:
        refund_send(refund_id=refund_id)
    except PaymentProviderUnreachable as outage:
        if _retried(outage, context):
            logger.warning("Stripe unreachable for refund %s; it will be sent again.", refund_id)
            raise
        if not refund_unanswered_fail(refund_id=refund_id):
            logger.warning(
                "Stripe unreachable for refund %s at its last attempt, after it took the "
                "refund: reconciliation reads its charge.",
                refund_id,
            )


@job(queue="payments", retry=STRIPE_RETRY, pass_context=True)
def send_duplicate_refund(context: JobContext, *, duplicate_id: int) -> None:
    """Ask Stripe to pay a duplicate charge back whole (deferred by
    `duplicate_payment_refund`). When Stripe is still out of reach at the last attempt,
    the request fails as a refusal does, and the job ends."""
    try:
        duplicate_refund_send(duplicate_id=duplicate_id)
    except PaymentProviderUnreachable as outage:
        if _retried(outage, context):
            logger.warning("Stripe unreachable for duplicate %s; sent again later.", duplicate_id)
            raise
        duplicate_refund_unanswered_fail(duplicate_id=duplicate_id)


@job(queue="payments", retry=STRIPE_RETRY, pass_context=True)
def cancel_payment_intent(context: JobContext, *, payment_intent_id: str) -> None:
    """Cancel at Stripe the PaymentIntent of a canceled order's open attempt
    (`payment_attempts_cancel`) or of an attempt abandoned at 3-D Secure. When Stripe is
    still out of reach at the last attempt, the order is flagged, and the job ends."""
    try:
        payment_intent_cancel_send(payment_intent_id=payment_intent_id)
    except PaymentProviderUnreachable as outage:
        if _retried(outage, context):
            raise
        payment_intent_cancel_unanswered(payment_intent_id=payment_intent_id)


def _retried(outage: PaymentProviderUnreachable, context: JobContext) -> bool:
    """Whether the job will run again after `outage` (not at its last attempt)."""
    return STRIPE_RETRY.get_retry_decision(exception=outage, job=context.job) is not None


@app.periodic(cron="*/10 * * * *", periodic_id="reconcile_payments")
@job(queue="maintenance", queueing_lock="reconcile_payments")
def reconcile_payments(*, timestamp: int) -> None:
    """Repair attempts whose webhook never came and expire abandoned unpaid orders."""
    report = payments_reconcile(
        older_than=STUCK_AFTER,
        expire_unpaid_after=timedelta(hours=settings.UNPAID_ORDER_MAX_AGE_HOURS),
        actor="system:reconcile_payments",
    )
    logger.info(
        "reconciled payments: checked %s, applied %s, errors %s, expired %s",
        report.checked,
        report.applied,
        report.errors,
        report.expired,
    )
