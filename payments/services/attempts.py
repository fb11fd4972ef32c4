"""Start a payment attempt: the attempt row and its job in one transaction, then the job asks
Stripe, with a key that makes a repeated request for the same attempt one charge."""

import logging
from collections.abc import Callable
from typing import TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from morpheus.db_context import system_scope
from morpheus.money import format_display, format_money
from morpheus.throttles import throttle_hit
from orders import services as order_services
from orders.actors import stripe_actor
from orders.models import Order
from orders.status_words import nothing_to_pay
from orders.transitions import OrderStatus
from payments import stripe_client
from payments.errors import (
    CardDeclined,
    PaymentNotAllowed,
    PaymentProviderError,
    PaymentProviderUnreachable,
    PaymentsLimited,
    ResourceMissing,
    TotalChanged,
)
from payments.intents import IntentState, Outcome
from payments.messages import ANOTHER_CARD_UNDER_WAY, ANOTHER_CARD_UNDER_WAY_API
from payments.models import OPEN_PAYMENT_STATUSES, Payment, PaymentStatus, StripeCustomer
from payments.selectors import (
    payment_above_maximum_charge,
    payment_latest,
)
from payments.services.outcomes import (
    payment_intent_apply,
    payment_intent_lost,
    payment_outcome_apply,
)
from promotions.bundles import completion_payable_check
from tax.services import evidence_card_country_record

logger = logging.getLogger(__name__)

T = TypeVar("T")


def payment_idempotency_key(*, order: Order, attempt: int) -> str:
    return f"payment-{order.number}-{attempt}"


def payment_start(
    *,
    order: Order,
    actor: str,
    payment_method_id: str | None = None,
    limits: tuple[tuple[str, str], ...] = (),
    shown_total: int | None = None,
) -> Payment:
    """Open a new attempt for a pending order and defer the job that asks Stripe to charge it.

    With a payment method the PaymentIntent is confirmed at creation (it may then need
    3-D Secure: `requires_action`). A repeated call while an attempt is open returns that
    attempt and defers nothing, unless it brings another card while that attempt waits for
    3-D Secure: the waiting attempt is abandoned and a new one opens; another card before
    the bank has answered the open attempt is refused (PaymentNotAllowed). An order holding a
    comic the customer owns already, or is paying for in another order, is refused
    (`orders.errors.AlreadyOwned`), checked under the customer's and the order's row locks
    so that two tabs paying at once are never both charged; so is an order completing a
    series at a price that no longer holds (`promotions.errors.CompletionLapsed`: the comics
    it relied on were refunded since). Callers first call
    `payment_waiting_settle`, outside their transaction: it cancels the waiting intent at
    Stripe, or learns that the customer has passed that 3-D Secure meanwhile.

    `shown_total`, the total the pay page showed, must still be the order's when a new
    attempt opens (TotalChanged otherwise: it was priced again since, as a VAT number VIES
    refused reprices it): the card is never asked more than the page said.

    `limits` (limit, value) are counted only when a new attempt opens, under the order's
    lock: a repeat that returns the open attempt counts for nothing (found by an outside
    probe: ten submits at once used up the order's attempts). Beyond one, PaymentsLimited.
    """
    from payments.tasks import send_payment_intent

    with system_scope():  # a customer's session writes no payment
        # One payment start per customer at a time, then the order: two tabs paying for the
        # same comic in two orders take turns, and the second finds the first's under way.
        order_services.customer_turn_take(customer_id=order.customer_id)
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status == OrderStatus.PROCESSING:
            latest = locked.payments.order_by("-attempt").first()
            if _sent_while_another_card_is_under_way(latest, payment_method_id):
                refusal = PaymentNotAllowed(ANOTHER_CARD_UNDER_WAY)
                refusal.api_message = ANOTHER_CARD_UNDER_WAY_API.format(id=latest.pk)
                raise refusal
            if not _replaced_by(latest, payment_method_id):
                # The open attempt, unless it charges another total than the caller showed
                # (outside probe CW-3: a repeat of an out-of-date total was answered with it).
                if latest is not None:
                    _shown_total_check(order=locked, shown_total=shown_total, due=latest.amount)
                return latest
            reason = (
                f"Payment attempt {latest.attempt} was waiting for 3-D Secure: "
                "the customer pays with another card"
            )
            _attempt_abandon(order=locked, payment_id=latest.pk, actor=actor, reason=reason)
        if locked.status != OrderStatus.PENDING:
            raise PaymentNotAllowed(nothing_to_pay(locked))
        _shown_total_check(order=locked, shown_total=shown_total, due=locked.total_amount)
        payment_possible_check(order=locked)
        _count_against(limits)
        previous = locked.payments.order_by("-attempt").values_list("attempt", flat=True)
        attempt = (previous.first() or 0) + 1
        payment = Payment.objects.create(
            order=locked,
            attempt=attempt,
            idempotency_key=payment_idempotency_key(order=locked, attempt=attempt),
            amount=locked.total_amount,
            currency=locked.currency,
            payment_method_id=payment_method_id or "",
        )
        order_services.order_transition(
            name="submit_payment",
            order=locked,
            actor=actor,
            reason=f"Payment attempt {attempt} submitted",
        )
        send_payment_intent.defer(
            payment_id=payment.pk, payment_method_id=payment_method_id, actor=actor
        )
    return payment


def _shown_total_check(*, order: Order, shown_total: int | None, due: int) -> None:
    """`TotalChanged` when the caller showed another total than the one `due`: priced again
    since (its VAT), or a figure of the client's own, which "now costs … check what changed"
    said was a change (outside probe HL-3)."""
    if shown_total is not None and shown_total != due:
        refusal = TotalChanged(_total_changed_words(order, due, shown_total, format_display))
        refusal.api_message = _total_changed_words(order, due, shown_total, format_money)
        raise refusal


def _total_changed_words(
    order: Order, due: int, shown: int, money: Callable[[int, str], str]
) -> str:
    """In the amounts of the page that pays (€2.36, outside probe HQ-3: its refusal read
    "2.36 EUR" under a total of "€2.36"), or of an API client (2.36 EUR)."""
    return (
        f"Order {order.number} costs {money(due, order.currency)}, not "
        f"{money(shown, order.currency)}: nothing was charged. Check its total, then pay again."
    )


def payment_possible_check(*, order: Order) -> None:
    """Raise the domain error `payment_start` refuses `order` with, its status aside: it
    costs nothing, or more than a card is charged at once, holds comics the customer owns or
    pays for in another order, or completes a series at a price that no longer holds.
    `payment_start` asks under the customer's and the order's locks; the pay page's card
    check asks first, without them, so that an order that cannot be paid saves no card at
    Stripe."""
    with system_scope():  # the customer's other orders, whatever the caller's scope
        if order.total_amount == 0:  # Stripe refuses a charge of nothing
            raise PaymentNotAllowed(f"Order {order.number} costs nothing: get it for free.")
        if refusal := payment_above_maximum_charge(order=order):
            raise PaymentNotAllowed(refusal)
        # Comics bought (or being paid for) in another order since this one was placed.
        order_services.order_payable_check(order=order)
        # A series completed at a price that relied on comics refunded since.
        completion_payable_check(order=order)


def payment_next_card_check_note(*, payment: Payment) -> None:
    """The pay page began another card's check after `payment`, a failed attempt: its failure
    is no longer what the pay page reports (see `Payment.next_card_check_at`)."""
    with system_scope():
        Payment.objects.filter(
            pk=payment.pk, status=PaymentStatus.FAILED, next_card_check_at__isnull=True
        ).update(next_card_check_at=timezone.now())


def _count_against(limits: tuple[tuple[str, str], ...]) -> None:
    for limit, value in limits:
        decision = throttle_hit(limit=limit, value=value)
        if not decision.allowed:
            raise PaymentsLimited(decision)


def _replaced_by(latest: Payment | None, payment_method_id: str | None) -> bool:
    """Another card replaces an attempt waiting for 3-D Secure; the same card again is the
    same request repeated (a double submit, a client's retry)."""
    return (
        latest is not None
        and latest.status == PaymentStatus.REQUIRES_ACTION
        and bool(payment_method_id)
        and payment_method_id != latest.payment_method_id
    )


def _sent_while_another_card_is_under_way(
    latest: Payment | None, payment_method_id: str | None
) -> bool:
    """Another card than the open attempt's, before the bank has answered that attempt (it
    is not waiting for 3-D Secure): neither a repeat of that request nor a replacement."""
    return (
        latest is not None
        and latest.status in (PaymentStatus.CREATING, PaymentStatus.PROCESSING)
        and bool(payment_method_id and latest.payment_method_id)
        and payment_method_id != latest.payment_method_id
    )


def payment_waiting_settle(*, order: Order, payment_method_id: str | None) -> Payment | None:
    """Before another card replaces the attempt waiting for 3-D Secure, cancel its
    PaymentIntent at Stripe. Stripe settles that cancel and the customer's 3-D Secure one
    after the other: either the intent is canceled (a 3-D Secure answered later charges
    nothing) or Stripe refuses the cancel because the customer has passed the check
    meanwhile (its webhook not processed yet). Then its outcome is applied as the webhook
    would apply it and the attempt is returned: no second attempt charges the customer
    again. None when `payment_start` may go on (nothing waits for 3-D Secure, the same card
    again, or the intent is canceled). Calls Stripe: call it outside any transaction;
    Stripe out of reach raises, and nothing is replaced.
    """
    with system_scope():
        latest = payment_latest(order=order)
    if not _replaced_by(latest, payment_method_id) or not latest.stripe_payment_intent_id:
        return None
    intent = _waiting_intent_canceled_or_read(latest.stripe_payment_intent_id)
    if intent is None or intent.outcome not in (Outcome.SUCCEEDED, Outcome.PROCESSING):
        return None
    with system_scope():
        return payment_outcome_apply(
            intent=intent, outcome=intent.outcome, actor=stripe_actor(intent.id)
        )


def _waiting_intent_canceled_or_read(payment_intent_id: str) -> IntentState | None:
    """The intent canceled at Stripe, or as Stripe has it when it refuses the cancel (it
    succeeded or is processing); None when Stripe has no such intent (a restarted
    localstripe forgets them all): nothing waits there. The key is the cancel job's: the
    job that `payment_start` defers for the abandoned attempt then gets the same answer."""
    try:
        canceled = stripe_client.payment_intent_cancel(
            payment_intent_id, idempotency_key=f"cancel-{payment_intent_id}"
        )
    except PaymentProviderUnreachable:
        raise
    except ResourceMissing:
        logger.warning("Stripe has no payment intent %s any more.", payment_intent_id)
        return None
    except PaymentProviderError:
        return IntentState.from_stripe(stripe_client.payment_intent_retrieve(payment_intent_id))
    return IntentState.from_stripe(canceled)


def payment_authentication_resume(*, payment: Payment, actor: str) -> str:
    """The client secret with which the pay page puts the bank's 3-D Secure prompt up for
    an attempt waiting for it (Stripe.js's `confirmCardPayment`): read from Stripe when the
    customer asks to confirm, never stored; "" when the attempt waits no longer. When Stripe
    no longer knows the attempt's PaymentIntent (a restarted localstripe; deleted test
    data), no bank can confirm it: the attempt fails with our sentence saying so, the order
    is pending again and the pay page offers the card form. When the bank has answered
    meanwhile (a prompt failed, which localstripe announces by no event), its outcome is
    applied now, as `payment_refresh` does (outside probe DS-3: the secret of a failed
    prompt was given again, the attempt still read as waiting). Stripe out of reach raises,
    and the attempt still waits. Calls Stripe: call it outside any transaction."""
    if payment.status != PaymentStatus.REQUIRES_ACTION or not payment.stripe_payment_intent_id:
        return ""
    try:
        intent = stripe_client.payment_intent_retrieve(payment.stripe_payment_intent_id)
    except ResourceMissing:
        payment_intent_lost(payment=payment, actor=actor)
        return ""
    if intent["status"] == "requires_action":
        return intent["client_secret"]
    payment_intent_apply(intent)
    return ""


def payment_authentication_abandon(*, payment_id: int, actor: str, reason: str) -> int:
    """End an attempt left waiting for 3-D Secure (reconciliation does, past its bound), so
    the customer can pay again. Returns 1 if it ended it, 0 if the attempt moved on."""
    with system_scope():
        order_id = Payment.objects.values_list("order_id", flat=True).get(pk=payment_id)
        order = Order.objects.select_for_update().get(pk=order_id)
        return int(_attempt_abandon(order=order, payment_id=payment_id, actor=actor, reason=reason))


def _attempt_abandon(*, order: Order, payment_id: int, actor: str, reason: str) -> bool:
    """The attempt, if it still waits for 3-D Secure, ends as canceled, a job cancels its
    PaymentIntent at Stripe (whose `canceled` event then finds the attempt ended), and the
    order it was paying goes back to pending. The caller holds the order's lock."""
    from payments.tasks import cancel_payment_intent

    payment = Payment.objects.select_for_update().get(pk=payment_id)
    if payment.status != PaymentStatus.REQUIRES_ACTION:
        return False
    payment.status = PaymentStatus.CANCELED
    payment.save(update_fields=["status", "updated_at"])
    if payment.stripe_payment_intent_id:
        cancel_payment_intent.defer(payment_intent_id=payment.stripe_payment_intent_id)
    if order.status == OrderStatus.PROCESSING and payment_latest(order=order).pk == payment.pk:
        order_services.order_transition(
            name="abandon_payment", order=order, actor=actor, reason=reason, locked=True
        )
    return True


def payment_attempts_cancel(*, order_id: int) -> int:
    """Inside the transaction that cancels the order, whoever cancels it: its open attempts
    end as canceled (so a queued `send_payment_intent` charges nothing) and those Stripe
    already has are canceled there by a job. Returns how many attempts it ended."""
    from payments.tasks import cancel_payment_intent

    with system_scope():  # a customer's cancel, too: its session writes no payment
        open_attempts = list(
            Payment.objects.select_for_update()
            .filter(order_id=order_id, status__in=OPEN_PAYMENT_STATUSES)
            .values_list("pk", "stripe_payment_intent_id")
        )
        Payment.objects.filter(pk__in=[pk for pk, _ in open_attempts]).update(
            status=PaymentStatus.CANCELED, updated_at=timezone.now()
        )
    for _, payment_intent_id in open_attempts:
        if payment_intent_id:
            cancel_payment_intent.defer(payment_intent_id=payment_intent_id)
    return len(open_attempts)


def payment_intent_send(*, payment_id: int, payment_method_id: str | None, actor: str) -> None:
    """Create (and confirm) the attempt's PaymentIntent: the body of its job.

    Stripe out of reach raises, so the job is retried under the same idempotency key; any
    other refusal fails the attempt (the customer may try again). Does nothing once the
    attempt has its PaymentIntent or an outcome.
    """
    with system_scope():
        payment = Payment.objects.select_related("order__customer").get(pk=payment_id)
        customer = StripeCustomer.objects.filter(user_id=payment.order.customer_id).first()
    if payment.status != PaymentStatus.CREATING or payment.stripe_payment_intent_id:
        return
    if payment_method_id:
        _record_card_country(payment, payment_method_id, actor)
    try:
        data = _with_live_customer(
            payment.order.customer,
            customer,
            lambda current: _intent_create(payment, payment_method_id, current),
        )
    except PaymentProviderUnreachable:
        raise
    except CardDeclined as exc:
        _record_failure(payment, exc, payment_intent_id=exc.payment_intent_id, actor=actor)
        return
    except PaymentProviderError as exc:
        _record_failure(payment, exc, payment_intent_id="", actor=actor)
        return
    _record_intent(payment, IntentState.from_stripe(data))


def _record_card_country(payment: Payment, payment_method_id: str, actor: str) -> None:
    """The card's issuing country is VAT evidence, learnt before the charge so that a
    conflict holds the order before it can be fulfilled. Stripe out of reach raises (the
    job is retried); a card Stripe cannot describe leaves the evidence as it is."""
    try:
        country = stripe_client.payment_method_card_country(payment_method_id)
    except PaymentProviderUnreachable:
        raise
    except PaymentProviderError as exc:
        logger.warning("card country of %s unknown: %s", payment.order.number, exc.detail)
        return
    evidence_card_country_record(order_id=payment.order_id, card_country=country, actor=actor)


def _intent_create(
    payment: Payment, payment_method_id: str | None, customer: StripeCustomer | None
) -> dict:
    return stripe_client.payment_intent_create(
        amount=payment.amount,
        currency=payment.currency,
        metadata={"order_number": payment.order.number, "attempt": str(payment.attempt)},
        idempotency_key=_intent_key(payment, customer),
        payment_method_id=payment_method_id,
        customer_id=customer.stripe_customer_id if customer else None,
    )


def _intent_key(payment: Payment, customer: StripeCustomer | None) -> str:
    """The attempt's key, unless its customer was replaced after the attempt opened: Stripe
    refuses a key reused with other parameters, and the first call may have named the lost
    customer."""
    if customer is not None and customer.created_at > payment.created_at:
        return f"{payment.idempotency_key}-{customer.stripe_customer_id}"
    return payment.idempotency_key


def _with_live_customer(
    user: AbstractBaseUser,
    customer: StripeCustomer | None,
    call: Callable[[StripeCustomer | None], T],
) -> T:
    """Make `call` with the user's Stripe customer; if Stripe no longer knows that customer
    (deleted in Stripe's dashboard, or a restarted localstripe), with a new one."""
    try:
        return call(customer)
    except ResourceMissing as exc:
        if customer is None or exc.param not in ("", "customer"):
            raise
        if stripe_client.customer_exists(customer.stripe_customer_id):
            raise
    return call(stripe_customer_replace(user=user, missing_id=customer.stripe_customer_id))


def _record_failure(
    payment: Payment, exc: PaymentProviderError, *, payment_intent_id: str, actor: str
) -> None:
    """Stripe's own words stay on the attempt for staff; customers are shown ours, chosen
    by the code (`payments.messages`)."""
    intent = IntentState(
        id=payment_intent_id,
        status="requires_payment_method",
        amount=payment.amount,
        currency=payment.currency,
        metadata={"order_number": payment.order.number, "attempt": str(payment.attempt)},
        failure_code=exc.code,
        failure_message=exc.detail,
    )
    with system_scope():
        payment_outcome_apply(intent=intent, outcome=Outcome.FAILED, actor=actor)


def _record_intent(payment: Payment, intent: IntentState) -> None:
    """Remember the PaymentIntent; its outcome is left to the webhook, unless one already
    applied it meanwhile (hence the conditional update). An attempt whose order was
    canceled while Stripe created the intent has it canceled there too."""
    from payments.tasks import cancel_payment_intent

    status = PaymentStatus.REQUIRES_ACTION if intent.awaits_customer else PaymentStatus.PROCESSING
    with system_scope():
        learnt = Payment.objects.filter(
            pk=payment.pk, stripe_payment_intent_id__isnull=True
        ).update(stripe_payment_intent_id=intent.id, updated_at=timezone.now())
        Payment.objects.filter(pk=payment.pk, status=PaymentStatus.CREATING).update(
            status=status, stripe_charge_id=intent.charge_id, updated_at=timezone.now()
        )
        canceled = Payment.objects.filter(pk=payment.pk, status=PaymentStatus.CANCELED)
        if learnt and canceled.exists():
            cancel_payment_intent.defer(payment_intent_id=intent.id)


def setup_intent_create(*, customer: AbstractBaseUser) -> str:
    """Client secret of a SetupIntent for the card form (first step of checkout)."""
    stripe_customer_ensure(user=customer)
    with system_scope():
        record = StripeCustomer.objects.get(user=customer)
    return _with_live_customer(
        customer,
        record,
        lambda current: stripe_client.setup_intent_create(customer_id=current.stripe_customer_id),
    )


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


def stripe_customer_replace(*, user: AbstractBaseUser, missing_id: str) -> StripeCustomer:
    """A new Stripe customer in place of one Stripe no longer knows. Two racing
    replacements agree: the first stored wins and the other reads it."""
    logger.warning("Stripe has no customer %s any more: creating a new one.", missing_id)
    stripe_id = stripe_client.customer_create(
        email=user.email, user_id=user.pk, idempotency_key=f"customer-{user.pk}-after-{missing_id}"
    )
    with system_scope():
        StripeCustomer.objects.filter(user=user, stripe_customer_id=missing_id).update(
            stripe_customer_id=stripe_id, created_at=timezone.now()
        )
        return StripeCustomer.objects.get(user=user)
