"""What an API client needs to pay a pending order, from the payments app."""

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse
from rest_framework.request import Request

from morpheus.throttles import throttle_hit
from orders.models import Order
from orders.status_words import nothing_to_pay
from orders.transitions import OrderStatus
from payments import services as payment_services
from payments.errors import PaymentError
from payments.selectors import payment_refusal

REPLAYED = (
    "This answer repeats the one for the order placed before with this Idempotency-Key, "
    "without a new card check: pay at pay_url, or send a payment method to payments_url."
)


def payment_instructions(
    *, request: Request, order: Order, customer: AbstractBaseUser, replayed: bool
) -> dict[str, Any]:
    """Stripe's card form needs the publishable key and a SetupIntent's client secret; the
    payment itself starts on the order's pay page or at `payments_url`.
    An order with nothing to pay needs no card: `complete_free_url` completes it.
    Without Stripe, past the customer's limit of card checks (shared with the pay page), or
    on a replay (retries must not use up that limit; the first answer's SetupIntent is not
    kept), the order still stands and the client is told why there is no SetupIntent.
    A replay for an order no longer pending (paid or canceled since), or one that cannot be
    paid (its comics bought since in another order), says so, and gives no address to pay
    at."""
    instructions: dict[str, Any] = {
        "amount": order.total_amount,
        "currency": order.currency,
        "stripe_publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
        "setup_intent_client_secret": None,
        "unavailable_reason": None,
    }
    if order.status != OrderStatus.PENDING:
        instructions["unavailable_reason"] = nothing_to_pay(order)
        return instructions
    # A replay's order, pending yet refused (its comics bought since in another order): it
    # said to pay beside `cannot_be_paid` saying it cannot be (outside probe FH-2). An order
    # just placed was checked as it was placed.
    if replayed and (refusal := payment_refusal(order=order)):
        instructions["unavailable_reason"] = refusal
        return instructions
    instructions["pay_url"] = request.build_absolute_uri(reverse("orders:pay", args=[order.number]))
    if order.total_amount == 0:
        instructions["complete_free_url"] = request.build_absolute_uri(
            reverse("api:order-complete-free", args=[order.pk])
        )
        return instructions
    instructions["payments_url"] = request.build_absolute_uri(
        reverse("api:order-payment-start", args=[order.pk])
    )
    if replayed:
        instructions["unavailable_reason"] = REPLAYED
        return instructions
    card_check = throttle_hit(limit="setup_intent_account", value=str(customer.pk))
    if not card_check.allowed:
        instructions["unavailable_reason"] = card_check.message
        return instructions
    try:
        instructions["setup_intent_client_secret"] = payment_services.setup_intent_create(
            customer=customer
        )
    except PaymentError as exc:
        instructions["unavailable_reason"] = str(exc)
    return instructions
