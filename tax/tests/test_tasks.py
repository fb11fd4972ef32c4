"""The hourly sweep that flags the orders whose VAT number no check will confirm any more."""

import pytest
from procrastinate.contrib.django import app

from morpheus.db_context import system_scope
from morpheus.stalled_jobs import stalled_jobs_retry
from morpheus_testing.factories import BUSINESS, create_order
from morpheus_testing.jobs import as_worker, jobs_killed_at_their_last_attempt
from orders import services as order_services
from orders.buyer import BuyerDeclaration
from tax.models import ViesStatus
from tax.tasks import VIES_RETRY, check_vat_number, flag_unchecked_vat_numbers
from tax.tests.helpers import evidence, history

pytestmark = pytest.mark.django_db

UNCHECKED = "VAT number DE136695976 could not be checked with VIES: check it before the VAT return."


def business_order():
    return create_order(
        declaration=BuyerDeclaration(country="DE", vat_number="DE136695976", **BUSINESS)
    )


def _check_taken_by_a_worker_killed_at_its_last_attempt(order) -> int:
    """The VIES check of `order` as a SIGKILL leaves it during its last attempt: `doing`, on a
    worker whose heartbeat stopped minutes ago."""
    (job_id,) = jobs_killed_at_their_last_attempt(
        task=check_vat_number, attempts=VIES_RETRY.max_attempts, argument="order_id", value=order.pk
    )
    return job_id


def test_an_order_whose_last_vies_check_was_killed_is_flagged_for_finance_once():
    """Outside probe BA (BA-3), left over: the last attempt flags the order, but a worker
    killed during it left the job stalled, and the recovery failed it: the reverse charge
    stood unconfirmed, Finance not told."""
    order = business_order()
    _check_taken_by_a_worker_killed_at_its_last_attempt(order)
    with as_worker():
        (failed,) = stalled_jobs_retry().failed
    assert failed.task_name == check_vat_number.name

    with as_worker():
        flag_unchecked_vat_numbers(timestamp=0)
        flag_unchecked_vat_numbers(timestamp=3600)

    order.refresh_from_db()
    assert order.flagged_reason == UNCHECKED
    assert evidence(order).vies_status == ViesStatus.UNANSWERED
    assert history(order).count(("flagged", UNCHECKED)) == 1


def test_an_order_whose_vies_check_still_waits_or_runs_is_not_flagged():
    waiting = business_order()
    running = business_order()
    _check_taken_by_a_worker_killed_at_its_last_attempt(running)

    with as_worker():
        flag_unchecked_vat_numbers(timestamp=0)

    for order in (waiting, running):
        order.refresh_from_db()
        assert (order.flagged_reason, evidence(order).vies_status) == ("", ViesStatus.UNVERIFIED)


def test_an_order_canceled_unpaid_whose_vies_check_ended_is_not_flagged():
    """Outside probe BE (BE-7): a checkout given up, its number never confirmed, was
    flagged "check it before the VAT return": there is no VAT to declare on it."""
    order = business_order()
    _check_taken_by_a_worker_killed_at_its_last_attempt(order)
    with as_worker():
        stalled_jobs_retry()
    with system_scope():
        order_services.order_transition(order=order, name="cancel", actor="staff", reason="t")

    with as_worker():
        flag_unchecked_vat_numbers(timestamp=0)

    order.refresh_from_db()
    assert (order.flagged_reason, evidence(order).vies_status) == ("", ViesStatus.UNVERIFIED)


def test_the_sweep_runs_every_hour():
    periodic = {
        task.periodic_id: task.cron for task in app.periodic_registry.periodic_tasks.values()
    }
    assert periodic["flag_unchecked_vat_numbers"] == "29 * * * *"


def test_the_pending_orders_vat_follows_the_rates_each_day_as_they_come_into_force():
    periodic = {
        task.periodic_id: task.cron for task in app.periodic_registry.periodic_tasks.values()
    }
    assert periodic["refresh_pending_order_rates"] == "2 0 * * *"
