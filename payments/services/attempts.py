"""Start a payment attempt: the attempt row first, then Stripe, with a key that makes a
repeated request for the same attempt one charge."""

from functools import partial

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from morpheus.db_context import system_scope
from orders import services as order_services
from orders.models import Order
from orders.transitions import OrderStatus
from payments import stripe_client
from payments.errors import CardDeclined, PaymentNotAllowed, PaymentProviderError
from payments.intents import IntentState, Outcome
from payments.models import Payment, PaymentStatus, StripeCustomer
from payments.services.outcomes import payment_outcome_apply


def payment_idempotency_key(*, order: Order, attempt: int) -> str:
    return f"payment-{order.number}-{attempt}"


def payment_start(*, order: Order, actor: str, payment_method_id: str | None = None) -> Payment:
    """Open a new attempt for a pending order and ask Stripe to charge it once committed.

    With a payment method the PaymentIntent is confirmed at creation (it may then need
    3-D Secure: `requires_action`). A repeated call while an attempt is open returns that
    attempt and sends nothing to Stripe.
    """
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status == OrderStatus.PROCESSING:
            return locked.payments.order_by("-attempt").first()
        if locked.status != OrderStatus.PENDING:
            raise PaymentNotAllowed(
                f"Order {locked.number} is {locked.get_status_display().lower()}: nothing to pay."
            )
        previous = locked.payments.order_by("-attempt").values_list("attempt", flat=True)
        attempt = (previous.first() or 0) + 1
        payment = Payment.objects.create(
            order=locked,
            attempt=attempt,
            idempotency_key=payment_idempotency_key(order=locked, attempt=attempt),
            amount=locked.total_amount,
            currency=locked.currency,
        )
        order_services.order_submit_payment(
            order=locked, actor=actor, reason=f"Payment attempt {attempt} submitted"
        )
        transaction.on_commit(
            partial(
                payment_intent_send,
                payment_id=payment.pk,
                payment_method_id=payment_method_id,
                actor=actor,
            )
        )
    with system_scope():
        payment.refresh_from_db()
    return payment


def payment_intent_send(*, payment_id: int, payment_method_id: str | None, actor: str) -> None:
    """Create (and confirm) the attempt's PaymentIntent; runs after the attempt committed."""
    with system_scope():
        payment = Payment.objects.select_related("order").get(pk=payment_id)
        customer = StripeCustomer.objects.filter(user_id=payment.order.customer_id).first()
    if payment.status != PaymentStatus.CREATING or payment.stripe_payment_intent_id:
        return
    try:
        data = stripe_client.payment_intent_create(
            amount=payment.amount,
            currency=payment.currency,
            metadata={"order_number": payment.order.number, "attempt": str(payment.attempt)},
            idempotency_key=payment.idempotency_key,
            payment_method_id=payment_method_id,
            customer_id=customer.stripe_customer_id if customer else None,
        )
    except CardDeclined as exc:
        _record_failure(payment, exc, payment_intent_id=exc.payment_intent_id, actor=actor)
        return
    except PaymentProviderError as exc:
        _record_failure(payment, exc, payment_intent_id="", actor=actor)
        return
    _record_intent(payment, IntentState.from_stripe(data))


def _record_failure(
    payment: Payment, exc: PaymentProviderError, *, payment_intent_id: str, actor: str
) -> None:
    intent = IntentState(
        id=payment_intent_id,
        status="requires_payment_method",
        amount=payment.amount,
        currency=payment.currency,
        metadata={"order_number": payment.order.number, "attempt": str(payment.attempt)},
        failure_code=exc.code,
        failure_message=str(exc),
    )
    with system_scope():
        payment_outcome_apply(intent=intent, outcome=Outcome.FAILED, actor=actor)


def _record_intent(payment: Payment, intent: IntentState) -> None:
    """Remember the PaymentIntent; its outcome is left to the webhook, unless one already
    applied it meanwhile (hence the conditional update)."""
    status = (
        PaymentStatus.REQUIRES_ACTION
        if intent.status in ("requires_action", "requires_confirmation")
        else PaymentStatus.PROCESSING
    )
    with system_scope():
        Payment.objects.filter(pk=payment.pk, stripe_payment_intent_id__isnull=True).update(
            stripe_payment_intent_id=intent.id, updated_at=timezone.now()
        )
        Payment.objects.filter(pk=payment.pk, status=PaymentStatus.CREATING).update(
            status=status, stripe_charge_id=intent.charge_id, updated_at=timezone.now()
        )


def setup_intent_create(*, customer: AbstractBaseUser) -> str:
    """Client secret of a SetupIntent for the card form (first step of checkout)."""
    return stripe_client.setup_intent_create(customer_id=stripe_customer_ensure(user=customer))


def stripe_customer_ensure(*, user: AbstractBaseUser) -> str:
    with system_scope():
        existing = StripeCustomer.objects.filter(user=user).first()
    if existing:
        return existing.stripe_customer_id
    stripe_id = stripe_client.customer_create(
        email=user.email, user_id=user.pk, idempotency_key=f"customer-{user.pk}"
    )
    with system_scope():
        record, _ = StripeCustomer.objects.get_or_create(
            user=user, defaults={"stripe_customer_id": stripe_id}
        )
    return record.stripe_customer_id
