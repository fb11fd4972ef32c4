"""Refunds Stripe answered `pending` and then failed or canceled (the customer's card was
closed, say). Against localstripe, which marks a refund failed or canceled when told to,
with Stripe's failure reason when given one; as Stripe, its charge no longer counts that
refund's amount refunded (`morpheus_testing.localstripe_server`)."""

import re

import pytest
from django.urls import reverse

from morpheus.db_context import system_scope
from morpheus.money import format_display
from morpheus_testing.jobs import queued_jobs, run_queued_jobs
from morpheus_testing.stripe_signing import build_event
from orders.models import OrderEventType
from orders.transitions import OrderStatus
from payments.models import RefundStatus
from payments.services import refund_create
from payments.tests.helpers import (
    charge_json,
    localstripe_call,
    reload,
    run_stripe_jobs,
    stripe_refund_ends,
)
from payments.tests.test_duplicates import stripe_answers_pending
from payments.tests.test_refunds import PRICE, active_links, credit_notes, request_refund
from payments.tests.test_refunds_unanswered import failed_flag, reconcile

pytestmark = pytest.mark.django_db
__all__ = ["stripe_answers_pending"]
SEND_FRESH_LINKS = "delivery.tasks.send_fresh_links"
GIVEN_BACK = ("failed", "canceled")


@pytest.fixture
def under_way(paid, stripe_answers_pending):
    """A full refund Stripe answered `pending`: its row keeps Stripe's id, the links stop."""
    order, payment = paid
    row = request_refund(order, PRICE)
    run_stripe_jobs()
    row.refresh_from_db()
    assert (row.status, row.stripe_refund_id[:3], active_links(order)) == (
        RefundStatus.PENDING,
        "re_",
        0,
    )
    return order, payment, row


def stripe_ends(row, status: str, failure_reason: str = "") -> None:
    """Stripe's refund of `row` ends `status` (the bank sent the money back, or someone
    canceled it in Stripe's dashboard), failed with `failure_reason` when given."""
    stripe_refund_ends(row.stripe_refund_id, status, failure_reason)


def unpaid_words(row, status: str) -> str:
    if status == "canceled":
        return f"Stripe's refund {row.stripe_refund_id} was canceled"
    return f"Stripe's refund {row.stripe_refund_id} failed: unknown"


def refund_history(order) -> list[tuple[str, str]]:
    with system_scope():
        return list(
            order.events.filter(type=OrderEventType.REFUND)
            .order_by("pk")
            .values_list("data__status", "actor")
        )


def customer_history(client, order) -> list[str]:
    client.force_login(order.customer)
    page = client.get(reverse("orders:detail", args=[order.number])).text
    return re.findall(r"</time> ([^<]*)</li>", page)


@pytest.mark.parametrize("status", GIVEN_BACK)
def test_a_refund_the_charge_lists_failed_fails_once_as_a_refusal_does(
    under_way, send_event, client, status
):
    """The refund stayed "under way" for ever: the customer told so, nothing for staff to
    act on, its pending amount keeping the order from being refunded again."""
    order, payment, row = under_way
    stripe_ends(row, status)

    charge = charge_json(payment)
    assert send_event(build_event("charge.refunded", charge)).status_code == 200
    send_event(build_event("charge.refunded", charge))
    reconcile()

    row.refresh_from_db()
    why = unpaid_words(row, status)
    assert (row.status, row.failure_message) == (RefundStatus.FAILED, why)
    order = reload(order)
    assert (order.refund_pending_amount, order.refunded_amount) == (0, 0)
    assert order.flagged_reason == failed_flag("4.99", why)
    assert refund_history(order) == [
        ("pending", "staff:admin"),
        ("failed", "stripe:refund-refused"),
    ]
    assert len(queued_jobs([SEND_FRESH_LINKS])) == 1
    run_queued_jobs(names={SEND_FRESH_LINKS})
    assert active_links(order) == 1
    money = format_display(PRICE, order.currency)
    assert customer_history(client, order)[-2:] == [
        f"Refund of {money} under way",
        f"Refund of {money} could not be made",
    ]


def test_a_refund_reconciliation_finds_failed_fails_with_stripe_s_reason(under_way):
    """No `charge.refunded` came: reconciliation's read of the charge tells."""
    order, _, row = under_way
    stripe_ends(row, "failed", failure_reason="expired_or_canceled_card")

    reconcile()
    reconcile()

    row.refresh_from_db()
    why = f"Stripe's refund {row.stripe_refund_id} failed: expired_or_canceled_card"
    assert (row.status, row.failure_message) == (RefundStatus.FAILED, why)
    assert reload(order).flagged_reason == failed_flag("4.99", why)
    assert refund_history(order) == [
        ("pending", "staff:admin"),
        ("failed", "stripe:refund-refused"),
    ]


def test_a_refund_whose_job_died_before_keeping_stripe_s_id_fails_by_its_metadata(
    under_way, send_event
):
    """Stripe names our row in the refund's metadata: the row that never kept Stripe's id
    fails all the same."""
    order, payment, row = under_way
    stripe_ends(row, "failed")
    with system_scope():
        type(row).objects.filter(pk=row.pk).update(stripe_refund_id=None)

    send_event(build_event("charge.refunded", charge_json(payment)))

    row.refresh_from_db()
    assert (row.status, row.failure_message) == (
        RefundStatus.FAILED,
        f"Stripe's refund {charge_json(payment)['refunds']['data'][0]['id']} failed: unknown",
    )
    assert reload(order).refund_pending_amount == 0


def test_a_refund_failed_at_stripe_then_listed_as_paid_stays_failed(under_way, send_event):
    """A refund Stripe failed never succeeds after: a read listing it paid is older than its
    failure (events come in any order). It was confirmed "paid back after all", counted
    refunded for good while the customer had not been paid. (The "paid back after all"
    path stays for refunds failed without Stripe's word: `test_refunds_unanswered`.)"""
    order, payment, row = under_way
    stripe_ends(row, "failed")
    send_event(build_event("charge.refunded", charge_json(payment)))
    stripe_ends(row, "succeeded")

    send_event(build_event("charge.refunded", charge_json(payment)))
    reconcile()

    row.refresh_from_db()
    assert row.status == RefundStatus.FAILED
    order = reload(order)
    assert order.refunded_amount == 0
    assert order.flagged_reason == failed_flag("4.99", unpaid_words(row, "failed"))
    assert refund_history(order) == [
        ("pending", "staff:admin"),
        ("failed", "stripe:refund-refused"),
    ]


@pytest.mark.parametrize("listed", [True, False], ids=["listed", "without-list"])
def test_a_refund_still_pending_at_stripe_is_not_counted_refunded_until_stripe_pays_it(
    under_way, send_event, client, listed
):
    """Stripe counts a pending refund in the charge's amount refunded from the start: that
    amount was recorded refunded (the order refunded, a credit note, "Refunded €4.99" for
    the customer) while the money had not moved, and stayed so once the refund failed,
    the order then having nothing left to refund again. Stripe's events of this API
    version carry no list of the charge's refunds."""
    order, payment, row = under_way
    stripe_ends(row, "pending")
    charge = charge_json(payment)

    send_event(build_event("charge.refunded", charge if listed else {**charge, "refunds": None}))

    order = reload(order)
    assert (order.refunded_amount, order.refund_pending_amount, order.status) == (
        0,
        PRICE,
        OrderStatus.FULFILLED,
    )
    assert credit_notes(order) == []
    money = format_display(PRICE, order.currency)
    assert customer_history(client, order)[-1] == f"Refund of {money} under way"

    stripe_ends(row, "failed")
    reconcile()

    order = reload(order)
    assert (order.refunded_amount, order.refund_pending_amount) == (0, 0)
    again = refund_create(order=order, amount=PRICE, reason="Refund again", actor="staff:admin")
    assert again.status == RefundStatus.PENDING


@pytest.mark.parametrize("listed", [True, False], ids=["listed", "without-list"])
def test_a_refund_reported_pending_is_counted_once_stripe_pays_it(under_way, send_event, listed):
    """Its own "Refunded" row and credit note, naming it (the pending amount's had none)."""
    order, payment, row = under_way
    stripe_ends(row, "pending")
    charge = charge_json(payment)
    send_event(build_event("charge.refunded", charge if listed else {**charge, "refunds": None}))
    stripe_ends(row, "succeeded")

    reconcile()

    row.refresh_from_db()
    order = reload(order)
    assert (row.status, order.refunded_amount, order.status) == (
        RefundStatus.SUCCEEDED,
        PRICE,
        OrderStatus.REFUNDED,
    )
    assert credit_notes(order) == [(PRICE, row.stripe_refund_id)]


def refund_json(row, **changes) -> dict:
    """Stripe's refund of `row`, as `charge.refund.updated` carries it."""
    return {**localstripe_call("GET", f"/v1/refunds/{row.stripe_refund_id}"), **changes}


@pytest.mark.parametrize("first", ["refund-updated", "charge-refunded"])
def test_a_refund_stripe_fails_after_answering_pending_fails_once_whatever_event_comes_first(
    under_way, send_event, first
):
    """Stripe tells of it with `charge.refund.updated`, which nothing handled: the refund
    stayed "under way" for ever. Its `charge.refunded`, without the charge's refunds at this
    API version, may come before or after; so may a stale update, and reconciliation."""
    order, payment, row = under_way
    stripe_ends(row, "failed")
    updated = build_event(
        "charge.refund.updated", refund_json(row, failure_reason="lost_or_stolen_card")
    )
    refunded = build_event("charge.refunded", {**charge_json(payment), "refunds": None})
    stale = build_event("charge.refund.updated", refund_json(row, status="pending"))
    events = [updated, refunded] if first == "refund-updated" else [refunded, updated]

    for event in [*events, updated, stale]:
        assert send_event(event).status_code == 200

    row.refresh_from_db()
    why = f"Stripe's refund {row.stripe_refund_id} failed: lost_or_stolen_card"
    assert (row.status, row.failure_message) == (RefundStatus.FAILED, why)
    reconcile()
    order = reload(order)
    assert (order.refund_pending_amount, order.refunded_amount) == (0, 0)
    assert order.flagged_reason == failed_flag("4.99", why)
    assert refund_history(order) == [
        ("pending", "staff:admin"),
        ("failed", "stripe:refund-refused"),
    ]
    assert len(queued_jobs([SEND_FRESH_LINKS])) == 1


def test_a_refund_update_of_a_charge_not_ours_or_malformed_is_answered_200_and_ignored(
    under_way, send_event, caplog
):
    order, _, row = under_way
    stripe_ends(row, "failed")
    elsewhere = refund_json(row, id="re_elsewhere", charge="ch_elsewhere", payment_intent="pi_x")
    malformed = refund_json(row, amount="all")

    for refund in (elsewhere, malformed):
        assert send_event(build_event("charge.refund.updated", refund)).status_code == 200

    row.refresh_from_db()
    assert (row.status, reload(order).flagged_reason) == (RefundStatus.PENDING, "")
    assert "Refund re_elsewhere of charge ch_elsewhere is not ours" in caplog.text
    assert "Malformed charge.refund.updated event ignored" in caplog.text
