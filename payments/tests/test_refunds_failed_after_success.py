"""Refunds Stripe paid and then failed (the customer's bank would not take the money, which
Stripe put back in our balance), and refunds still pending that `charge.refund.updated`
reports paid, against localstripe, told to mark a refund failed. The order had kept saying
refunded, the customer never got the money and nobody was told."""

import re
from datetime import UTC

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from delivery.library import library_for
from invoicing.models import DocumentKind, Invoice
from morpheus.db_context import system_scope
from morpheus.money import format_display
from morpheus_testing.concurrency import at_once
from morpheus_testing.factories import ComicAssetFactory, create_order
from morpheus_testing.jobs import (
    jobs_killed_at_their_last_attempt,
    queued_jobs,
    run_queued_jobs,
    run_task,
)
from morpheus_testing.stripe_signing import build_event
from orders.buyer import BuyerDeclaration
from orders.models import OrderEventType, OrderItem
from orders.transitions import OrderStatus
from payments.models import Refund, RefundStatus
from payments.selectors import items_paid_back
from payments.services import (
    payment_start,
    refund_create,
    refund_create_for_items,
    refund_failures_settle,
)
from payments.services.refund_failures import refund_fail
from payments.tasks import send_refund
from payments.tests.helpers import (
    VISA,
    charge_json,
    intent_json,
    issue_download_links,
    localstripe_call,
    reload,
    run_stripe_jobs,
    started_payment,
)
from payments.tests.test_disputes import send_dispute
from payments.tests.test_duplicates import stripe_answers_pending
from payments.tests.test_refunds import (
    PRICE,
    STAFF,
    active_links,
    credit_notes,
    refund,
    request_refund,
)
from payments.tests.test_refunds_failed_at_stripe import (
    customer_history,
    refund_json,
    stripe_ends,
    under_way,
)
from payments.tests.test_refunds_unanswered import failed_flag, reconcile
from payments.tests.test_webhooks_live_server import post
from tax.models import OrderTaxEvidence
from tax.selectors import order_held
from tax.services import CONFLICT, evidence_card_country_record, evidence_decide

pytestmark = pytest.mark.django_db
__all__ = ["stripe_answers_pending", "under_way"]
EMAILS = "notifications.tasks.send_order_email"
SEND_FRESH_LINKS = "delivery.tasks.send_fresh_links"
FULFIL = "delivery.tasks.fulfil_order"
CARD_CLOSED = "expired_or_canceled_card"


def came_back_flag(amount: str, why: str) -> str:
    return (
        f"A refund Stripe paid came back: {amount} EUR ({why}). The customer's bank sent it "
        "back: the customer was not paid back, and was emailed so. Ask them how to be paid: "
        "refund again (it may fail the same way on that card) or pay them another way, then "
        "settle this line saying how."
    )


def refund_rows_history(order) -> list[tuple]:
    with system_scope():
        rows = order.events.filter(type=OrderEventType.REFUND).exclude(data__has_key="previously")
        return list(rows.order_by("pk").values_list("data__status", "actor"))


def debit_notes(order) -> list[tuple[int, str, int]]:
    with system_scope():
        notes = Invoice.objects.filter(order=order, kind=DocumentKind.DEBIT_NOTE)
        return list(
            notes.order_by("pk").values_list(
                "total_amount", "payment_reference", "reversed_note__total_amount"
            )
        )


def emails(kind: str) -> list[str]:
    return [args for _, _, args in queued_jobs([EMAILS]) if f'"kind": "{kind}"' in args]


def with_reason(charge: dict, reason: str) -> dict:
    """The charge as Stripe lists it: localstripe knows no failure reason."""
    for data in charge["refunds"]["data"]:
        if data["status"] == "failed":
            data["failure_reason"] = reason
    return charge


@pytest.fixture
def paid_back(paid):
    """Staff refunded the order; Stripe paid it at once (its answer applied the refund)."""
    order, payment = paid

    def refunded(amount: int) -> Refund:
        row = refund(order, amount)
        assert row.status == RefundStatus.SUCCEEDED
        assert reload(order).refunded_amount == amount
        return row

    return order, payment, refunded


@pytest.mark.parametrize("told_by", ["refund-updated", "charge-refunded"])
@pytest.mark.parametrize(
    ("amount", "status"),
    [(PRICE, OrderStatus.FULFILLED), (100, OrderStatus.FULFILLED)],
    ids=["full", "partial"],
)
def test_a_refund_stripe_paid_then_failed_is_taken_back_once_and_the_customer_told(
    paid_back, send_event, client, told_by, amount, status
):
    order, payment, refunded = paid_back
    row = refunded(amount)
    stripe_ends(row, "failed")
    if told_by == "refund-updated":
        event = build_event("charge.refund.updated", refund_json(row, failure_reason=CARD_CLOSED))
    else:
        charge = with_reason(charge_json(payment), CARD_CLOSED)
        event = build_event("charge.refunded", charge)

    assert send_event(event).status_code == 200
    send_event(event)
    send_event({**event, "id": event["id"] + "_again"})
    reconcile()

    row.refresh_from_db()
    why = f"Stripe's refund {row.stripe_refund_id} failed: {CARD_CLOSED}"
    assert (row.status, row.failure_message) == (RefundStatus.FAILED, why)
    order = reload(order)
    money = f"{amount // 100}.{amount % 100:02d}"
    assert (order.refunded_amount, order.refund_pending_amount, order.status) == (0, 0, status)
    assert order.flagged_reason == came_back_flag(money, why)
    assert refund_rows_history(order) == [("pending", STAFF), ("failed", "stripe:refund-refused")]
    assert credit_notes(order) == [(amount, row.stripe_refund_id)]
    assert debit_notes(order) == [(-amount, row.stripe_refund_id, amount)]  # reversing it
    assert len(emails("refund_failed")) == 1
    run_queued_jobs(names={EMAILS})
    [email] = [sent for sent in mail.outbox if "did not reach you" in sent.subject]
    assert email.subject == f"Your refund for order {order.number} did not reach you"
    shown = format_display(amount, order.currency)
    assert f"{shown} we made for your order {order.number} did not reach you" in email.body
    assert "the card you paid with has expired or was canceled" in email.body
    came_back = [f"Refund of {shown} did not reach you: it came back to us"]
    if amount == PRICE:  # the refunded order is the customer's again
        came_back.append("Ready to download")
    assert customer_history(client, order)[-len(came_back) :] == came_back

    again = request_refund(order, amount, reason="Refund again, the customer's new card")
    assert again.status == RefundStatus.PENDING
    run_stripe_jobs()
    order = reload(order)
    assert order.refunded_amount == amount
    again.refresh_from_db()
    assert order.flagged_reason.startswith(f"A refund Stripe paid came back: {money} EUR")
    assert f"It was paid again by {again.stripe_refund_id} on " in order.flagged_reason
    assert credit_notes(order) == [  # credited anew: the first note was reversed
        (amount, row.stripe_refund_id),
        (amount, again.stripe_refund_id),
    ]
    run_queued_jobs(names={EMAILS})
    issued = [sent for sent in mail.outbox if sent.subject.startswith("Refund for order")]
    assert len(issued) == 2  # the customer hears of the refund made again


def test_a_refund_failed_after_it_was_paid_stays_failed_whatever_older_news_comes_late(
    paid_back, send_event
):
    """Stripe's `charge.refunded` (listing its refunds or not) and `charge.refund.updated` of
    its success, delivered after its failure (events come in any order), and
    reconciliation: a refund Stripe failed never succeeds after."""
    order, payment, refunded = paid_back
    row = refunded(PRICE)
    old_charge = build_event("charge.refunded", charge_json(payment))
    old_update = build_event("charge.refund.updated", refund_json(row))
    stripe_ends(row, "failed")
    send_event(build_event("charge.refund.updated", refund_json(row)))

    without_list = build_event("charge.refunded", {**charge_json(payment), "refunds": None})
    for event in (old_charge, old_update, without_list, old_charge):
        assert send_event(event).status_code == 200
    reconcile()

    row.refresh_from_db()
    assert row.status == RefundStatus.FAILED
    order = reload(order)
    assert order.refunded_amount == 0
    why = f"Stripe's refund {row.stripe_refund_id} failed: unknown"
    assert order.flagged_reason == came_back_flag("4.99", why)
    assert refund_rows_history(order) == [("pending", STAFF), ("failed", "stripe:refund-refused")]
    with system_scope():
        assert not Refund.objects.filter(order=order, external=True).exists()


def test_a_refund_stripe_reports_failed_before_its_success_arrives_stays_failed(
    under_way, send_event
):
    """Stripe answered `pending`, then paid the refund and failed it: its failure came
    first. The read of the charge delivered after it, listing the refund paid, confirmed it
    "paid back after all" and counted it refunded for good."""
    order, payment, row = under_way
    old_charge = build_event("charge.refunded", charge_json(payment))
    old_update = build_event("charge.refund.updated", refund_json(row))
    stripe_ends(row, "failed")
    failed = refund_json(row, failure_reason="lost_or_stolen_card")

    for event in (build_event("charge.refund.updated", failed), old_update, old_charge):
        assert send_event(event).status_code == 200
    reconcile()

    row.refresh_from_db()
    why = f"Stripe's refund {row.stripe_refund_id} failed: lost_or_stolen_card"
    assert (row.status, row.failure_message) == (RefundStatus.FAILED, why)
    order = reload(order)
    assert (order.refunded_amount, order.refund_pending_amount) == (0, 0)
    assert order.flagged_reason == failed_flag("4.99", why)
    assert refund_rows_history(order) == [("pending", STAFF), ("failed", "stripe:refund-refused")]
    assert credit_notes(order) == []
    assert emails("refund_failed") == []  # the customer was never told of it


@pytest.mark.parametrize("before", ["nothing", "charge-refunded-without-list"])
def test_a_pending_refund_charge_refund_updated_reports_paid_is_confirmed_once(
    under_way, send_event, before
):
    """It "confirmed nothing", the refund waiting for reconciliation's read."""
    order, payment, row = under_way
    stripe_ends(row, "succeeded")
    charge = charge_json(payment)
    if before != "nothing":
        send_event(build_event("charge.refunded", {**charge, "refunds": None}))
    paid = build_event("charge.refund.updated", refund_json(row))

    assert send_event(paid).status_code == 200

    row.refresh_from_db()
    order = reload(order)
    assert row.status == RefundStatus.SUCCEEDED
    assert (order.refunded_amount, order.refund_pending_amount, order.status) == (
        PRICE,
        0,
        OrderStatus.REFUNDED,
    )
    assert credit_notes(order) == [(PRICE, row.stripe_refund_id)]
    assert len(emails("refund_issued")) == 1

    send_event(paid)
    send_event(build_event("charge.refunded", charge))
    reconcile()

    order = reload(order)
    assert order.refunded_amount == PRICE
    assert credit_notes(order) == [(PRICE, row.stripe_refund_id)]
    assert len(emails("refund_issued")) == 1
    with system_scope():
        assert order.events.filter(data__previously=0).count() == 1


DELIVERIES = 6


@pytest.mark.django_db(transaction=True)
def test_a_refund_failure_delivered_several_times_at_once_takes_the_refund_back_once(
    live_server, stripe_webhook, send_event
):
    order = create_order(comics=[ComicAssetFactory().comic])
    with system_scope():
        payment = payment_start(order=order, actor="customer:test", payment_method_id=VISA)
    run_stripe_jobs()
    with system_scope():
        payment.refresh_from_db()
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    issue_download_links(order)
    with system_scope():
        row = request_refund(order, PRICE)
    run_stripe_jobs()
    with system_scope():
        row.refresh_from_db()
    assert row.status == RefundStatus.SUCCEEDED
    stripe_ends(row, "failed")
    failed = refund_json(row, failure_reason=CARD_CLOSED)
    repeated = stripe_webhook.signed(build_event("charge.refund.updated", failed))
    deliveries = [
        repeated if n % 2 else stripe_webhook.signed(build_event("charge.refund.updated", failed))
        for n in range(DELIVERIES)
    ]
    waiting = iter(deliveries)
    codes = at_once(lambda: post(live_server.url + stripe_webhook.path, *next(waiting)), DELIVERIES)

    assert codes == [200] * DELIVERIES
    with system_scope():
        row.refresh_from_db()
    assert row.status == RefundStatus.FAILED
    order = reload(order)
    assert order.refunded_amount == 0
    assert len(order.flagged_reason.splitlines()) == 1
    assert refund_rows_history(order) == [("pending", STAFF), ("failed", "stripe:refund-refused")]
    assert len(emails("refund_failed")) == 1
    assert debit_notes(order) == [(-PRICE, row.stripe_refund_id, PRICE)]


@pytest.fixture
def three_paid(send_event):
    """A fulfilled order of three comics (4.99, 6.99, 3.99) paid through localstripe."""
    comics = [ComicAssetFactory(comic__price_amount=price).comic for price in (499, 699, 399)]
    order, payment = started_payment(order=create_order(comics=comics))
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    issue_download_links(order)
    with system_scope():
        return reload(order), list(order.items.order_by("pk"))


def item_reload(item: OrderItem) -> OrderItem:
    with system_scope():
        return OrderItem.objects.get(pk=item.pk)


def test_an_item_refund_that_came_back_frees_the_item_and_its_flag_line_stays_until_settled(
    three_paid, send_event
):
    """Outside probe BO-1 and BO-2: after an item's refund came back from the customer's bank,
    the item still read refunded (closed, not offered again, 3.74 in the API) and a later
    refund, paid or failed, took the flag's line about the money still owed away (a paid
    one now says it paid it again, outside probe BP-3)."""
    order, (sleepwalker, _, paper_moons) = three_paid
    row = refund_create_for_items(
        order=order, item_ids=[paper_moons.pk], reason="Broken file", actor=STAFF
    )
    run_stripe_jobs()
    row.refresh_from_db()
    assert (row.status, item_reload(paper_moons).refunded_amount) == (RefundStatus.SUCCEEDED, 399)
    stripe_ends(row, "failed")

    event = build_event("charge.refund.updated", refund_json(row, failure_reason=CARD_CLOSED))
    assert send_event(event).status_code == 200

    row.refresh_from_db()
    with system_scope():
        freed = item_reload(paper_moons)
        assert (freed.refunded_amount, freed.refund_closed) == (0, False)
        assert items_paid_back(reload(order)) == {item.pk: 0 for item in order.items.all()}
    assert len(queued_jobs([SEND_FRESH_LINKS])) == 1  # its link comes back
    line = came_back_flag("3.99", row.failure_message)
    assert reload(order).flagged_reason == line

    again = refund_create_for_items(
        order=order, item_ids=[paper_moons.pk], reason="Broken file, new card", actor=STAFF
    )
    assert again.amount == 399
    run_stripe_jobs()
    again.refresh_from_db()
    assert again.status == RefundStatus.SUCCEEDED
    line = reload(order).flagged_reason  # paid again: staff settle it, saying so
    assert line.startswith(f"A refund Stripe paid came back: 3.99 EUR ({row.failure_message}).")
    assert f"It was paid again by {again.stripe_refund_id} on " in line
    refused = request_refund(order, 100, reason="Goodwill")
    refund_fail(refused, message="Not Found")
    order = reload(order)
    assert order.flagged_reason.splitlines() == [
        line,
        "A refund failed at Stripe: 1.00 EUR (Not Found). Nothing was refunded: refund "
        "again, or tell the customer why not.",
    ]
    request_refund(order, 100, reason="Goodwill, again")  # settles the refused one only
    assert reload(order).flagged_reason == line

    refund_failures_settle(order=reload(order), actor=STAFF, reason="Paid again on a new card")
    assert reload(order).flagged_reason == ""
    with system_scope():
        assert items_paid_back(reload(order))[sleepwalker.pk] == 0


def test_a_full_refund_that_came_back_fulfils_the_order_again_and_it_can_be_refunded_again(
    paid_back, send_event, client
):
    """Outside probe BO-2: the order stayed refunded, the customer with neither the money nor
    the comics (library empty, links closed), the flag saying its status could not go back."""
    order, _, refunded = paid_back
    row = refunded(PRICE)
    assert reload(order).status == OrderStatus.REFUNDED
    stripe_ends(row, "failed")
    failed = build_event("charge.refund.updated", refund_json(row, failure_reason=CARD_CLOSED))

    assert send_event(failed).status_code == 200
    send_event({**failed, "id": failed["id"] + "_again"})

    order = reload(order)
    assert (order.status, order.refunded_amount, order.refunded_at) == (
        OrderStatus.FULFILLED,
        0,
        None,
    )
    assert "cannot go back" not in order.flagged_reason
    with system_scope():
        bounces = order.events.filter(type=OrderEventType.STATUS_CHANGED, from_status="refunded")
        assert list(bounces.values_list("to_status", "actor")) == [
            ("fulfilled", "stripe:refund-refused")
        ]
        assert [entry.title for entry in library_for(customer=order.customer)] == [
            item.title for item in order.items.all()
        ]
    assert len(queued_jobs([SEND_FRESH_LINKS])) == 1
    run_queued_jobs(names={SEND_FRESH_LINKS})
    assert active_links(order) == order.items.count()
    [fresh] = [sent for sent in mail.outbox if "no longer works: here is a fresh one" in sent.body]
    assert fresh.to == [order.email]
    assert "Ready to download" in customer_history(client, order)

    again = request_refund(order, PRICE, reason="Refund again, the customer's new card")
    paid_again = {
        **refund_json(row),
        "id": "re_paid_again",
        "status": "succeeded",
        "metadata": {"order_number": order.number, "refund_id": str(again.pk)},
    }
    assert send_event(build_event("charge.refund.updated", paid_again)).status_code == 200
    again.refresh_from_db()
    order = reload(order)
    assert (again.status, order.status, order.refunded_amount) == (
        RefundStatus.SUCCEEDED,
        OrderStatus.REFUNDED,
        PRICE,
    )
    assert active_links(order) == 0
    assert credit_notes(order) == [(PRICE, row.stripe_refund_id), (PRICE, "re_paid_again")]


def test_a_full_refund_made_before_the_links_that_came_back_sends_the_fulfilments_email(send_event):
    """Refunded while still paid (its fulfilment job not run yet): no link was stopped to
    replace, so the fulfilment's email brings the comics."""
    order, payment = started_payment()
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    row = refund(reload(order), PRICE)
    assert (row.status, reload(order).status) == (RefundStatus.SUCCEEDED, OrderStatus.REFUNDED)
    run_queued_jobs(names={FULFIL})  # the payment's: nothing to fulfil any more
    stripe_ends(row, "failed")

    failed = build_event("charge.refund.updated", refund_json(row, failure_reason=CARD_CLOSED))
    assert send_event(failed).status_code == 200

    assert reload(order).status == OrderStatus.PAID  # as the refund found it
    assert queued_jobs([SEND_FRESH_LINKS]) == []
    run_queued_jobs(names={FULFIL})
    assert active_links(order) == 1
    assert reload(order).status == OrderStatus.FULFILLED
    assert reload(order).fulfilled_at is not None
    [ready] = [sent for sent in mail.outbox if sent.subject.startswith("Your comic")]
    assert ready.to == [order.email]


def held_and_refunded(send_event, *, finance_decides: str = ""):
    """A paid order held for its VAT evidence (declared DE, card issued in FR), never
    fulfilled, then refunded in full: Stripe paid the refund."""
    order = create_order(
        comics=[ComicAssetFactory().comic], declaration=BuyerDeclaration(country="DE")
    )
    order, payment = started_payment(order=order)
    evidence_card_country_record(order_id=order.pk, card_country="FR", actor="stripe:evt_card")
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    run_queued_jobs(names={FULFIL})  # held: nothing to fulfil
    if finance_decides:
        with system_scope():
            evidence_decide(
                order=reload(order), decision=finance_decides, actor="staff:fin", reason="No"
            )
    assert (reload(order).status, active_links(order)) == (OrderStatus.PAID, 0)
    row = refund(reload(order), PRICE)
    assert (row.status, reload(order).status) == (RefundStatus.SUCCEEDED, OrderStatus.REFUNDED)
    with system_scope():
        assert OrderTaxEvidence.objects.get(order=order).decision == (finance_decides or "")
    assert not any(line.startswith(CONFLICT) for line in reload(order).flagged_reason.splitlines())
    return order, row


def conflict_lines(order) -> list[str]:
    return [line for line in reload(order).flagged_reason.splitlines() if line.startswith(CONFLICT)]


@pytest.mark.parametrize("finance_decides", ["", "refund"], ids=["undecided", "refund-decided"])
def test_a_full_refund_of_a_held_order_that_came_back_leaves_it_paid_and_held_as_before(
    send_event, finance_decides
):
    """Outside probe BP-1: the refund ended the hold, and its bounce made the order fulfilled
    (never fulfilled, no fulfilled_at), the hold lost, its links and the "ready" email sent:
    its country of consumption unchecked, or delivered though Finance decided on a refund."""
    order, row = held_and_refunded(send_event, finance_decides=finance_decides)
    with system_scope():
        decided = OrderTaxEvidence.objects.get(order=order)
    stripe_ends(row, "failed")

    failed = build_event("charge.refund.updated", refund_json(row, failure_reason=CARD_CLOSED))
    assert send_event(failed).status_code == 200

    order = reload(order)
    assert (order.status, order.refunded_amount, order.refunded_at, order.fulfilled_at) == (
        OrderStatus.PAID,
        0,
        None,
        None,
    )
    with system_scope():
        evidence = OrderTaxEvidence.objects.get(order=order)
        assert order_held(order_id=order.pk)
    assert (evidence.decision, evidence.decided_by, evidence.decided_at) == (
        finance_decides or "held",
        decided.decided_by,
        decided.decided_at,
    )
    if finance_decides:
        at = decided.decided_at.astimezone(UTC)
        outcome = (
            f"Refund decided by fin on {at:%Y-%m-%d} at {at:%H:%M} UTC: held from fulfilment "
            "until it is refunded."
        )
    else:
        outcome = "Held from fulfilment until Finance decides."
    assert conflict_lines(order) == [
        f"VAT evidence conflict: declared DE, card issued in FR. {outcome}"
    ]
    run_queued_jobs(names={FULFIL, SEND_FRESH_LINKS})
    assert (reload(order).status, active_links(order)) == (OrderStatus.PAID, 0)
    assert [sent for sent in mail.outbox if sent.subject.startswith("Your comic")] == []


def test_a_held_orders_refund_that_came_back_reported_twice_holds_it_again_once(send_event):
    order, row = held_and_refunded(send_event)
    stripe_ends(row, "failed")
    failed = build_event("charge.refund.updated", refund_json(row, failure_reason=CARD_CLOSED))

    send_event(failed)
    send_event({**failed, "id": failed["id"] + "_again"})

    with system_scope():
        bounces = order.events.filter(type=OrderEventType.STATUS_CHANGED, from_status="refunded")
        assert list(bounces.values_list("to_status", "actor")) == [
            ("paid", "stripe:refund-refused")
        ]
        held_again = order.events.filter(type=OrderEventType.VAT, reason__contains="came back")
        assert held_again.count() == 1
    assert len(conflict_lines(order)) == 1


def bounce(order, amount: int, send_event) -> Refund:
    """Staff refund `amount`, Stripe pays it, then the customer's bank sends it back."""
    row = request_refund(order, amount, reason="Goodwill")
    run_stripe_jobs()
    row.refresh_from_db()
    assert row.status == RefundStatus.SUCCEEDED
    stripe_ends(row, "failed")
    failed = build_event("charge.refund.updated", refund_json(row, failure_reason=CARD_CLOSED))
    assert send_event(failed).status_code == 200
    row.refresh_from_db()
    assert row.status == RefundStatus.FAILED
    return row


def paid_again(order, amount: int) -> Refund:
    again = request_refund(order, amount, reason="Goodwill, on the customer's new card")
    run_stripe_jobs()
    again.refresh_from_db()
    assert again.status == RefundStatus.SUCCEEDED
    return again


def asking_to_refund(order) -> list[str]:
    return [line for line in reload(order).flagged_reason.splitlines() if "how to be paid" in line]


def test_a_refund_that_came_back_and_was_paid_again_asks_for_no_refund(three_paid, send_event):
    """Outside probe BP-3: the line kept saying the customer was not paid back and to refund
    again after a refund made again succeeded, so staff could pay the customer twice."""
    order, _ = three_paid
    row = bounce(order, 200, send_event)
    assert asking_to_refund(order) == [came_back_flag("2.00", row.failure_message)]

    again = paid_again(order, 200)

    day = f"{timezone.localtime(again.succeeded_at):%-d %b %Y}"
    assert asking_to_refund(order) == []
    assert reload(order).flagged_reason == (
        f"A refund Stripe paid came back: 2.00 EUR ({row.failure_message}). It was paid again "
        f"by {again.stripe_refund_id} on {day}: nothing is owed for it, do not refund it "
        "again. Settle this line once you have looked."
    )
    refund_failures_settle(order=reload(order), actor=STAFF, reason="Paid on the new card")
    assert reload(order).flagged_reason == ""


def test_of_two_refunds_that_came_back_one_paid_again_leaves_the_other_asked_for(
    three_paid, send_event
):
    """Outside probe BP-3: lines of refunds that came back added up past what was owed."""
    order, _ = three_paid
    first = bounce(order, 200, send_event)
    second = bounce(order, 200, send_event)
    assert len(asking_to_refund(order)) == 2

    paid_again(order, 200)

    assert asking_to_refund(order) == [came_back_flag("2.00", second.failure_message)]
    assert f"2.00 EUR ({first.failure_message}). It was paid again by" in (
        reload(order).flagged_reason
    )


def test_a_refund_paying_part_of_one_that_came_back_asks_for_the_rest_only(three_paid, send_event):
    order, _ = three_paid
    row = bounce(order, 300, send_event)

    again = paid_again(order, 100)

    [line] = asking_to_refund(order)
    assert f"1.00 EUR of it was paid again by {again.stripe_refund_id} on " in line
    assert "2.00 EUR is still owed" in line
    assert "refund 2.00 EUR again" in line
    assert line.startswith(f"A refund Stripe paid came back: 3.00 EUR ({row.failure_message}).")


def test_a_dispute_lost_since_a_refund_came_back_counts_as_paying_it_again(three_paid, send_event):
    """Outside probe DO-1: the customer's bank took 1.00 back in a lost dispute, and the
    line still asked staff to pay the whole 3.00 again, another way if need be."""
    order, _ = three_paid
    row = bounce(order, 300, send_event)
    with system_scope():
        payment = order.payments.get()
    send_dispute(send_event, payment, "charge.dispute.created", "needs_response", amount=100)

    send_dispute(send_event, payment, "charge.dispute.closed", "lost", amount=100)

    [line] = asking_to_refund(order)
    assert line.startswith(f"A refund Stripe paid came back: 3.00 EUR ({row.failure_message}).")
    assert "1.00 EUR of it was paid again by the lost dispute dp_1 on " in line
    assert "2.00 EUR is still owed" in line and "refund 2.00 EUR again" in line


def neon_tide_refund_after_two_euros(order, neon_tide) -> tuple[Refund, Refund]:
    """2.00 refunded and paid, then Neon Tide (6.99) refunded as an item, as the refund
    screen offers it: less its 0.88 share of the 2.00. The item refund's job waits."""
    first = refund(order, 200)
    assert first.status == RefundStatus.SUCCEEDED
    with system_scope():
        left = 699 - items_paid_back(reload(order))[neon_tide.pk]
    row = refund_create_for_items(
        order=order,
        item_ids=[neon_tide.pk],
        reason="Broken file",
        actor=STAFF,
        amounts={neon_tide.pk: left},
    )
    assert (left, row.amount) == (611, 611)
    return first, row


def came_back(send_event, row, *, again: bool = False) -> None:
    stripe_ends(row, "failed")
    event = build_event("charge.refund.updated", refund_json(row, failure_reason=CARD_CLOSED))
    assert send_event(event).status_code == 200
    if again:
        assert send_event({**event, "id": event["id"] + "_again"}).status_code == 200
    with system_scope():
        row.refresh_from_db()


def refund_changes(order) -> list[tuple[int, int, str]]:
    with system_scope():
        rows = order.events.filter(type=OrderEventType.REFUND, data__status="changed")
        return list(rows.order_by("pk").values_list("data__was", "data__amount", "reason"))


def item_paid_words(client, order) -> list[str]:
    client.force_login(order.customer)
    page = client.get(reverse("orders:detail", args=[order.number])).text
    return re.findall(r'data-testid="item-paid">([^<]*)</span>', page)


def test_a_refund_of_an_amount_is_shown_on_each_comic_by_its_share(three_paid, client):
    """Outside probe GF-3: the customer's page showed a refund of an amount on no comic, and
    the comic refunded afterwards as an item read as refunded in part without a word on why
    (the credit notes and the staff's page shared it)."""
    order, (first, second, third) = three_paid
    with system_scope():
        refund_create(order=order, amount=300, reason="goodwill", actor="staff:test")
    run_stripe_jobs()

    client.force_login(order.customer)
    page = client.get(reverse("orders:detail", args=[order.number])).text

    with system_scope():
        shares = [items_paid_back(reload(order))[item.pk] for item in (first, second, third)]
    assert sum(shares) == 300
    assert re.findall(r'data-testid="item-share-paid-back">([^<]*)</span>', page) == [
        f"{format_display(share, 'EUR')} of the {format_display(price, 'EUR')} paid for it "
        "paid back by a refund of an amount"
        for share, price in zip(shares, (499, 699, 399), strict=True)
    ]


@pytest.mark.parametrize("deliveries", ["once", "twice"])
def test_an_item_refund_not_sent_when_an_earlier_refund_came_back_pays_all_left_of_the_item(
    three_paid, send_event, client, deliveries
):
    """Outside probe BP-2: the item refund waiting for its job kept the 0.88 share of the
    2.00 taken off; the 2.00 came back, the job sent 6.11, the item closed as refunded and
    the 0.88 was owed nowhere. Now it is raised to 6.99 before it is sent, once however
    often the bounce is told."""
    order, (_, neon_tide, _) = three_paid
    first, row = neon_tide_refund_after_two_euros(order, neon_tide)

    came_back(send_event, first, again=deliveries == "twice")

    with system_scope():
        row.refresh_from_db()
        assert (row.status, row.amount) == (RefundStatus.PENDING, 699)
        assert list(row.lines.values_list("order_item_id", "amount")) == [(neon_tide.pk, 699)]
    order = reload(order)
    assert order.refund_pending_amount == 699
    assert refund_changes(order) == [
        (
            611,
            699,
            f"Refund of {neon_tide.title} not sent to Stripe yet: raised from 6.11 EUR to 6.99 "
            "EUR, all that is left of it, because the refund of 2.00 EUR it had taken a share "
            "of came back from the customer's bank",
        )
    ]
    assert order.flagged_reason == came_back_flag("2.00", first.failure_message)

    run_stripe_jobs()
    with system_scope():
        row.refresh_from_db()
    assert (row.status, row.amount) == (RefundStatus.SUCCEEDED, 699)
    order = reload(order)
    assert (order.refunded_amount, item_reload(neon_tide).refunded_amount) == (699, 699)
    with system_scope():
        assert items_paid_back(order)[neon_tide.pk] == 699
    assert item_paid_words(client, order) == [f"the {format_display(699, 'EUR')} paid for it"]


def test_an_item_refund_sent_before_an_earlier_refund_came_back_shows_what_is_still_owed(
    three_paid, send_event, client, localstripe
):
    """Outside probe BP-2: an item refund Stripe had already (answered `pending`) cannot
    change. The 0.88 its item is still owed was shown nowhere, and the customer's page said
    "Refunded the €6.99 paid for it" for 6.11."""
    order, (_, neon_tide, _) = three_paid
    first, row = neon_tide_refund_after_two_euros(order, neon_tide)
    localstripe.refunds_answer("pending")
    run_stripe_jobs()
    with system_scope():
        row.refresh_from_db()
    assert (row.status, row.stripe_refund_id[:3]) == (RefundStatus.PENDING, "re_")

    came_back(send_event, first)

    with system_scope():
        row.refresh_from_db()
    assert row.amount == 611
    order = reload(order)
    assert refund_changes(order) == []
    assert order.flagged_reason.splitlines() == [
        came_back_flag("2.00", first.failure_message),
        f"A refund Stripe paid came back: 2.00 EUR had taken a share of {neon_tide.title}, "
        "whose refund (of 6.11 EUR) was already sent to Stripe: the customer is still owed "
        f"0.88 EUR for {neon_tide.title}. Refund it as an amount, or pay them another way, "
        "then settle this line saying how.",
    ]

    stripe_ends(row, "succeeded")
    assert send_event(build_event("charge.refund.updated", refund_json(row))).status_code == 200
    order = reload(order)
    assert (order.refunded_amount, item_reload(neon_tide).refunded_amount) == (611, 611)
    assert item_paid_words(client, order) == [
        f"{format_display(611, 'EUR')} of the {format_display(699, 'EUR')} paid for it"
    ]


def test_an_item_refund_whose_job_a_worker_runs_when_an_earlier_refund_came_back_is_kept(
    three_paid, send_event
):
    """Outside probe BP-2: a worker running the item refund's job may have asked Stripe
    already (a retry after no answer asks again under the same key, for the same amount):
    it is sent as asked and the item's shortfall is shown."""
    order, (_, neon_tide, _) = three_paid
    first, row = neon_tide_refund_after_two_euros(order, neon_tide)
    jobs_killed_at_their_last_attempt(
        task=send_refund, attempts=0, argument="refund_id", value=row.pk
    )

    came_back(send_event, first)

    assert refund_changes(reload(order)) == []
    assert "the customer is still owed 0.88 EUR" in reload(order).flagged_reason
    run_task(send_refund, refund_id=row.pk)  # the worker's run goes on
    with system_scope():
        row.refresh_from_db()
    assert (row.status, row.amount) == (RefundStatus.SUCCEEDED, 611)


def dashboard_refund_told_without_the_list(payment, send_event, amount: int) -> dict:
    """A refund made in Stripe's dashboard, told by a `charge.refunded` carrying no list of
    the charge's refunds (as Stripe sends it at this shop's API version)."""
    made = localstripe_call(
        "POST",
        "/v1/refunds",
        {"payment_intent": payment.stripe_payment_intent_id, "amount": amount},
    )
    charge = charge_json(payment)
    charge.pop("refunds", None)
    send_event(build_event("charge.refunded", charge))
    return made


def test_a_dashboard_refund_told_without_a_list_that_stripe_then_fails_is_taken_back(
    paid, send_event
):
    """Outside probe GJ-1: its row held no Stripe id, so its `refund.failed` was matched to
    nothing: still counted refunded, its credit note standing, nobody told."""
    order, payment = paid
    made = dashboard_refund_told_without_the_list(payment, send_event, 100)
    failed = {**made, "status": "failed", "failure_reason": CARD_CLOSED}

    send_event(build_event("refund.failed", failed))
    send_event(build_event("charge.refund.updated", failed))

    with system_scope():
        (row,) = Refund.objects.filter(order=order)
    why = f"Stripe's refund {made['id']} failed: {CARD_CLOSED}"
    assert (row.stripe_refund_id, row.status, row.failure_message) == (
        made["id"],
        RefundStatus.FAILED,
        why,
    )
    order = reload(order)
    assert order.refunded_amount == 0
    assert order.flagged_reason == came_back_flag("1.00", why)
    assert [total for total, *_ in debit_notes(order)] == [-100]
    assert len(emails("refund_failed")) == 1


def test_a_dashboard_refund_told_without_a_list_then_with_it_is_recorded_once(paid, send_event):
    """Outside probe GJ-2: the event listing it recorded it a second time (staff read 2.00
    paid back of a 1.00 refund)."""
    order, payment = paid
    made = dashboard_refund_told_without_the_list(payment, send_event, 100)

    send_event(build_event("charge.refunded", charge_json(payment)))

    with system_scope():
        rows = list(Refund.objects.filter(order=order).values_list("amount", "stripe_refund_id"))
    assert rows == [(100, made["id"])]
    assert reload(order).refunded_amount == 100
    assert [total for total, _ in credit_notes(order)] == [100]
