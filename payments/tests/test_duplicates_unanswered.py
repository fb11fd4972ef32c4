"""A duplicate charge's refund Stripe never answered about: its job's last attempt found
Stripe out of reach, or a worker killed during it left the job to the stalled-job
recovery. Against localstripe."""

from datetime import timedelta

import pytest

from morpheus.stalled_jobs import stalled_jobs_retry
from morpheus_testing.jobs import as_worker, jobs_killed_at_their_last_attempt, run_task
from payments import stripe_client
from payments.models import DuplicateStatus
from payments.services import duplicate_payment_refund, payments_reconcile
from payments.tasks import STRIPE_RETRY, send_duplicate_refund
from payments.tests.helpers import charge_json, run_stripe_jobs
from payments.tests.test_duplicates import STAFF, charged_twice, duplicate_events, duplicate_of
from payments.tests.test_refunds import UNREACHABLE

pytestmark = pytest.mark.django_db
__all__ = ["charged_twice"]


def test_a_duplicate_refund_stripe_cannot_be_reached_for_by_the_last_attempt_fails_and_pays_once(
    charged_twice, stripe_settings
):
    """Its request reached Stripe, which refunded, but no answer came back by the last
    attempt: the request fails (it stayed pending for ever, not to be asked again), and
    asked again it pays nothing more."""
    order, first, _ = charged_twice
    duplicate_payment_refund(payment=first, actor=STAFF, reason="Charged twice")
    asked = duplicate_of(first)
    stripe_client.refund_create(
        payment_intent_id=first.stripe_payment_intent_id,
        amount=asked.amount,
        metadata={"order_number": order.number, "duplicate_payment_id": str(first.pk)},
        idempotency_key=asked.idempotency_key,
    )
    reachable, stripe_settings.STRIPE_API_BASE = stripe_settings.STRIPE_API_BASE, UNREACHABLE

    run_task(send_duplicate_refund, attempts=STRIPE_RETRY.max_attempts, duplicate_id=asked.pk)

    failed = duplicate_of(first)
    assert (failed.status, failed.failure_message) == (
        DuplicateStatus.REFUND_FAILED,
        "Stripe could not be reached by the last attempt",
    )
    assert len(duplicate_events(order, "refund_failed")) == 1

    stripe_settings.STRIPE_API_BASE = reachable
    duplicate_payment_refund(payment=first, actor=STAFF, reason="Charged twice")
    run_stripe_jobs()

    assert duplicate_of(first).status == DuplicateStatus.REFUNDED
    assert charge_json(first)["amount_refunded"] == first.amount
    assert len(charge_json(first)["refunds"]["data"]) == 1


def test_a_duplicate_refund_whose_job_was_killed_at_its_last_attempt_fails_at_reconciliation(
    charged_twice,
):
    _, first, _ = charged_twice
    duplicate_payment_refund(payment=first, actor=STAFF, reason="Charged twice")
    jobs_killed_at_their_last_attempt(
        task=send_duplicate_refund, attempts=STRIPE_RETRY.max_attempts
    )
    with as_worker():
        (failed,) = stalled_jobs_retry().failed
    assert failed.task_name == send_duplicate_refund.name

    payments_reconcile(
        older_than=timedelta(0), expire_unpaid_after=timedelta(days=1), actor="system:test"
    )

    duplicate = duplicate_of(first)
    assert (duplicate.status, duplicate.failure_message) == (
        DuplicateStatus.REFUND_FAILED,
        "its job ended before Stripe received it",
    )
    assert charge_json(first)["amount_refunded"] == 0
