"""What one `payment_intent.succeeded` event costs in SQL statements, through the real
webhook endpoint in its own request transaction, as gunicorn serves it (issue 13's budget:
dj-stripe's bookkeeping, the context, locks, history and jobs included)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from morpheus.db_context import system_scope
from morpheus_testing.factories import PaymentFactory, create_order
from morpheus_testing.stripe_signing import build_event
from orders.models import Order
from orders.transitions import OrderStatus
from payments.models import PaymentStatus

pytestmark = pytest.mark.django_db(transaction=True)

# Issue 13's goal is 12. Today: BEGIN, the context (one statement), dj-stripe's endpoint
# read and its event + trigger insert, the payment and order lock, the payment update, the
# audit context, the status update, the invoice (one statement), the jobs, COMMIT.
STATEMENT_BUDGET = 11


def _processing_payment(number: int):
    order = create_order(status=OrderStatus.PROCESSING)
    return PaymentFactory(
        order=order,
        stripe_payment_intent_id=f"pi_budget_{number}",
        status=PaymentStatus.PROCESSING,
    )


def _succeeded(payment) -> dict:
    return build_event(
        "payment_intent.succeeded",
        {
            "id": payment.stripe_payment_intent_id,
            "object": "payment_intent",
            "status": "succeeded",
            "amount": payment.amount,
            "currency": payment.currency.lower(),
            "latest_charge": f"ch_{payment.stripe_payment_intent_id}",
            "metadata": {"order_number": payment.order.number, "attempt": str(payment.attempt)},
        },
    )


def _send(client: Client, stripe_webhook, payment) -> list[str]:
    payload, signature = stripe_webhook.signed(_succeeded(payment))
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            stripe_webhook.path,
            data=payload,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=signature,
        )
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_one_succeeded_event_costs_at_most_the_statement_budget(stripe_webhook):
    client = Client()
    # A process's first event learns which account owns the API key (dj-stripe asks once).
    _send(client, stripe_webhook, _processing_payment(1))
    payment = _processing_payment(2)

    statements = _send(client, stripe_webhook, payment)

    assert len(statements) <= STATEMENT_BUDGET, "\n\n".join(map(str, statements))
    with system_scope():
        assert Order.objects.get(pk=payment.order_id).status == OrderStatus.PAID
        payment.refresh_from_db()
    assert (payment.status, payment.stripe_charge_id) == (PaymentStatus.SUCCEEDED, "ch_pi_budget_2")
