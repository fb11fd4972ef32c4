"""Helpers for payment tests: talk to localstripe over plain HTTP, read an order's history."""

import json
import urllib.parse
import urllib.request
from typing import Any

from django.conf import settings
from django.db import connection

from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicAssetFactory, create_order
from morpheus_testing.jobs import run_queued_jobs
from morpheus_testing.stripe_fixtures import TEST_PUBLISHABLE_KEY
from orders.models import Order
from payments.intents import DisputeState
from payments.models import Payment, PaymentStatus
from payments.services import payment_start
from payments.services.disputes import DisputeEvent, dispute_apply

VISA = "pm_card_visa"
DECLINED_CARD = "4000000000000341"
THREE_D_SECURE_CARD = "4000002500003155"


def _form(data: dict[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    pairs = []
    for key, value in data.items():
        name = f"{prefix}[{key}]" if prefix else key
        if isinstance(value, dict):
            pairs += _form(value, name)
        else:
            pairs.append((name, str(value)))
    return pairs


def localstripe_call(method: str, path: str, data: dict[str, Any] | None = None) -> dict:
    request = urllib.request.Request(  # noqa: S310 (localstripe on 127.0.0.1)
        settings.STRIPE_API_BASE + path,
        data=urllib.parse.urlencode(_form(data)).encode() if data is not None else None,
        headers={"Authorization": f"Bearer {settings.STRIPE_SECRET_KEY}"},
        method=method,
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.loads(response.read())


def pass_3d_secure(payment_intent_id: str, client_secret: str, *, passed: bool = True) -> dict:
    """The customer passes (or fails) the PaymentIntent's 3-D Secure, as localstripe's page
    would."""
    return localstripe_call(
        "POST",
        f"/v1/payment_intents/{payment_intent_id}/_authenticate",
        {
            "key": TEST_PUBLISHABLE_KEY,
            "client_secret": client_secret,
            "success": "true" if passed else "false",
        },
    )


def card_payment_method(number: str) -> str:
    card = {"number": number, "exp_month": 12, "exp_year": 2034, "cvc": "123"}
    return localstripe_call("POST", "/v1/payment_methods", {"type": "card", "card": card})["id"]


def intent_json(payment: Payment) -> dict:
    return localstripe_call("GET", f"/v1/payment_intents/{payment.stripe_payment_intent_id}")


# Refusals of a refund as Stripe answers them: HTTP status and Stripe's error object
# (https://docs.stripe.com/api/errors), which the stand-in sends when told (`stripe_refuses`).
CARD_DECLINED = (
    402,
    {
        "type": "card_error",
        "code": "card_declined",
        "decline_code": "generic_decline",
        "message": "Your card was declined.",
        "doc_url": "https://stripe.com/docs/error-codes/card-declined",
    },
)


# Stripe's answer when its own servers fail (HTTP 500): the request may have been applied.
STRIPE_API_ERROR = {"type": "api_error", "message": "An unknown error occurred"}


def charge_disputed(charge_id: str) -> tuple[int, dict[str, str]]:
    return 400, {
        "type": "invalid_request_error",
        "code": "charge_disputed",
        "message": f"Charge {charge_id} has been charged back; cannot issue a refund.",
        "doc_url": "https://stripe.com/docs/error-codes/charge-disputed",
    }


def intent_missing(intent_id: str, param: str = "intent") -> tuple[int, dict[str, str]]:
    """Stripe's answer naming a PaymentIntent it does not know."""
    return 404, {
        "type": "invalid_request_error",
        "code": "resource_missing",
        "param": param,
        "message": f"No such payment_intent: '{intent_id}'",
        "doc_url": "https://stripe.com/docs/error-codes/resource-missing",
    }


def stripe_forgets_intent(localstripe, intent_id: str, *, charge_id: str = "") -> None:
    """Stripe no longer knows the PaymentIntent (localstripe restarted, say): reading or
    canceling it answers Stripe's 404, and so does refunding `charge_id` when given."""
    http_status, error = intent_missing(intent_id)
    for method, path in (("GET", ""), ("POST", "/cancel")):
        path = f"/v1/payment_intents/{intent_id}{path}"
        localstripe.requests_fail(method, path, http_status=http_status, error=error)
    if charge_id:
        http_status, error = intent_missing(intent_id, param="payment_intent")
        localstripe.refunds_answer(charge=charge_id, http_status=http_status, error=error)


def stripe_refuses(localstripe, refusal: tuple[int, dict[str, str]]) -> None:
    """Stripe refuses the refunds asked from now on (until `localstripe.refunds_as_usual()`)."""
    http_status, error = refusal
    localstripe.refunds_answer(http_status=http_status, error=error)


def stripe_refund_ends(stripe_refund_id: str, status: str, failure_reason: str = "") -> None:
    """Stripe's refund ends `status`, failed with `failure_reason` when given."""
    ending = {"status": status} | ({"failure_reason": failure_reason} if failure_reason else {})
    localstripe_call("POST", f"/v1/refunds/{stripe_refund_id}", ending)


def stripe_pays_refund(stripe_refund_id: str) -> None:
    """The refund Stripe answered `pending` is paid: Stripe's refund ends `succeeded`."""
    stripe_refund_ends(stripe_refund_id, "succeeded")


def charge_json(payment: Payment) -> dict:
    intent = intent_json(payment)
    charge = intent["latest_charge"]
    charge_id = charge["id"] if isinstance(charge, dict) else charge
    return localstripe_call("GET", f"/v1/charges/{charge_id}")


STRIPE_JOBS = (
    "payments.tasks.send_payment_intent",
    "payments.tasks.send_refund",
    "payments.tasks.send_duplicate_refund",
    "payments.tasks.cancel_payment_intent",
)


def run_stripe_jobs() -> list[str]:
    """Run the queued jobs that call Stripe, as a worker would once their transaction
    committed (other apps' jobs stay queued)."""
    return run_queued_jobs(names=STRIPE_JOBS)


def started_payment(*, payment_method_id=VISA, order=None):
    """An order in processing whose PaymentIntent exists at localstripe (no webhook yet)."""
    order = order or create_order(comics=[ComicAssetFactory().comic])
    payment = payment_start(order=order, actor="customer:test", payment_method_id=payment_method_id)
    run_stripe_jobs()
    payment.refresh_from_db()
    order.refresh_from_db()
    return order, payment


def charged_twice_at_stripe():
    """Attempt 1 waits for 3-D Secure in one tab; in another tab the customer pays with
    another card (attempt 2), then passes attempt 1's 3-D Secure before its cancel reached
    Stripe: both PaymentIntents succeed at localstripe, no webhook processed yet."""
    order = create_order(comics=[ComicAssetFactory().comic])
    waiting_card = card_payment_method(THREE_D_SECURE_CARD)
    with system_scope():
        first = payment_start(order=order, actor="customer:test", payment_method_id=waiting_card)
    run_queued_jobs(names=["payments.tasks.send_payment_intent"])
    with system_scope():
        first.refresh_from_db()
        assert first.status == PaymentStatus.REQUIRES_ACTION
        second = payment_start(order=order, actor="customer:test", payment_method_id=VISA)
    # Only the PaymentIntents: the first attempt's cancel job has not run yet.
    run_queued_jobs(names=["payments.tasks.send_payment_intent"])
    with system_scope():
        second.refresh_from_db()
    pass_3d_secure(first.stripe_payment_intent_id, intent_json(first)["client_secret"])
    assert intent_json(first)["status"] == intent_json(second)["status"] == "succeeded"
    return order, first, second


def issue_download_links(order: Order) -> None:
    """What the fulfilment job does for a paid order (the job queue is delivery's to test)."""
    from delivery.services import download_links_fulfil

    with system_scope():
        download_links_fulfil(order_id=order.pk, actor="test:fulfilment")


def history(order: Order) -> list[tuple[str, str, str]]:
    with system_scope():
        return [(e.type, e.from_status, e.to_status) for e in order.events.all()]


def status_changes(order: Order) -> list[tuple[str, str]]:
    return [(f, t) for kind, f, t in history(order) if kind == "status_changed"]


def reload(order: Order) -> Order:
    with system_scope():
        return Order.objects.get(pk=order.pk)


def count_rows(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (test constant)
        return cursor.fetchone()[0]


def dispute_told(
    order: Order,
    status: str,
    amount: int,
    *,
    dispute_id: str = "dp_test",
    event: DisputeEvent = DisputeEvent.CLOSED,
) -> None:
    """Stripe tells of a dispute of the payment that paid the order (`event`, `status`)."""
    with system_scope():
        dispute_apply(
            dispute=DisputeState(
                id=dispute_id,
                charge_id="",
                payment_intent_id=order.payments.get().stripe_payment_intent_id,
                status=status,
                reason="fraudulent",
                amount=amount,
                currency=order.currency,
                evidence_due_by=None,
            ),
            event=event,
            actor="stripe",
        )
