"""The only door to Stripe. Reads settings at call time, returns plain dicts, raises our errors.

`STRIPE_API_BASE` unset means real Stripe; set, it points at another server (localstripe).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import stripe
from django.conf import settings

from payments.errors import CardDeclined, PaymentProviderError, PaymentProviderUnreachable

NETWORK_RETRIES = 2


@lru_cache(maxsize=8)
def _client_for(api_key: str, api_base: str) -> stripe.StripeClient:
    base_addresses = {"api": api_base} if api_base else {}
    return stripe.StripeClient(
        api_key, base_addresses=base_addresses, max_network_retries=NETWORK_RETRIES
    )


def _client() -> stripe.StripeClient:
    if not settings.STRIPE_SECRET_KEY:
        raise PaymentProviderError("Payments are not configured (STRIPE_SECRET_KEY).")
    return _client_for(settings.STRIPE_SECRET_KEY, settings.STRIPE_API_BASE)


@contextmanager
def _stripe_errors_translated() -> Iterator[None]:
    try:
        yield
    except stripe.CardError as exc:
        intent = getattr(exc.error, "payment_intent", None) if exc.error else None
        raise CardDeclined(
            exc.user_message or "Your card was declined.",
            code=exc.code or "card_declined",
            payment_intent_id=getattr(intent, "id", "") or "",
        ) from exc
    except stripe.APIConnectionError as exc:
        raise PaymentProviderUnreachable(
            "The payment provider could not be reached.", code="api_connection_error"
        ) from exc
    except stripe.StripeError as exc:
        raise PaymentProviderError(
            exc.user_message or "The payment provider did not accept the request.",
            code=exc.code or type(exc).__name__,
        ) from exc


def payment_intent_create(
    *,
    amount: int,
    currency: str,
    metadata: dict[str, str],
    idempotency_key: str,
    payment_method_id: str | None = None,
    customer_id: str | None = None,
) -> dict[str, Any]:
    """Create the PaymentIntent; with a payment method, confirm it in the same call."""
    params: dict[str, Any] = {
        "amount": amount,
        "currency": currency.lower(),
        "metadata": metadata,
        "payment_method_types": ["card"],
    }
    if payment_method_id:
        params |= {"payment_method": payment_method_id, "confirm": True}
    if customer_id:
        params["customer"] = customer_id
    with _stripe_errors_translated():
        intent = _client().v1.payment_intents.create(
            params=params, options={"idempotency_key": idempotency_key}
        )
    return intent.to_dict()


def payment_intent_retrieve(payment_intent_id: str) -> dict[str, Any]:
    with _stripe_errors_translated():
        return _client().v1.payment_intents.retrieve(payment_intent_id).to_dict()


def charge_retrieve(charge_id: str) -> dict[str, Any]:
    """The charge with its refunds (Stripe lists them only when asked)."""
    with _stripe_errors_translated():
        charge = _client().v1.charges.retrieve(charge_id, params={"expand": ["refunds"]})
        return charge.to_dict()


def payment_intent_cancel(payment_intent_id: str) -> dict[str, Any]:
    with _stripe_errors_translated():
        return _client().v1.payment_intents.cancel(payment_intent_id).to_dict()


def customer_create(*, email: str, user_id: int, idempotency_key: str) -> str:
    with _stripe_errors_translated():
        customer = _client().v1.customers.create(
            params={"email": email, "metadata": {"user_id": str(user_id)}},
            options={"idempotency_key": idempotency_key},
        )
    return customer.id


def setup_intent_create(*, customer_id: str) -> str:
    """A SetupIntent for the card form; returns its client secret (never log it)."""
    with _stripe_errors_translated():
        setup_intent = _client().v1.setup_intents.create(
            params={"customer": customer_id, "payment_method_types": ["card"]}
        )
    return setup_intent.client_secret


def refund_create(
    *, payment_intent_id: str, amount: int, metadata: dict[str, str], idempotency_key: str
) -> dict[str, Any]:
    with _stripe_errors_translated():
        refund = _client().v1.refunds.create(
            params={"payment_intent": payment_intent_id, "amount": amount, "metadata": metadata},
            options={"idempotency_key": idempotency_key},
        )
    return refund.to_dict()


def webhook_signature_valid(*, payload: bytes, signature: str, secret: str, tolerance: int) -> bool:
    """Whether `signature` (the Stripe-Signature header) signs `payload` with `secret`,
    made no longer than `tolerance` seconds ago."""
    try:
        stripe.WebhookSignature.verify_header(payload, signature, secret, tolerance)
    except (stripe.SignatureVerificationError, UnicodeDecodeError):
        return False
    return True
