"""A dispute of a duplicate charge (the customer's bank contests the second charge of an
order paid once): the order keeps its access whatever the outcome, and staff are told."""

import pytest

from morpheus.db_context import system_scope
from morpheus_testing.stripe_signing import build_event
from orders.services import order_transition
from payments.tests.helpers import intent_json, reload, started_payment
from payments.tests.test_disputes import dispute_history, dispute_row, send_dispute
from payments.tests.test_duplicates import assert_order_untouched, charged_twice  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("outcome", ["lost", "won"])
def test_a_dispute_of_the_duplicate_charge_leaves_the_order_its_access(
    charged_twice,  # noqa: F811
    send_event,
    client,
    outcome,
):
    order, duplicate, paid_by = charged_twice

    send_dispute(send_event, duplicate, "charge.dispute.created", "needs_response")
    send_dispute(send_event, duplicate, "charge.dispute.created", "needs_response")
    while_open = reload(order)
    send_dispute(send_event, duplicate, "charge.dispute.closed", outcome)
    send_dispute(send_event, duplicate, "charge.dispute.closed", outcome)

    assert dispute_row().payment_id == duplicate.pk != paid_by.pk
    assert dispute_row().status == outcome
    assert while_open.disputed_at is None
    assert while_open.flagged_reason.count("opened on a duplicate charge") == 1
    assert_order_untouched(order, client)
    closed = reload(order)
    assert closed.disputed_at is None
    assert "opened on a duplicate charge" not in closed.flagged_reason
    assert dispute_history(closed) == [outcome]


def test_a_dispute_of_a_charge_after_the_cancel_says_the_order_stays_canceled(
    stripe_webhook, send_event
):
    """Outside probe EG-4: "the order keeps its access", of an order canceled before the
    charge went through, which never had any."""
    order, payment = started_payment()
    with system_scope():
        order_transition(name="cancel", order=order, actor="staff:support", reason="Asked to")
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))

    send_dispute(send_event, reload_payment(payment), "charge.dispute.created", "needs_response")

    flagged = reload(order).flagged_reason
    assert "opened on a duplicate charge (fraudulent): the order stays canceled." in flagged
    assert "keeps its access" not in flagged


def reload_payment(payment):
    with system_scope():
        payment.refresh_from_db()
    return payment
