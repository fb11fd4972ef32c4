"""Refunds Stripe never answered about: their job's last attempt found Stripe out of reach,
or a worker killed during it left the job to the stalled-job recovery. Against localstripe."""

import json
import logging
from datetime import timedelta

import pytest

from morpheus.db_context import system_scope
from morpheus.job_actions import JobAction, jobs_change
from morpheus.stalled_jobs import stalled_jobs_retry
from morpheus_testing.jobs import (
    as_worker,
    jobs_killed_at_their_last_attempt,
    queued_jobs,
    run_queued_jobs,
    run_task,
)
from morpheus_testing.stripe_signing import build_event
from payments.errors import PaymentProviderUnreachable
from payments.models import Payment, Refund, RefundStatus
from payments.selectors import STRIPE_UNANSWERED, refund_failures_flagged
from payments.services import payments_reconcile, refund_failures_settle
from payments.tasks import STRIPE_RETRY, send_refund
from payments.tests.helpers import (
    charge_json,
    localstripe_call,
    reload,
    run_stripe_jobs,
    stripe_pays_refund,
)
from payments.tests.test_duplicates import stripe_answers_pending
from payments.tests.test_refunds import PRICE, UNREACHABLE, active_links, request_refund

pytestmark = pytest.mark.django_db
__all__ = ["stripe_answers_pending"]
SEND_FRESH_LINKS = "delivery.tasks.send_fresh_links"


def failed_flag(amount: str, why: str) -> str:
    return (
        f"A refund failed at Stripe: {amount} EUR ({why}). Nothing was refunded: refund again, "
        "or tell the customer why not."
    )


def test_a_refund_stripe_cannot_be_reached_for_by_the_last_attempt_fails_and_gives_access_back(
    paid, stripe_settings, caplog
):
    """Outside probe BC (BC-2): the last attempt re-raised like the others; the refund
    stayed pending for ever, the order's links revoked, nothing flagged."""
    order, _ = paid
    stripe_settings.STRIPE_API_BASE = UNREACHABLE
    row = request_refund(order, PRICE)
    assert active_links(order) == 0

    with caplog.at_level(logging.WARNING), pytest.raises(PaymentProviderUnreachable):
        run_task(send_refund, attempts=0, refund_id=row.pk)
    assert "it will be sent again" in caplog.text
    row.refresh_from_db()
    assert row.status == RefundStatus.PENDING

    caplog.clear()
    with caplog.at_level(logging.WARNING):
        run_task(send_refund, attempts=STRIPE_RETRY.max_attempts, refund_id=row.pk)

    assert "retried" not in caplog.text

    assert "sent again" not in caplog.text
    assert f"Stripe unreachable for refund {row.pk} at its last attempt" in caplog.text
    row.refresh_from_db()
    assert row.status == RefundStatus.FAILED
    order = reload(order)
    assert order.refund_pending_amount == 0
    assert order.flagged_reason == failed_flag(
        "4.99", "Stripe could not be reached by the last attempt"
    )
    assert run_queued_jobs(names=[SEND_FRESH_LINKS]) == [SEND_FRESH_LINKS]
    assert active_links(order) == 1


def _job_killed_at_its_last_attempt(refund: Refund) -> None:
    """The refund's job as a SIGKILL leaves it during its last attempt: `doing`, on a worker
    whose heartbeat stopped minutes ago."""
    jobs_killed_at_their_last_attempt(
        task=send_refund, attempts=STRIPE_RETRY.max_attempts, argument="refund_id", value=refund.pk
    )


def reconcile() -> None:
    payments_reconcile(
        older_than=timedelta(0),
        expire_unpaid_after=timedelta(days=30),
        actor="system:reconcile_payments",
    )


def test_a_refund_whose_job_was_killed_at_its_last_attempt_fails_once_stripe_shows_it_never_came(
    paid, stripe_settings
):
    order, payment = paid
    reachable, stripe_settings.STRIPE_API_BASE = stripe_settings.STRIPE_API_BASE, UNREACHABLE
    killed = request_refund(order, 100, reason="First")
    waiting = request_refund(order, 200, reason="Second")
    _job_killed_at_its_last_attempt(killed)
    with as_worker():
        (failed,) = stalled_jobs_retry().failed
    assert failed.task_name == send_refund.name

    reconcile()  # Stripe still out of reach: nothing is known yet
    killed.refresh_from_db()
    assert killed.status == RefundStatus.PENDING

    stripe_settings.STRIPE_API_BASE = reachable
    reconcile()
    reconcile()

    killed.refresh_from_db()
    waiting.refresh_from_db()
    assert (killed.status, waiting.status) == (RefundStatus.FAILED, RefundStatus.PENDING)
    order = reload(order)
    assert order.refund_pending_amount == 200
    why = "its job ended before Stripe received it"
    assert order.flagged_reason == failed_flag("1.00", why)
    with system_scope():
        assert order.events.filter(reason=f"Refund failed at Stripe: {why}").count() == 1
    assert charge_json(payment)["amount_refunded"] == 0


def test_a_refund_whose_job_was_killed_after_stripe_received_it_is_confirmed_not_failed(
    paid, stripe_settings
):
    order, payment = paid
    row = request_refund(order, 100)
    localstripe_call(  # the killed run's request, which reached Stripe
        "POST",
        "/v1/refunds",
        {
            "payment_intent": payment.stripe_payment_intent_id,
            "amount": 100,
            "metadata": {"order_number": order.number, "refund_id": str(row.pk)},
        },
    )
    _job_killed_at_its_last_attempt(row)
    with as_worker():
        stalled_jobs_retry()

    reconcile()

    row.refresh_from_db()
    assert row.status == RefundStatus.SUCCEEDED
    assert (reload(order).refunded_amount, reload(order).flagged_reason) == (100, "")


def refund_given_up_after_stripe_paid_it(order, payment, stripe_settings) -> Refund:
    """A 2.00 refund whose request reached Stripe, which paid it, while its job, answered
    by no one, gave up at its last attempt: recorded here as failed."""
    given_up = request_refund(order, 200)
    localstripe_call(
        "POST",
        "/v1/refunds",
        {
            "payment_intent": payment.stripe_payment_intent_id,
            "amount": 200,
            "metadata": {"order_number": order.number, "refund_id": str(given_up.pk)},
        },
    )
    reachable, stripe_settings.STRIPE_API_BASE = stripe_settings.STRIPE_API_BASE, UNREACHABLE
    run_task(send_refund, attempts=STRIPE_RETRY.max_attempts, refund_id=given_up.pk)
    stripe_settings.STRIPE_API_BASE = reachable
    return given_up


def test_refunding_again_after_a_refund_that_reached_stripe_unanswered_pays_nothing_twice(
    paid, stripe_settings
):
    """The request of a refund whose job then gave up reached Stripe, which refunded: the
    refund asked for again finds it and is not sent."""
    order, payment = paid
    given_up = refund_given_up_after_stripe_paid_it(order, payment, stripe_settings)

    again = request_refund(reload(order), 200, reason="Refund again")
    run_stripe_jobs()

    again.refresh_from_db()
    assert again.status == RefundStatus.NOT_SENT
    assert charge_json(payment)["amount_refunded"] == 200
    order = reload(order)
    assert order.refunded_amount == 200
    given_up.refresh_from_db()
    paid_back = f"refund {given_up.pk} with {given_up.stripe_refund_id} (2.00 EUR)"
    # Found by an outside probe: the flag then asked to refund again, which pays twice;
    # outside probe BG (BG-7): its line said "failed at Stripe" of a refund never sent.
    assert order.flagged_reason.splitlines() == [
        f"Stripe paid back refund {given_up.pk} after all, recorded here as failed "
        f"({STRIPE_UNANSWERED}): {given_up.stripe_refund_id} (2.00 EUR). The customer was paid "
        "back: do not refund it again.",
        f"A refund was not sent: 2.00 EUR (Stripe had paid back {paid_back} after all). "
        "The customer was paid back by that refund: do not refund it again (this one was "
        "asked for in the belief that nothing had been).",
    ]
    assert refund_failures_flagged(order=order) == order.flagged_reason.splitlines()
    with system_scope():
        (not_sent,) = order.events.filter(data__refund_id=again.pk, data__status="not_sent")
    assert (not_sent.actor, not_sent.reason) == (
        "system",
        f"Refund not sent: Stripe had paid back {paid_back} after all",
    )


def test_refunding_again_pays_nothing_twice_when_stripe_reported_the_given_up_refund_first(
    paid, stripe_settings, send_event
):
    """Left from outside probe BH (BH-11): `charge.refunded` confirmed the refund whose job
    gave up, paid after all, before the job of the one asked again ran; that job, finding
    no failed refund, sent it: the customer was paid back twice."""
    order, payment = paid
    given_up = refund_given_up_after_stripe_paid_it(order, payment, stripe_settings)
    again = request_refund(reload(order), 200, reason="Refund again")
    assert send_event(build_event("charge.refunded", charge_json(payment))).status_code == 200

    run_stripe_jobs()

    again.refresh_from_db()
    assert again.status == RefundStatus.NOT_SENT
    assert charge_json(payment)["amount_refunded"] == 200
    order = reload(order)
    assert order.refunded_amount == 200
    given_up.refresh_from_db()
    paid_back = f"refund {given_up.pk} with {given_up.stripe_refund_id} (2.00 EUR)"
    assert order.flagged_reason.splitlines()[-1] == (
        f"A refund was not sent: 2.00 EUR (Stripe had paid back {paid_back} after all). "
        "The customer was paid back by that refund: do not refund it again (this one was "
        "asked for in the belief that nothing had been)."
    )


def test_staff_settle_the_flag_line_of_a_refund_stripe_paid_after_all(
    paid, stripe_settings, send_event
):
    """Outside probe BH (BH-4): "Stripe paid back refund … after all … do not refund it
    again" stayed on the order's flag for good, as nothing settled it; the history keeps it."""
    order, payment = paid
    given_up = refund_given_up_after_stripe_paid_it(order, payment, stripe_settings)
    assert send_event(build_event("charge.refunded", charge_json(payment))).status_code == 200
    [line] = reload(order).flagged_reason.splitlines()
    assert line.startswith(f"Stripe paid back refund {given_up.pk} after all")

    refund_failures_settle(
        order=reload(order), actor="staff:ada", reason="Told alice the refund reached her card."
    )

    order = reload(order)
    assert order.flagged_reason == ""
    with system_scope():
        assert order.events.filter(reason=line).exists()
        [settled] = order.events.filter(data__has_key="settled")
    assert (settled.actor, settled.data["settled"]) == ("staff:ada", [line])


def test_a_refund_of_another_amount_after_one_stripe_paid_after_all_is_sent(paid, stripe_settings):
    """Outside probe BH (BH-11): every refund asked for after one Stripe paid after all was
    dropped unsent, whatever it asked for: the customer was never paid it."""
    order, payment = paid
    given_up = refund_given_up_after_stripe_paid_it(order, payment, stripe_settings)

    other = request_refund(reload(order), 100, reason="Late delivery")
    run_stripe_jobs()

    other.refresh_from_db()
    assert other.status == RefundStatus.SUCCEEDED
    assert charge_json(payment)["amount_refunded"] == 300
    order = reload(order)
    assert order.refunded_amount == 300
    assert order.flagged_reason.startswith(f"Stripe paid back refund {given_up.pk} after all")
    assert "\n" not in order.flagged_reason


def test_a_refund_recorded_failed_that_stripe_paid_after_all_is_confirmed_on_its_own_row(
    paid, stripe_settings, send_event
):
    """Outside probe BD (BD-2): Stripe's refund was recorded as a second, external row, the
    staff refund staying failed: the refunds listed and the failed count showed a failure
    although the money went out once, and the flag still asked to refund again."""
    order, payment = paid
    given_up = request_refund(order, 200, reason="Scratched cover")
    reachable, stripe_settings.STRIPE_API_BASE = stripe_settings.STRIPE_API_BASE, UNREACHABLE
    run_task(send_refund, attempts=STRIPE_RETRY.max_attempts, refund_id=given_up.pk)
    stripe_settings.STRIPE_API_BASE = reachable
    assert reload(order).flagged_reason == failed_flag("2.00", STRIPE_UNANSWERED)
    paid_at_stripe = localstripe_call(  # the given-up request, which had reached Stripe
        "POST",
        "/v1/refunds",
        {
            "payment_intent": payment.stripe_payment_intent_id,
            "amount": 200,
            "metadata": {"order_number": order.number, "refund_id": str(given_up.pk)},
        },
    )

    assert send_event(build_event("charge.refunded", charge_json(payment))).status_code == 200

    with system_scope():
        rows = list(Refund.objects.filter(order=order).order_by("pk"))
    assert [
        (row.pk, row.status, row.stripe_refund_id, row.reason, row.actor, row.external)
        for row in rows
    ] == [
        (
            given_up.pk,
            RefundStatus.SUCCEEDED,
            paid_at_stripe["id"],
            "Scratched cover",
            "staff:admin",
            False,
        )
    ]
    assert rows[0].failure_message == ""
    order = reload(order)
    assert (order.refunded_amount, order.refund_pending_amount) == (200, 0)
    assert order.flagged_reason == (
        f"Stripe paid back refund {given_up.pk} after all, recorded here as failed "
        f"({STRIPE_UNANSWERED}): {paid_at_stripe['id']} (2.00 EUR). The customer was paid "
        "back: do not refund it again."
    )
    with system_scope():
        (confirmed,) = order.events.filter(data__refund_id=given_up.pk, data__status="succeeded")
    assert confirmed.actor == f"stripe:{paid_at_stripe['id']}"


def test_a_refund_asked_again_of_a_charge_stripe_no_longer_knows_fails_as_the_first_did(paid):
    """Outside probe BG (BG-6): the refund asked again read the charge first, which Stripe
    refused to read: its job failed at every attempt for about 70 minutes, the refund
    pending and the links revoked."""
    order, payment = paid
    with system_scope():  # Stripe forgot the payment (localstripe restarted)
        Payment.objects.filter(pk=payment.pk).update(
            stripe_payment_intent_id="pi_forgotten", stripe_charge_id="ch_forgotten"
        )
    first = request_refund(order, PRICE)
    run_stripe_jobs()
    run_queued_jobs(names=[SEND_FRESH_LINKS])
    first.refresh_from_db()
    assert first.status == RefundStatus.FAILED

    again = request_refund(reload(order), PRICE, reason="Refund again")
    assert run_stripe_jobs() == [send_refund.name]

    again.refresh_from_db()
    assert (again.status, again.failure_message) == (RefundStatus.FAILED, first.failure_message)
    order = reload(order)
    assert order.flagged_reason == failed_flag("4.99", first.failure_message)
    assert run_queued_jobs(names=[SEND_FRESH_LINKS]) == [SEND_FRESH_LINKS]
    assert active_links(order) == 1


def test_a_refund_whose_job_staff_aborted_fails_once_stripe_refuses_to_read_its_charge(paid):
    """Outside probe BH (BH-12): reconciliation counted an error every 10 minutes, the
    refund "under way" for ever, its links revoked and the order never flagged."""
    order, payment = paid
    with system_scope():  # Stripe forgot the payment (localstripe restarted)
        Payment.objects.filter(pk=payment.pk).update(
            stripe_payment_intent_id="pi_forgotten", stripe_charge_id="ch_forgotten"
        )
    row = request_refund(order, PRICE)
    [job_id] = [
        job_id
        for job_id, _, arguments in queued_jobs(names=[send_refund.name])
        if json.loads(arguments)["refund_id"] == row.pk
    ]
    with as_worker():
        assert jobs_change(action=JobAction.ABORT, job_ids=[job_id]) == [job_id]
    assert active_links(order) == 0

    reconcile()

    row.refresh_from_db()
    assert row.status == RefundStatus.FAILED
    order = reload(order)
    assert order.refund_pending_amount == 0
    assert order.flagged_reason.startswith("A refund failed at Stripe: 4.99 EUR (its job ended")
    assert order.flagged_reason.endswith(
        "Nothing was refunded: refund again, or tell the customer why not."
    )
    assert run_queued_jobs(names=[SEND_FRESH_LINKS]) == [SEND_FRESH_LINKS]
    assert active_links(order) == 1
    reconcile()
    assert reload(order).flagged_reason == order.flagged_reason


def _job_aborted(row: Refund) -> None:
    """Staff abort the refund's job on the job queue's list: nothing will send or read it."""
    [job_id] = [
        job_id
        for job_id, _, arguments in queued_jobs(names=[send_refund.name])
        if json.loads(arguments)["refund_id"] == row.pk
    ]
    with as_worker():
        assert jobs_change(action=JobAction.ABORT, job_ids=[job_id]) == [job_id]


def test_a_refund_stripe_took_is_confirmed_by_its_own_id_when_stripe_refuses_to_read_its_charge(
    paid, stripe_answers_pending
):
    """Left from outside probe BH (BH-12): a refund Stripe answered `pending` (its id kept)
    stayed "under way" for ever once Stripe refused to read its charge: reconciliation
    failed only those without an id, and nothing else reads it."""
    order, payment = paid
    row = request_refund(order, 100)
    run_stripe_jobs()
    row.refresh_from_db()
    assert (row.status, row.stripe_refund_id.startswith("re_")) == (RefundStatus.PENDING, True)
    stripe_pays_refund(row.stripe_refund_id)
    with system_scope():
        Payment.objects.filter(pk=payment.pk).update(stripe_charge_id="ch_forgotten")

    reconcile()
    reconcile()

    row.refresh_from_db()
    assert row.status == RefundStatus.SUCCEEDED
    order = reload(order)
    assert (order.refunded_amount, order.refund_pending_amount, order.flagged_reason) == (
        100,
        0,
        "",
    )
    with system_scope():
        assert order.events.filter(data__refunded_amount=100, data__previously=0).count() == 1


def test_a_refund_stripe_took_fails_once_its_job_ended_when_stripe_can_read_nothing_of_it(
    paid,
):
    """Left from outside probe BH (BH-12): it stayed "under way" for ever, the order's links
    revoked, and nothing told staff."""
    order, payment = paid
    with system_scope():  # Stripe forgot the payment (localstripe restarted)
        Payment.objects.filter(pk=payment.pk).update(
            stripe_payment_intent_id="pi_forgotten", stripe_charge_id="ch_forgotten"
        )
    row = request_refund(order, PRICE)
    with system_scope():  # the job's run remembered Stripe's answer
        Refund.objects.filter(pk=row.pk).update(stripe_refund_id="re_forgotten")

    reconcile()  # its job still waits: it may yet read it
    row.refresh_from_db()
    assert row.status == RefundStatus.PENDING

    _job_aborted(row)
    reconcile()

    row.refresh_from_db()
    assert row.status == RefundStatus.FAILED
    assert row.failure_message.startswith(
        "its job ended, and Stripe refuses to read its charge and its refund re_forgotten: "
    )
    order = reload(order)
    assert order.refund_pending_amount == 0
    assert order.flagged_reason == failed_flag("4.99", row.failure_message)
    assert run_queued_jobs(names=[SEND_FRESH_LINKS]) == [SEND_FRESH_LINKS]
    assert active_links(order) == 1
    reconcile()
    assert reload(order).flagged_reason == order.flagged_reason
