"""A duplicate charge's refund Stripe paid and then failed (the customer's bank sent the money
back to our Stripe balance), against localstripe, told to mark the refund failed. The
duplicate stayed "Refunded" and nothing told staff the customer was charged twice and not
paid back."""

import pytest
from django.core import mail
from django.urls import reverse

from morpheus.db_context import system_scope
from morpheus.money import format_display, format_money
from morpheus_testing.jobs import run_queued_jobs
from morpheus_testing.stripe_signing import build_event
from orders.services import order_transition
from payments.models import DuplicateStatus, Payment
from payments.tests.helpers import (
    CARD_DECLINED,
    charge_json,
    intent_json,
    localstripe_call,
    reload,
    run_stripe_jobs,
    started_payment,
    stripe_pays_refund,
    stripe_refuses,
)
from payments.tests.test_duplicates import (
    STAFF,
    assert_order_untouched,
    charged_twice,
    duplicate_events,
    duplicate_of,
    refund_duplicate,
    stripe_answers_pending,
)
from payments.tests.test_refunds_failed_at_stripe import (
    customer_history,
    reconcile,
    stripe_ends,
)

pytestmark = pytest.mark.django_db
__all__ = ["charged_twice", "stripe_answers_pending"]
CARD_CLOSED = "expired_or_canceled_card"


@pytest.fixture
def refunded_duplicate(charged_twice):
    """Staff refunded the duplicate charge; Stripe paid it at once, the flag's line went."""
    order, first, _ = charged_twice
    duplicate = refund_duplicate(first)
    assert duplicate.status == DuplicateStatus.REFUNDED
    assert reload(order).flagged_reason == ""
    return order, first, duplicate


def came_back_flag(duplicate, why: str) -> str:
    money = format_money(duplicate.amount, duplicate.currency)
    return (
        f"A refund Stripe paid came back: {money} ({why}). It paid back payment "
        f"{duplicate.payment.stripe_payment_intent_id}, a charge the order does not count, "
        "and the customer's bank sent it back: the customer was charged twice and is not paid "
        "back, and was emailed so. Ask them how to be paid: refund the duplicate charge again "
        "(it may fail the same way on that card) or pay them another way, then settle this "
        "line saying how."
    )


@pytest.mark.parametrize(
    "told_by",
    [
        ("charge.refund.updated", "refund.failed"),
        ("refund.failed", "charge.refund.updated"),
        ("refund.updated",),
        ("charge.refunded",),
    ],
    ids=lambda kinds: "-then-".join(kinds),
)
def test_a_duplicate_refund_stripe_fails_after_paying_it_flags_the_order_once(
    refunded_duplicate, send_event, client, told_by
):
    """Each report delivered twice, in either order, then Stripe's older news of the
    refund's success (its update, the charge read before the failure) and reconciliation:
    the duplicate fails once and stays failed, the order's refunded total, status, links and
    credit notes untouched (the duplicate's refund never counted in them)."""
    order, first, duplicate = refunded_duplicate
    old_success = localstripe_call("GET", f"/v1/refunds/{duplicate.stripe_refund_id}")
    old_charge = charge_json(first)
    stripe_ends(duplicate, "failed")
    failed = {**old_success, "status": "failed", "failure_reason": CARD_CLOSED}
    charge = charge_json(first)
    for data in charge["refunds"]["data"]:
        data["failure_reason"] = CARD_CLOSED
    reports = [
        build_event(kind, charge if kind == "charge.refunded" else failed) for kind in told_by
    ]
    stale = [
        build_event("refund.updated", old_success),
        build_event("charge.refunded", old_charge),
        build_event("charge.refunded", {**old_charge, "refunds": None}),
    ]

    for event in [report for report in reports for _ in (1, 2)] + stale:
        assert send_event(event).status_code == 200
    reconcile()

    why = f"Stripe's refund {duplicate.stripe_refund_id} failed: {CARD_CLOSED}"
    after = duplicate_of(first)
    assert (after.status, after.failure_message) == (DuplicateStatus.REFUND_FAILED, why)
    assert after.is_refundable  # staff may refund it again
    [came_back] = duplicate_events(order, "refund_came_back")
    assert came_back.actor == "stripe:refund-refused"
    assert came_back.data["stripe_refund_id"] == duplicate.stripe_refund_id
    assert came_back.data["amount"] == duplicate.amount
    assert "went back to our Stripe balance, not to the customer" in came_back.reason
    assert len(duplicate_events(order, "refunded")) == 1
    assert duplicate_events(order, "refund_failed") == []
    assert reload(order).flagged_reason == came_back_flag(duplicate, why)
    assert_order_untouched(order, client)


def test_a_duplicate_refund_that_came_back_tells_the_customer_once(
    refunded_duplicate, send_event, client
):
    """Staff were told; the customer's history still said the second charge was refunded to
    their card, and no email said it was not."""
    order, _, duplicate = refunded_duplicate
    refund = localstripe_call("GET", f"/v1/refunds/{duplicate.stripe_refund_id}")
    stripe_ends(duplicate, "failed")
    failed = {**refund, "status": "failed", "failure_reason": "lost_or_stolen_card"}

    for _ in (1, 2):
        assert send_event(build_event("refund.failed", failed)).status_code == 200
    run_queued_jobs(names={"notifications.tasks.send_order_email"})

    shown = format_display(duplicate.amount, order.currency)
    assert customer_history(client, order)[-2:] == [
        f"Second charge of {shown} refunded to your card",
        f"Refund of the second charge ({shown}) did not reach you: it came back to us, and we "
        "will contact you about paying it back",
    ]
    [email] = [sent for sent in mail.outbox if "did not reach you" in sent.subject]
    assert email.subject == f"Your refund for order {order.number} did not reach you"
    assert f"{shown} we made for your order {order.number} did not reach you" in email.body
    assert "the card you paid with was reported lost or stolen" in email.body


def came_back(duplicate, send_event, *, stripe_reads_it=True) -> None:
    """The customer's bank sent the duplicate's refund back: Stripe reports it failed. Not
    `stripe_reads_it`, a read of the charge still lists it succeeded (localstripe never
    learns of it; Stripe's charge may lag its `refund.failed` the same way)."""
    refund = localstripe_call("GET", f"/v1/refunds/{duplicate.stripe_refund_id}")
    if stripe_reads_it:
        stripe_ends(duplicate, "failed")
    failed = {**refund, "status": "failed", "failure_reason": "lost_or_stolen_card"}
    assert send_event(build_event("refund.failed", failed)).status_code == 200
    assert duplicate_of(duplicate.payment).status == DuplicateStatus.REFUND_FAILED


def refunded_emails(order) -> list:
    run_queued_jobs(names={"notifications.tasks.send_order_email"})
    subject = f"We refunded a payment for order {order.number}"
    return [sent for sent in mail.outbox if sent.subject == subject]


def test_a_duplicate_staff_refund_again_after_its_refund_came_back_emails_the_customer_again(
    refunded_duplicate, send_event, localstripe
):
    """The customer, emailed that their refund did not reach them, was never emailed that
    the new one did: the email was keyed by the duplicate alone. Stripe answers the new
    refund `pending`; its `charge.refunded` and reconciliation both confirm it: one email."""
    order, first, duplicate = refunded_duplicate
    assert len(refunded_emails(order)) == 1
    came_back(duplicate, send_event)
    localstripe.refunds_answer("pending")
    again = refund_duplicate(first, "Customer asked again")
    assert again.status == DuplicateStatus.REFUND_PENDING
    stripe_pays_refund(again.stripe_refund_id)

    for _ in (1, 2):
        charge = charge_json(first)
        assert send_event(build_event("charge.refunded", charge)).status_code == 200
    reconcile()

    again = duplicate_of(first)
    assert again.status == DuplicateStatus.REFUNDED
    assert again.stripe_refund_id not in ("", None, duplicate.stripe_refund_id)
    assert [e.data["stripe_refund_id"] for e in duplicate_events(order, "refunded")] == [
        duplicate.stripe_refund_id,
        again.stripe_refund_id,
    ]
    assert len(refunded_emails(order)) == 2


def test_a_duplicate_refunded_again_in_stripe_s_dashboard_after_its_refund_came_back_emails_again(
    refunded_duplicate, send_event
):
    """Refunded again in Stripe's dashboard, reported by `charge.refunded` (twice) listing
    the new refund beside the one that came back, and read again by reconciliation."""
    order, first, duplicate = refunded_duplicate
    came_back(duplicate, send_event)
    charge_id = charge_json(first)["id"]
    new = localstripe_call("POST", "/v1/refunds", {"charge": charge_id, "amount": first.amount})

    for _ in (1, 2):
        charge = charge_json(first)
        assert send_event(build_event("charge.refunded", charge)).status_code == 200
    reconcile()

    again = duplicate_of(first)
    assert (again.status, again.stripe_refund_id) == (DuplicateStatus.REFUNDED, new["id"])
    assert [e.data["stripe_refund_id"] for e in duplicate_events(order, "refunded")] == [
        duplicate.stripe_refund_id,
        new["id"],
    ]
    assert len(duplicate_events(order, "refund_came_back")) == 1
    assert len(refunded_emails(order)) == 2


def test_a_charge_after_the_cancel_whose_refund_came_back_no_longer_reads_being_refunded(
    stripe_webhook, send_event, client
):
    """The canceled order's page still said "we are refunding it to your card in full" after
    the refund of the payment that went through after the cancel came back."""
    order, payment = started_payment()
    with system_scope():
        order_transition(name="cancel", order=order, actor="staff:support", reason="Asked to")
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    run_stripe_jobs()
    came_back(duplicate_of(payment), send_event)

    client.force_login(order.customer)
    page = client.get(reverse("orders:detail", args=[order.number])).text
    shown = format_display(payment.amount, order.currency)
    assert (
        f"A payment of {shown} went through after the order was canceled: our refund of it did "
        "not reach you, and we will contact you about paying it back." in page
    )
    assert "refunding it" not in page


def test_a_charge_after_the_cancel_whose_refund_stripe_refused_reads_sent_again(
    stripe_webhook, send_event, client
):
    """It read "our refund of it did not reach you, and we will contact you about paying it
    back", as a refund that came back from the bank does: Stripe refused this one outright,
    nobody is asked to contact the customer, and the order stays flagged until staff's
    "Refund duplicate charge" sends it again and Stripe pays it."""
    order, payment = started_payment()
    with system_scope():
        order_transition(name="cancel", order=order, actor="staff:support", reason="Asked to")
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    intent_id = payment.stripe_payment_intent_id
    Payment.objects.filter(pk=payment.pk).update(stripe_payment_intent_id="pi_unknown_to_stripe")
    run_stripe_jobs()
    assert duplicate_of(payment).status == DuplicateStatus.REFUND_FAILED
    Payment.objects.filter(pk=payment.pk).update(stripe_payment_intent_id=intent_id)

    client.force_login(order.customer)
    page = client.get(reverse("orders:detail", args=[order.number])).text
    shown = format_display(payment.amount, order.currency)
    assert (
        f"A payment of {shown} went through after the order was canceled: our refund of it "
        "could not be made, and we will send it again." in page
    )
    assert "contact you" not in page


def charged_after_the_cancel(send_event):
    """The probe's steps: a payment that went through after the cancel, refunded at once."""
    order, payment = started_payment()
    with system_scope():
        order_transition(name="cancel", order=order, actor="staff:support", reason="Asked to")
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    run_stripe_jobs()
    assert duplicate_of(payment).status == DuplicateStatus.REFUNDED
    return order, payment


@pytest.mark.parametrize("charged", ["twice", "after the cancel"])
def test_a_duplicate_refunded_again_after_its_refund_came_back_sends_stripe_a_new_refund(
    charged_twice, stripe_webhook, send_event, charged
):
    """Stripe's charge still read its refund that came back as paid: staff's new request sent
    Stripe nothing, and the duplicate was marked refunded by the refund that came back, the
    customer emailed "We refunded"."""
    if charged == "twice":
        order, payment, _ = charged_twice
        refund_duplicate(payment)
    else:
        order, payment = charged_after_the_cancel(send_event)
    bounced = duplicate_of(payment).stripe_refund_id
    assert len(refunded_emails(order)) == 1
    came_back(duplicate_of(payment), send_event, stripe_reads_it=False)

    refund_duplicate(payment, "customer asked again")
    for charge in (charge_json(payment), {**charge_json(payment), "refunds": None}):
        assert send_event(build_event("charge.refunded", charge)).status_code == 200
    reconcile()

    charge_id = charge_json(payment)["id"]
    listed = localstripe_call("GET", f"/v1/refunds?charge={charge_id}")["data"]
    [new] = [refund["id"] for refund in listed if refund["id"] != bounced]
    after = duplicate_of(payment)
    assert (after.status, after.stripe_refund_id) == (DuplicateStatus.REFUNDED, new)
    refunded = duplicate_events(order, "refunded")
    assert [e.data["stripe_refund_id"] for e in refunded] == [bounced, new]
    assert (refunded[-1].actor, refunded[-1].reason) == (STAFF, "customer asked again")
    assert len(refunded_emails(order)) == 2


@pytest.mark.parametrize("listed", [True, False], ids=["with-its-refunds", "without-them"])
def test_the_charge_read_before_its_refund_came_back_never_marks_a_refused_request_refunded(
    refunded_duplicate, send_event, localstripe, listed
):
    """Staff asked again and Stripe refused; Stripe's `charge.refunded` from before the
    refund came back then marked the duplicate refunded by the refund that came back."""
    order, first, duplicate = refunded_duplicate
    old_charge = charge_json(first)
    came_back(duplicate, send_event, stripe_reads_it=False)
    stripe_refuses(localstripe, CARD_DECLINED)
    refund_duplicate(first, "customer asked again")
    charge = old_charge if listed else {**old_charge, "refunds": None}
    assert send_event(build_event("charge.refunded", charge)).status_code == 200
    reconcile()

    after = duplicate_of(first)
    assert (after.status, after.failure_message) == (
        DuplicateStatus.REFUND_FAILED,
        "Your card was declined.",
    )
    assert len(duplicate_events(order, "refunded")) == 1
    assert len(refunded_emails(order)) == 1


def test_a_duplicate_refund_stripe_failed_is_not_what_pays_back_staff_s_next_request(
    charged_twice, stripe_answers_pending, send_event
):
    """Stripe answered `pending`, then failed it; the charge still listed it succeeded, and
    staff's next request, sending Stripe nothing, was marked refunded by it."""
    order, first, _ = charged_twice
    failed = refund_duplicate(first)
    stripe_pays_refund(failed.stripe_refund_id)  # the charge lists it so: paid, then failed
    refund = localstripe_call("GET", f"/v1/refunds/{failed.stripe_refund_id}")
    refund = {**refund, "status": "failed", "failure_reason": "lost_or_stolen_card"}
    assert send_event(build_event("refund.failed", refund)).status_code == 200
    [refused] = duplicate_events(order, "refund_failed")
    assert refused.data["stripe_refund_id"] == failed.stripe_refund_id

    stripe_pays_refund(refund_duplicate(first, "customer asked again").stripe_refund_id)
    assert send_event(build_event("charge.refunded", charge_json(first))).status_code == 200
    reconcile()

    after = duplicate_of(first)
    assert after.status == DuplicateStatus.REFUNDED
    assert after.stripe_refund_id not in ("", None, failed.stripe_refund_id)
    [refunded] = duplicate_events(order, "refunded")
    assert refunded.data["stripe_refund_id"] == after.stripe_refund_id
    assert len(refunded_emails(order)) == 1


def test_a_charge_after_the_cancel_whose_refund_stripe_refused_says_so_in_the_history(
    stripe_webhook, send_event, client, localstripe
):
    """Outside probe BT-4: the page said "our refund of it could not be made, and we will send
    it again", but its history still ended "it is being refunded"."""
    order, payment = started_payment()
    with system_scope():
        order_transition(name="cancel", order=order, actor="staff:support", reason="Asked to")
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    stripe_refuses(localstripe, CARD_DECLINED)
    run_stripe_jobs()

    shown = format_display(payment.amount, order.currency)
    assert customer_history(client, order)[-2:] == [
        f"Payment of {shown} went through after the cancel: it is being refunded",
        f"Our refund of {shown} could not be made: we will send it again",
    ]


def test_a_charge_after_the_cancel_refunded_again_after_its_refund_came_back_keeps_contact_you(
    stripe_webhook, send_event, client, localstripe
):
    """Staff's new refund, after one came back from the bank, that Stripe refused: the page
    still says we will contact the customer, and so does the history."""
    order, payment = charged_after_the_cancel(send_event)
    came_back(duplicate_of(payment), send_event)
    stripe_refuses(localstripe, CARD_DECLINED)
    assert refund_duplicate(payment, "asked again").status == DuplicateStatus.REFUND_FAILED

    shown = format_display(payment.amount, order.currency)
    assert customer_history(client, order)[-1] == (
        f"Refund of the payment of {shown} did not reach you: it came back to us, and we will "
        "contact you about paying it back"
    )
