"""The webhook's front door: size limit, our own signature check, no secret override."""

import hashlib
import json
import logging

import pytest
from djstripe.models import Event, WebhookEventTrigger

from morpheus_testing.stripe_signing import build_event, sign_payload
from orders.transitions import OrderStatus
from payments.tests.helpers import reload, started_payment

pytestmark = pytest.mark.django_db

ATTACKER_SECRET = "whsec_attacker_chosen"


@pytest.fixture
def started(stripe_webhook):
    return started_payment()


def succeeded(payment) -> bytes:
    intent = {
        "id": payment.stripe_payment_intent_id,
        "object": "payment_intent",
        "status": "succeeded",
        "amount": payment.amount,
        "currency": payment.currency.lower(),
        "metadata": {"order_number": payment.order.number, "attempt": str(payment.attempt)},
    }
    return json.dumps(build_event("payment_intent.succeeded", intent)).encode()


def post(client, path: str, body: bytes, signature: str, **headers):
    return client.post(
        path, data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature, **headers
    )


def refusals(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "payments.webhooks.ingress"]


def test_a_body_over_the_limit_is_refused_unread_and_nothing_is_stored(
    client, stripe_webhook, caplog
):
    body = b'{"id": "evt_big", "livemode": false, "pad": "' + b"x" * 2_000_000 + b'"}'
    response = post(client, stripe_webhook.path, body, "t=1,v1=garbage")

    assert response.status_code == 413
    assert not WebhookEventTrigger.objects.exists()
    (record,) = refusals(caplog)
    assert (record.levelno, record.exc_info) == (logging.WARNING, None)
    assert record.body_bytes == len(body)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize("length", ["1e3", "abc", "1" * 5_000])
def test_a_content_length_that_is_not_a_number_is_refused_as_a_client_mistake(
    client, stripe_webhook, caplog, length
):
    """Found by an outside probe: Django's reading of the body failed with a 500 and an
    ERROR traceback anyone could write."""
    response = post(client, stripe_webhook.path, b"{}", "t=1,v1=00", CONTENT_LENGTH=length)

    assert response.status_code == 400
    assert not WebhookEventTrigger.objects.exists()
    (record,) = refusals(caplog)
    assert (record.levelno, record.exc_info) == (logging.WARNING, None)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def post_with_the_attackers_secret_header(client, path: str, payment, *, signed_with: str):
    """`payment`'s succeeded event signed with `signed_with`, naming the attacker's secret in
    dj-stripe's secret header."""
    body = succeeded(payment)
    return post(
        client,
        path,
        body,
        sign_payload(body, signed_with),
        HTTP_X_DJSTRIPE_WEBHOOK_SECRET=ATTACKER_SECRET,
    )


def test_a_bad_signature_stores_nothing_and_logs_only_size_and_hash(client, stripe_webhook, caplog):
    body = b'{"id": "evt_forged", "livemode": false, "secret_looking": "4242424242424242"}'
    response = post(client, stripe_webhook.path, body, "t=1,v1=garbage")

    assert response.status_code == 400
    assert not WebhookEventTrigger.objects.exists()
    (record,) = refusals(caplog)
    assert record.levelno == logging.WARNING and record.exc_info is None
    assert (record.body_bytes, record.body_sha256) == (len(body), hashlib.sha256(body).hexdigest())
    assert "4242424242424242" not in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_an_event_signed_with_a_secret_of_ones_own_is_refused_even_in_debug(
    started, client, stripe_webhook, settings
):
    settings.DEBUG = True
    order, payment = started
    response = post_with_the_attackers_secret_header(
        client, stripe_webhook.path, payment, signed_with=ATTACKER_SECRET
    )

    assert response.status_code == 400
    assert reload(order).status == OrderStatus.PROCESSING
    assert not Event.objects.exists()


def test_a_genuine_event_is_processed_whatever_secret_header_comes_with_it(
    started, client, stripe_webhook, settings
):
    settings.DEBUG = True
    order, payment = started
    response = post_with_the_attackers_secret_header(
        client, stripe_webhook.path, payment, signed_with=stripe_webhook.secret
    )

    assert response.status_code == 200
    assert reload(order).status == OrderStatus.PAID
    (trigger,) = WebhookEventTrigger.objects.all()
    assert "x-djstripe-webhook-secret" not in {name.lower() for name in trigger.headers}


def test_the_limit_is_a_setting(client, stripe_webhook, settings):
    settings.STRIPE_WEBHOOK_MAX_BYTES = 100
    body = json.dumps(build_event("customer.created", {"id": "cus_1", "pad": "x" * 200})).encode()
    response = post(client, stripe_webhook.path, body, sign_payload(body, stripe_webhook.secret))

    assert response.status_code == 413


def test_an_unknown_endpoint_is_not_found_and_nothing_is_stored(client, stripe_webhook, started):
    order, payment = started
    body = succeeded(payment)
    unknown = "/stripe/webhook/00000000-0000-4000-8000-000000000000/"

    response = post(client, unknown, body, sign_payload(body, stripe_webhook.secret))

    assert response.status_code == 404
    assert not WebhookEventTrigger.objects.exists() and not Event.objects.exists()
    assert reload(order).status == OrderStatus.PROCESSING
