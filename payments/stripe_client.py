"""The only door to Stripe. Reads settings at call time, returns plain dicts, raises our errors.

`STRIPE_API_BASE` unset means real Stripe; set, it points at another server (localstripe).
No call may be made while a database transaction is open (it would hold locks and a
connection across the network): each call checks first, see `_refuse_inside_transaction`.
"""

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import stripe
from django.conf import settings

from morpheus import metrics
from morpheus.transactions import transaction_open
from payments.errors import (
    CardDeclined,
    PaymentProviderError,
    PaymentProviderUnreachable,
    ResourceMissing,
    StripeCallInTransaction,
)
from payments.messages import UNAVAILABLE, customer_message

logger = logging.getLogger(__name__)

NETWORK_RETRIES = 2
# The API version this stripe library speaks (what test events claim to be).
API_VERSION = stripe.api_version
RAISE = "raise"


class _HttpClient(stripe.RequestsClient):
    """stripe's HTTP client, waiting `first_wait` seconds before its first retry (stripe's
    own wait is 0.5 s, fixed in the library), twice that before the next, with stripe's
    jitter (half to all of it)."""

    def __init__(self, *, timeout: float, first_wait: float) -> None:
        super().__init__(timeout=timeout)
        self._first_wait = first_wait

    def _sleep_time_seconds(self, num_retries: int) -> float:
        return self._add_jitter_time(self._first_wait * 2 ** (num_retries - 1))


@lru_cache(maxsize=8)
def _client_for(
    api_key: str, api_base: str, timeout: float, first_wait: float
) -> stripe.StripeClient:
    base_addresses = {"api": api_base} if api_base else {}
    return stripe.StripeClient(
        api_key,
        base_addresses=base_addresses,
        max_network_retries=NETWORK_RETRIES,
        http_client=_HttpClient(timeout=timeout, first_wait=first_wait),
    )


def _client(operation: str) -> stripe.StripeClient:
    _refuse_inside_transaction(operation)
    if not settings.STRIPE_SECRET_KEY:
        raise PaymentProviderError(
            UNAVAILABLE,
            code="not_configured",
            detail="Payments are not configured (STRIPE_SECRET_KEY).",
        )
    return _client_for(
        settings.STRIPE_SECRET_KEY,
        settings.STRIPE_API_BASE,
        settings.STRIPE_TIMEOUT_SECONDS,
        settings.STRIPE_RETRY_WAIT_SECONDS,
    )


def _refuse_inside_transaction(operation: str) -> None:
    """An error in tests (STRIPE_CALL_IN_TRANSACTION=raise); in production the call goes
    ahead, logged as an error and counted, so a missed case is seen without failing a sale."""
    if not transaction_open():
        return
    message = f"Stripe call {operation} made while a database transaction is open"
    if settings.STRIPE_CALL_IN_TRANSACTION == RAISE:
        raise StripeCallInTransaction(message)
    metrics.STRIPE_CALLS_IN_TRANSACTION.labels(operation=operation).inc()
    logger.error(message, stack_info=True)


@contextmanager
def _stripe_errors_translated() -> Iterator[None]:
    """Stripe's errors as ours, with a message of our own for the customer."""
    try:
        yield
    except stripe.CardError as exc:
        intent = getattr(exc.error, "payment_intent", None) if exc.error else None
        code = exc.code or "card_declined"
        decline_code = getattr(exc.error, "decline_code", None) if exc.error else None
        raise CardDeclined(
            customer_message(decline_code or code),
            code=code,
            detail=exc.user_message or "",
            payment_intent_id=getattr(intent, "id", "") or "",
        ) from exc
    except (stripe.APIConnectionError, stripe.RateLimitError) as exc:
        raise PaymentProviderUnreachable(
            UNAVAILABLE, code="api_connection_error", detail=str(exc.user_message or exc)
        ) from exc
    except stripe.StripeError as exc:
        raise _provider_error(exc) from exc


def _provider_error(exc: stripe.StripeError) -> PaymentProviderError:
    detail = exc.user_message or type(exc).__name__
    code = exc.code or ""
    if (exc.http_status or 0) >= 500:
        return PaymentProviderUnreachable(UNAVAILABLE, code=code or "api_error", detail=detail)
    if code == "resource_missing" or exc.http_status == 404:
        param = (getattr(exc.error, "param", None) if exc.error else None) or ""
        return ResourceMissing(
            customer_message(code), code=code or "resource_missing", detail=detail, param=param
        )
    return PaymentProviderError(
        customer_message(code), code=code or type(exc).__name__, detail=detail
    )


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
    client = _client("payment_intent_create")
    with _stripe_errors_translated():
        intent = client.v1.payment_intents.create(
            params=params, options={"idempotency_key": idempotency_key}
        )
    return intent.to_dict()


def payment_intent_retrieve(payment_intent_id: str) -> dict[str, Any]:
    client = _client("payment_intent_retrieve")
    with _stripe_errors_translated():
        return client.v1.payment_intents.retrieve(payment_intent_id).to_dict()


def payment_intent_card(payment_intent_id: str) -> tuple[str, str] | None:
    """(brand, last 4) of the card that paid the PaymentIntent; None when it was no card."""
    client = _client("payment_intent_retrieve")
    with _stripe_errors_translated():
        intent = client.v1.payment_intents.retrieve(
            payment_intent_id, params={"expand": ["payment_method"]}
        ).to_dict()
    method = intent.get("payment_method")
    card = method.get("card") if isinstance(method, dict) else None
    if not card or not card.get("last4"):
        return None
    return str(card.get("brand") or ""), str(card["last4"])


def payment_method_card_country(payment_method_id: str) -> str:
    """The issuing country of the card behind a PaymentMethod ("" when not a card)."""
    client = _client("payment_method_retrieve")
    with _stripe_errors_translated():
        method = client.v1.payment_methods.retrieve(payment_method_id).to_dict()
    return (method.get("card") or {}).get("country") or ""


def charge_retrieve(charge_id: str) -> dict[str, Any]:
    """The charge with every one of its refunds: Stripe lists them only when asked, and
    then only the first ten; the others are read page by page."""
    client = _client("charge_retrieve")
    with _stripe_errors_translated():
        charge = client.v1.charges.retrieve(charge_id, params={"expand": ["refunds"]}).to_dict()
        refunds = charge.get("refunds") or {}
        if refunds.get("has_more"):
            listed = client.v1.refunds.list(params={"charge": charge_id, "limit": 100})
            refunds["data"] = [refund.to_dict() for refund in listed.auto_paging_iter()]
            refunds["has_more"] = False
        return charge


def refund_retrieve(refund_id: str) -> dict[str, Any]:
    """Stripe's refund by its id (its status, amount, metadata): what tells of a refund
    whose charge Stripe refuses to read."""
    client = _client("refund_retrieve")
    with _stripe_errors_translated():
        return client.v1.refunds.retrieve(refund_id).to_dict()


def payment_intent_cancel(payment_intent_id: str, *, idempotency_key: str) -> dict[str, Any]:
    client = _client("payment_intent_cancel")
    with _stripe_errors_translated():
        return client.v1.payment_intents.cancel(
            payment_intent_id, options={"idempotency_key": idempotency_key}
        ).to_dict()


def customer_create(*, email: str, user_id: int, idempotency_key: str) -> str:
    client = _client("customer_create")
    with _stripe_errors_translated():
        customer = client.v1.customers.create(
            params={"email": email, "metadata": {"user_id": str(user_id)}},
            options={"idempotency_key": idempotency_key},
        )
    return customer.id


def customer_exists(customer_id: str) -> bool:
    """False when Stripe has no such customer or it was deleted (Stripe keeps a stub)."""
    client = _client("customer_retrieve")
    try:
        with _stripe_errors_translated():
            customer = client.v1.customers.retrieve(customer_id).to_dict()
    except ResourceMissing:
        return False
    return not customer.get("deleted")


def customer_delete(customer_id: str) -> None:
    """Delete the customer at Stripe (its email, name, cards); one already gone is fine."""
    client = _client("customer_delete")
    try:
        with _stripe_errors_translated():
            client.v1.customers.delete(customer_id)
    except ResourceMissing:
        return


def setup_intent_create(*, customer_id: str) -> str:
    """A SetupIntent for the card form; returns its client secret (never log it)."""
    client = _client("setup_intent_create")
    with _stripe_errors_translated():
        setup_intent = client.v1.setup_intents.create(
            params={"customer": customer_id, "payment_method_types": ["card"]}
        )
    return setup_intent.client_secret


def refund_create(
    *, payment_intent_id: str, amount: int, metadata: dict[str, str], idempotency_key: str
) -> dict[str, Any]:
    client = _client("refund_create")
    with _stripe_errors_translated():
        refund = client.v1.refunds.create(
            params={"payment_intent": payment_intent_id, "amount": amount, "metadata": metadata},
            options={"idempotency_key": idempotency_key},
        )
    return refund.to_dict()


def webhook_signature_refusal(
    *, payload: bytes, signature: str, secret: str, tolerance: int
) -> str:
    """Why `signature` (the Stripe-Signature header) is refused for `payload`: "" when it
    signs it with `secret`, made no longer than `tolerance` seconds ago. Signed right but
    too old (or dated ahead) is told apart: a server clock adrift refuses every event, and
    its operator should not go looking at the secret (outside probe DQ-3)."""
    if not signature.isascii():  # Stripe's check fails on it (outside probe DT-2: a 500)
        return "signature missing or wrong"
    try:
        stripe.WebhookSignature.verify_header(payload, signature, secret, tolerance)
    except stripe.SignatureVerificationError as exc:
        if str(exc).startswith("Timestamp outside the tolerance zone"):
            return _clock_words(tolerance)
        return "signature missing or wrong"
    except UnicodeDecodeError:
        return "signature missing or wrong"
    if _signed_at(signature) > time.time() + tolerance:
        # Stripe's check refuses only events signed too long ago (outside probe EG-2: a day
        # ahead was taken).
        return _clock_words(tolerance)
    return ""


def _signed_at(signature: str) -> int:
    """The header's `t=` timestamp (verified with it: well-formed)."""
    pairs = (item.split("=", 1) for item in signature.split(","))
    return int(next(value for key, value in pairs if key.strip() == "t"))


def _clock_words(tolerance: int) -> str:
    return (
        f"signed right but dated more than {tolerance} s away from this server's clock (is the "
        "clock right?)"
    )
