"""Stripe's `refund.updated` and `refund.failed` (sent for every refund from API version
2024-10-28; `charge.refund.updated` only for some payment methods), which nothing handled:
on an account sending only those, a refund Stripe failed, before or after paying it, or paid
after answering `pending`, waited for reconciliation's read of the charge. Each is applied
as `charge.refund.updated` is: once, whichever of them comes first, however often."""

import logging
from pathlib import Path

import pytest

from morpheus.db_context import system_scope
from morpheus_testing.stripe_signing import build_event
from orders.transitions import OrderStatus
from payments.models import RefundStatus
from payments.tests.helpers import reload
from payments.tests.test_duplicates import stripe_answers_pending
from payments.tests.test_refunds import PRICE, STAFF, credit_notes
from payments.tests.test_refunds_failed_after_success import (
    CARD_CLOSED,
    came_back_flag,
    emails,
    paid_back,
    refund_rows_history,
)
from payments.tests.test_refunds_failed_at_stripe import (
    refund_json,
    stripe_ends,
    under_way,
)
from payments.tests.test_refunds_unanswered import failed_flag, reconcile
from payments.webhooks.handlers import HANDLED_EVENTS

pytestmark = pytest.mark.django_db
__all__ = ["paid_back", "stripe_answers_pending", "under_way"]
HANDLERS = "payments.webhooks.handlers"
README = Path(__file__).resolve().parents[2] / "README.md"


def deliveries(kind: str, refund: dict, first: str) -> list[dict]:
    """Stripe's `kind` event of `refund` and its `charge.refund.updated`, `first` of them
    first, each delivered twice, and `kind`'s sent again under another event id."""
    new = build_event(kind, refund)
    old = build_event("charge.refund.updated", refund)
    one, other = (new, old) if first == "new" else (old, new)
    return [one, one, other, other, {**new, "id": new["id"] + "_again"}]


def send_all(send_event, events: list[dict], caplog) -> None:
    with caplog.at_level(logging.INFO, logger=HANDLERS):
        for event in events:
            assert send_event(event).status_code == 200


def test_the_readme_names_every_event_the_shop_acts_on_for_its_webhook_setup():
    """The events to give Stripe for the webhook: an account sending only some never told
    the shop of the others (`refund.*`, say)."""
    setup = README.read_text().split("give Stripe the URL it prints")[-1].split("\n\n")[0]
    assert "refund.failed" in HANDLED_EVENTS
    assert [kind for kind in HANDLED_EVENTS if f"`{kind}`" not in setup] == []


@pytest.mark.parametrize("first", ["new", "charge-refund-updated"])
@pytest.mark.parametrize("kind", ["refund.failed", "refund.updated"])
def test_a_paid_refund_a_refund_event_reports_failed_is_taken_back_once(
    paid_back, send_event, caplog, kind, first
):
    """The customer's bank sent the money back: on an account sending only `refund.*`,
    the order stayed refunded and the customer unpaid. A `refund.updated` of its success,
    read before the failure and delivered after it, does not bring it back."""
    order, _, refunded = paid_back
    row = refunded(PRICE)
    old_success = refund_json(row)
    stripe_ends(row, "failed")
    failed = refund_json(row, failure_reason=CARD_CLOSED)

    send_all(
        send_event,
        [*deliveries(kind, failed, first), build_event("refund.updated", old_success)],
        caplog,
    )
    reconcile()

    assert f"applied {kind}" in caplog.text
    row.refresh_from_db()
    why = f"Stripe's refund {row.stripe_refund_id} failed: {CARD_CLOSED}"
    assert (row.status, row.failure_message) == (RefundStatus.FAILED, why)
    order = reload(order)
    assert (order.refunded_amount, order.status) == (0, OrderStatus.FULFILLED)
    assert order.flagged_reason == came_back_flag("4.99", why)
    assert refund_rows_history(order) == [("pending", STAFF), ("failed", "stripe:refund-refused")]
    assert credit_notes(order) == [(PRICE, row.stripe_refund_id)]
    assert len(emails("refund_failed")) == 1


@pytest.mark.parametrize("first", ["new", "charge-refund-updated"])
@pytest.mark.parametrize("kind", ["refund.failed", "refund.updated"])
def test_a_pending_refund_a_refund_event_reports_failed_fails_once_as_a_refusal_does(
    under_way, send_event, caplog, kind, first
):
    """Stripe answered `pending`, then failed it: the refund stayed "under way", the
    customer's links stopped, until reconciliation read the charge."""
    order, _, row = under_way
    stripe_ends(row, "failed")
    failed = refund_json(row, failure_reason="lost_or_stolen_card")
    stale = build_event("refund.updated", refund_json(row, status="pending"))

    send_all(send_event, [*deliveries(kind, failed, first), stale], caplog)

    assert f"applied {kind}" in caplog.text
    row.refresh_from_db()
    why = f"Stripe's refund {row.stripe_refund_id} failed: lost_or_stolen_card"
    assert (row.status, row.failure_message) == (RefundStatus.FAILED, why)
    reconcile()
    order = reload(order)
    assert (order.refunded_amount, order.refund_pending_amount) == (0, 0)
    assert order.flagged_reason == failed_flag("4.99", why)
    assert refund_rows_history(order) == [("pending", STAFF), ("failed", "stripe:refund-refused")]
    assert emails("refund_failed") == []  # the customer was never told of it


@pytest.mark.parametrize("first", ["new", "charge-refund-updated"])
def test_a_pending_refund_refund_updated_reports_paid_is_confirmed_once(
    under_way, send_event, caplog, first
):
    order, _, row = under_way
    stripe_ends(row, "succeeded")

    send_all(send_event, deliveries("refund.updated", refund_json(row), first), caplog)

    assert "applied refund.updated" in caplog.text
    row.refresh_from_db()
    assert row.status == RefundStatus.SUCCEEDED
    reconcile()
    order = reload(order)
    assert (order.refunded_amount, order.refund_pending_amount, order.status) == (
        PRICE,
        0,
        OrderStatus.REFUNDED,
    )
    assert credit_notes(order) == [(PRICE, row.stripe_refund_id)]
    assert len(emails("refund_issued")) == 1
    with system_scope():
        assert order.events.filter(data__previously=0).count() == 1
