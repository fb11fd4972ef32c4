"""A duplicate charge's refund Stripe answered `pending` and then failed or canceled, against
localstripe: the charges read are as Stripe has them (`test_refunds_failed_at_stripe`)."""

import pytest

from morpheus_testing.stripe_signing import build_event
from payments.models import DuplicateStatus
from payments.services import duplicate_payment_refund
from payments.tests.helpers import (
    charge_json,
    localstripe_call,
    reload,
    run_stripe_jobs,
    stripe_pays_refund,
)
from payments.tests.test_duplicates import (
    STAFF,
    charged_twice,
    duplicate_events,
    duplicate_of,
    stripe_answers_pending,
)
from payments.tests.test_refunds_failed_at_stripe import (
    GIVEN_BACK,
    reconcile,
    stripe_ends,
    unpaid_words,
)

pytestmark = pytest.mark.django_db
__all__ = ["charged_twice", "stripe_answers_pending"]


@pytest.fixture
def under_way(charged_twice, stripe_answers_pending):
    """Staff refunded the duplicate charge; Stripe answered `pending`."""
    order, first, _ = charged_twice
    duplicate_payment_refund(payment=first, actor=STAFF, reason="Charged twice")
    run_stripe_jobs()
    asked = duplicate_of(first)
    assert (asked.status, asked.stripe_refund_id[:3]) == (DuplicateStatus.REFUND_PENDING, "re_")
    return order, first, asked


@pytest.mark.parametrize("listed", [True, False], ids=["listed", "without-list"])
def test_a_duplicate_refund_still_pending_at_stripe_is_not_taken_as_paid_back(
    under_way, send_event, listed
):
    """Stripe counts a pending refund in the charge's amount refunded from the start: the
    duplicate was marked refunded, the customer emailed, the flag's line gone, while the
    money had not moved, and it stayed so should the refund fail."""
    order, first, asked = under_way
    stripe_ends(asked, "pending")
    charge = charge_json(first)

    send_event(build_event("charge.refunded", charge if listed else {**charge, "refunds": None}))

    assert duplicate_of(first).status == DuplicateStatus.REFUND_PENDING
    assert duplicate_events(order, "refunded") == []
    assert "refund it" in reload(order).flagged_reason

    stripe_ends(asked, "succeeded")
    reconcile()

    assert duplicate_of(first).status == DuplicateStatus.REFUNDED
    assert len(duplicate_events(order, "refunded")) == 1
    assert "refund it" not in reload(order).flagged_reason


@pytest.mark.parametrize("status", GIVEN_BACK)
def test_a_duplicate_refund_the_charge_lists_failed_fails_once_and_is_sent_again_when_asked(
    under_way, send_event, status
):
    """It stayed "under way" for ever, the flag saying to refund it, which staff could not:
    the request was pending. Asked again, its new request kept the failed refund's id, so
    the job never asked Stripe for it."""
    order, first, asked = under_way
    stripe_ends(asked, status)

    charge = charge_json(first)
    send_event(build_event("charge.refunded", charge))
    send_event(build_event("charge.refunded", charge))
    reconcile()

    failed = duplicate_of(first)
    assert (failed.status, failed.failure_message) == (
        DuplicateStatus.REFUND_FAILED,
        unpaid_words(asked, status),
    )
    assert len(duplicate_events(order, "refund_failed")) == 1
    assert "refund it" in reload(order).flagged_reason

    duplicate_payment_refund(payment=first, actor=STAFF, reason="Charged twice, again")
    run_stripe_jobs()
    again = duplicate_of(first)
    assert again.stripe_refund_id not in (None, asked.stripe_refund_id)
    stripe_pays_refund(again.stripe_refund_id)
    reconcile()

    assert duplicate_of(first).status == DuplicateStatus.REFUNDED
    [refunded] = duplicate_events(order, "refunded")
    assert refunded.data["stripe_refund_id"] == again.stripe_refund_id
    assert "refund it" not in reload(order).flagged_reason


def test_a_duplicate_refund_stripe_fails_after_answering_pending_fails_once_by_its_update(
    under_way, send_event
):
    """Stripe tells of it with `charge.refund.updated`, which nothing handled."""
    order, first, asked = under_way
    stripe_ends(asked, "failed")
    updated = localstripe_call("GET", f"/v1/refunds/{asked.stripe_refund_id}")
    updated = {**updated, "failure_reason": "expired_or_canceled_card"}

    send_event(build_event("charge.refund.updated", updated))
    send_event(build_event("charge.refund.updated", updated))

    failed = duplicate_of(first)
    assert (failed.status, failed.failure_message) == (
        DuplicateStatus.REFUND_FAILED,
        f"Stripe's refund {asked.stripe_refund_id} failed: expired_or_canceled_card",
    )
    reconcile()
    assert len(duplicate_events(order, "refund_failed")) == 1
    assert "refund it" in reload(order).flagged_reason


def test_a_duplicate_refund_stripe_reports_paid_by_its_update_is_confirmed_once(
    under_way, send_event
):
    """`charge.refund.updated` of its success "confirmed nothing", the duplicate waiting for
    reconciliation's read; the order's own refunds and total are not the duplicate's."""
    order, first, asked = under_way
    stripe_pays_refund(asked.stripe_refund_id)
    paid = build_event(
        "charge.refund.updated", localstripe_call("GET", f"/v1/refunds/{asked.stripe_refund_id}")
    )

    assert send_event(paid).status_code == 200

    assert duplicate_of(first).status == DuplicateStatus.REFUNDED
    send_event(paid)
    send_event(build_event("charge.refunded", charge_json(first)))
    reconcile()
    [refunded] = duplicate_events(order, "refunded")
    assert refunded.data["stripe_refund_id"] == asked.stripe_refund_id
    order = reload(order)
    assert (order.refunded_amount, order.refunds.count()) == (0, 0)
    assert "refund it" not in order.flagged_reason
