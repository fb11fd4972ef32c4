"""A duplicate charge's refund Stripe never answered about: its job's last attempt found
Stripe out of reach, or a worker killed during it left the job to the stalled-job
recovery. Against localstripe."""

from datetime import timedelta

import pytest

from morpheus.db_context import system_scope
from morpheus.stalled_jobs import stalled_jobs_retry
from morpheus_testing.jobs import as_worker, jobs_killed_at_their_last_attempt, run_task
from payments import stripe_client
from payments.models import DuplicatePayment, DuplicateStatus, Payment
from payments.services import duplicate_payment_refund, payments_reconcile
from payments.tasks import STRIPE_RETRY, send_duplicate_refund
from payments.tests.helpers import charge_json, reload, run_stripe_jobs, stripe_pays_refund
from payments.tests.test_duplicates import (
    STAFF,
    charged_twice,
    duplicate_events,
    duplicate_of,
    stripe_answers_pending,
)
from payments.tests.test_refunds import UNREACHABLE

pytestmark = pytest.mark.django_db
__all__ = ["charged_twice", "stripe_answers_pending"]


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


def reconcile() -> None:
    payments_reconcile(
        older_than=timedelta(0), expire_unpaid_after=timedelta(days=1), actor="system:test"
    )


def charge_forgotten(payment: Payment) -> None:
    """Stripe refuses to read the charge (localstripe forgot it at a restart)."""
    with system_scope():
        Payment.objects.filter(pk=payment.pk).update(stripe_charge_id="ch_forgotten")


def test_a_duplicate_refund_stripe_took_is_confirmed_by_its_own_id_when_its_charge_is_unreadable(
    charged_twice, stripe_answers_pending
):
    """Left from outside probe BH (BH-12): a duplicate's refund Stripe answered `pending`
    stayed "under way" for ever once Stripe refused to read its charge, the order flagged
    "refund it" all along."""
    order, first, _ = charged_twice
    duplicate_payment_refund(payment=first, actor=STAFF, reason="Charged twice")
    run_stripe_jobs()
    asked = duplicate_of(first)
    assert (asked.status, asked.stripe_refund_id.startswith("re_")) == (
        DuplicateStatus.REFUND_PENDING,
        True,
    )
    stripe_pays_refund(asked.stripe_refund_id)
    charge_forgotten(first)

    reconcile()
    reconcile()

    assert duplicate_of(first).status == DuplicateStatus.REFUNDED
    [refunded] = duplicate_events(order, "refunded")
    assert (refunded.actor, refunded.reason, refunded.data["stripe_refund_id"]) == (
        STAFF,
        "Charged twice",
        asked.stripe_refund_id,
    )
    assert reload(order).flagged_reason == ""


@pytest.mark.parametrize("given_an_id", [True, False], ids=["stripe-id", "no-stripe-id"])
def test_a_duplicate_refund_fails_once_its_job_ended_when_stripe_can_read_nothing_of_it(
    charged_twice, given_an_id
):
    """Left from outside probe BH (BH-12): reconciliation counted an error every 10 minutes,
    the duplicate's refund "under way" for ever."""
    order, first, _ = charged_twice
    duplicate_payment_refund(payment=first, actor=STAFF, reason="Charged twice")
    with system_scope():
        if given_an_id:  # the job's run remembered Stripe's answer
            DuplicatePayment.objects.filter(payment=first).update(stripe_refund_id="re_forgotten")
    charge_forgotten(first)

    reconcile()  # its job still waits: it may yet read it
    assert duplicate_of(first).status == DuplicateStatus.REFUND_PENDING

    jobs_killed_at_their_last_attempt(
        task=send_duplicate_refund, attempts=STRIPE_RETRY.max_attempts
    )
    with as_worker():
        stalled_jobs_retry()
    reconcile()

    failed = duplicate_of(first)
    refused = "and its refund re_forgotten" if given_an_id else ""
    assert failed.status == DuplicateStatus.REFUND_FAILED
    assert failed.failure_message.startswith(
        f"its job ended, and Stripe refuses to read its charge {refused}".rstrip() + ": "
    )
    assert len(duplicate_events(order, "refund_failed")) == 1
    assert reload(order).flagged_reason.startswith(f"Payment {first.stripe_payment_intent_id} of ")
    reconcile()
    assert len(duplicate_events(order, "refund_failed")) == 1
