"""A dispute of a duplicate charge (the customer's bank contests the second charge of an
order paid once): the order keeps its access whatever the outcome, and staff are told."""

import pytest

from payments.tests.helpers import reload
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
