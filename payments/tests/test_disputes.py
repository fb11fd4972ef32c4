"""Stripe disputes through the real webhook endpoint: one row per dispute, the order suspended
while it is open, restored when won, closed for good when lost, in whatever order the
events arrive."""

import logging
import time

import pytest
from django.core import mail
from django.urls import reverse
from djstripe.enums import DisputeStatus

from analytics.models import BusinessEvent, BusinessEventKind
from delivery.models import DownloadLink
from morpheus.db_context import Scope, rls_scope, system_scope
from morpheus_testing.factories import UserFactory, create_order
from morpheus_testing.jobs import queued_jobs, run_queued_jobs
from morpheus_testing.stripe_signing import build_event
from orders import services as order_services
from orders.transitions import OrderStatus
from payments.models import Dispute, Payment
from payments.services import refund_create
from payments.services.refund_failures import refund_fail
from payments.tests.helpers import reload, run_stripe_jobs, started_payment
from payments.tests.test_webhooks import intent_payload

pytestmark = pytest.mark.django_db

EVIDENCE_DUE = int(time.time()) + 7 * 86400


def dispute_payload(payment: Payment, state: str, **overrides) -> dict:
    return {
        "id": "dp_1",
        "object": "dispute",
        "amount": payment.amount,
        "currency": payment.currency.lower(),
        "charge": payment.stripe_charge_id or "ch_unknown",
        "payment_intent": payment.stripe_payment_intent_id,
        "reason": "fraudulent",
        "status": state,
        "evidence_details": {"due_by": EVIDENCE_DUE, "has_evidence": False},
        **overrides,
    }


@pytest.fixture
def delivered(stripe_webhook, send_event):
    """A paid order whose links went out by email (its jobs ran; the outbox is emptied)."""
    order, payment = started_payment()
    send_event(build_event("payment_intent.succeeded", intent_payload(payment, "succeeded")))
    run_queued_jobs()
    mail.outbox = []
    assert reload(order).status == OrderStatus.FULFILLED
    return reload(order), payment


def send_dispute(send_event, payment: Payment, event_type: str, state: str, **overrides):
    response = send_event(build_event(event_type, dispute_payload(payment, state, **overrides)))
    assert response.status_code == 200
    return response


def dispute_row() -> Dispute:
    with system_scope():
        return Dispute.objects.get(stripe_dispute_id="dp_1")


def active_links(order) -> int:
    with system_scope():
        return DownloadLink.objects.filter(order=order, revoked_at__isnull=True).count()


def dispute_history(order) -> list[str]:
    with system_scope():
        return [
            event.data.get("action", "opened")
            for event in order.events.filter(type="disputed").order_by("created_at", "id")
        ]


def test_created_records_the_dispute_flags_the_order_and_suspends_its_downloads(
    delivered, send_event
):
    order, payment = delivered
    assert active_links(order) == 1
    send_dispute(send_event, payment, "charge.dispute.created", "needs_response")
    send_dispute(send_event, payment, "charge.dispute.created", "needs_response")

    row = dispute_row()
    assert (row.order_id, row.payment_id, row.reason, row.status) == (
        order.pk,
        payment.pk,
        "fraudulent",
        DisputeStatus.needs_response,
    )
    assert (row.amount, row.currency) == (payment.amount, payment.currency)
    assert int(row.evidence_due_by.timestamp()) == EVIDENCE_DUE
    order = reload(order)
    assert order.disputed_at is not None
    assert "fraudulent" in order.flagged_reason
    assert dispute_history(order) == ["opened"]
    assert active_links(order) == 0


def test_a_dispute_in_another_currency_than_its_charge_is_flagged_not_applied(
    delivered, send_event
):
    """Outside probe HS-4: 999.99 USD lost of a EUR order was applied as euros: the receipt
    read "-€999.99", and the flag named the order's euros USD."""
    order, payment = delivered
    send_dispute(send_event, payment, "charge.dispute.closed", "lost", amount=99999, currency="usd")

    order = reload(order)
    with system_scope():
        assert not Dispute.objects.exists()
    assert order.status == OrderStatus.FULFILLED
    assert active_links(order) == 1
    assert (
        f"Stripe told of dispute dp_1 in USD, not in the currency of payment "
        f"{payment.stripe_payment_intent_id} (EUR): not applied. Check it at Stripe."
    ) in order.flagged_reason


def test_updated_follows_the_status_and_the_evidence_deadline(delivered, send_event):
    _, payment = delivered
    send_dispute(send_event, payment, "charge.dispute.created", "needs_response")
    later = EVIDENCE_DUE + 86400
    send_dispute(
        send_event,
        payment,
        "charge.dispute.updated",
        "under_review",
        evidence_details={"due_by": later},
    )
    row = dispute_row()
    assert row.status == DisputeStatus.under_review
    assert int(row.evidence_due_by.timestamp()) == later
    assert row.closed_at is None


def test_won_restores_access_and_emails_the_customer_fresh_links_once(delivered, send_event):
    order, payment = delivered
    send_dispute(send_event, payment, "charge.dispute.created", "needs_response")
    run_queued_jobs()
    send_dispute(send_event, payment, "charge.dispute.closed", "won")
    send_dispute(send_event, payment, "charge.dispute.closed", "won")

    order = reload(order)
    assert order.disputed_at is None
    assert order.flagged_reason == ""
    assert dispute_history(order) == ["opened", "won"]
    row = dispute_row()
    assert row.status == DisputeStatus.won
    assert row.closed_at is not None
    assert run_queued_jobs() == ["delivery.tasks.send_fresh_links"]
    (message,) = mail.outbox
    assert message.to == [order.email]
    assert "/downloads/" in message.body
    assert active_links(order) == 1


def test_won_clears_the_dispute_from_the_flag_and_keeps_another_warning(delivered, send_event):
    order, payment = delivered
    send_dispute(send_event, payment, "charge.dispute.created", "needs_response")
    warning = "VIES refused VAT number DE136695976: check the VAT charged."
    with system_scope():
        order_services.order_flag(order=reload(order), actor="vies", reason=warning)
    assert reload(order).flagged_reason == f"Dispute dp_1 opened: fraudulent\n{warning}"

    send_dispute(send_event, payment, "charge.dispute.closed", "won")

    order = reload(order)
    assert (order.disputed_at, order.flagged_reason) == (None, warning)


def failed_refund(order, payment: Payment) -> str:
    """A refund Stripe refuses (its PaymentIntent unknown there): the order is flagged to
    refund again. Returns the flag's line."""
    Payment.objects.filter(pk=payment.pk).update(stripe_payment_intent_id="pi_unknown_to_stripe")
    refund_create(order=order, amount=100, reason="Customer asked", actor="staff:finance")
    run_stripe_jobs()
    Payment.objects.filter(pk=payment.pk).update(
        stripe_payment_intent_id=payment.stripe_payment_intent_id
    )
    (line,) = reload(order).flagged_reason.splitlines()
    assert line.startswith("A refund failed at Stripe: 1.00 EUR")
    return line


def test_a_dispute_joins_a_failed_refund_in_the_flag_and_its_win_leaves_the_refund_to_settle(
    delivered, send_event, finance_client
):
    """Outside probe BI-4: the dispute's line replaced the failed refund's, and the win
    left the order unflagged with the refund still owed and no way to settle it."""
    order, payment = delivered
    refund_line = failed_refund(order, payment)

    send_dispute(send_event, payment, "charge.dispute.created", "needs_response")
    assert reload(order).flagged_reason.splitlines() == [
        refund_line,
        "Dispute dp_1 opened: fraudulent",
    ]

    send_dispute(send_event, payment, "charge.dispute.closed", "won")
    assert reload(order).flagged_reason == refund_line
    page = finance_client.get(reverse("admin:orders_order_change", args=[order.pk]))
    assert "Settle the failed refund without refunding" in page.content.decode()


def test_each_open_dispute_has_its_own_line_which_its_win_alone_removes(delivered, send_event):
    order, payment = delivered
    send_dispute(send_event, payment, "charge.dispute.created", "needs_response")
    send_dispute(
        send_event, payment, "charge.dispute.created", "needs_response", id="dp_2", reason="general"
    )
    assert reload(order).flagged_reason.splitlines() == [
        "Dispute dp_1 opened: fraudulent",
        "Dispute dp_2 opened: general",
    ]

    send_dispute(send_event, payment, "charge.dispute.closed", "won")
    assert reload(order).flagged_reason == "Dispute dp_2 opened: general"
    send_dispute(send_event, payment, "charge.dispute.closed", "won", id="dp_2", reason="general")
    order = reload(order)
    assert (order.flagged_reason, order.disputed_at) == ("", None)


def test_lost_keeps_the_order_closed_and_records_the_loss(delivered, send_event):
    order, payment = delivered
    send_dispute(send_event, payment, "charge.dispute.created", "needs_response")
    send_dispute(send_event, payment, "charge.dispute.closed", "lost")
    send_dispute(send_event, payment, "charge.dispute.closed", "lost")

    order = reload(order)
    assert order.disputed_at is not None
    assert dispute_history(order) == ["opened", "lost"]
    assert dispute_row().status == DisputeStatus.lost
    assert active_links(order) == 0
    assert "delivery.tasks.send_fresh_links" not in {name for _, name, _ in queued_jobs()}


def test_a_dispute_lost_for_all_that_was_left_leaves_the_flag_and_no_other_line(
    delivered, send_event
):
    """Outside probe BI-3: a lost dispute stayed in the flagged list for good, still reading
    "opened", with nothing left for staff to do and no way to clear it."""
    order, payment = delivered
    warning = "VIES refused VAT number DE136695976: check the VAT charged."
    with system_scope():
        order_services.order_flag(order=order, actor="vies", reason=warning)
    send_dispute(send_event, payment, "charge.dispute.created", "needs_response")
    send_dispute(send_event, payment, "charge.dispute.closed", "lost")

    assert reload(order).flagged_reason == warning


def test_a_dispute_lost_for_all_that_was_paid_settles_a_failed_refund_it_gave_back(
    delivered, send_event
):
    """Outside probe DN-1: the refund failed, the customer's bank then took the payment
    back, and the flag still asked staff to pay the customer another way."""
    order, payment = delivered
    with system_scope():
        refund = refund_create(order=order, amount=order.total_amount, reason="r", actor="t")
        refund_fail(refund, message="Declined by the bank")
    assert reload(order).flagged_reason.startswith("A refund failed at Stripe: ")
    send_dispute(send_event, payment, "charge.dispute.created", "needs_response")

    send_dispute(send_event, payment, "charge.dispute.closed", "lost")

    order = reload(order)
    assert order.flagged_reason == ""
    with system_scope():
        settled = order.events.get(type="flagged", data__has_key="settled")
    assert settled.reason.endswith(
        "the customer's bank gave them the payment back, so no refund is owed to them."
    )
    assert settled.data["settled"][0].startswith("A refund failed at Stripe: ")


def test_a_loss_won_after_all_brings_back_the_owed_refund_lines_it_settled(delivered, send_event):
    """Outside probe FO-4: the refund owed to the customer was settled by the loss ("their
    bank gave them the payment back"); won after all, that payment is undone, the customer
    is owed the refund again, and nothing said so."""
    order, payment = delivered
    with system_scope():
        refund = refund_create(order=order, amount=order.total_amount, reason="r", actor="t")
        refund_fail(refund, message="Declined by the bank")
    owed = reload(order).flagged_reason
    send_dispute(send_event, payment, "charge.dispute.created", "needs_response")
    send_dispute(send_event, payment, "charge.dispute.closed", "lost")
    assert reload(order).flagged_reason == ""

    send_dispute(send_event, payment, "charge.dispute.closed", "won")

    assert reload(order).flagged_reason == owed


def test_a_dispute_lost_for_part_of_the_payment_asks_staff_about_the_rest_until_refunded(
    delivered, send_event, finance_client
):
    order, payment = delivered
    send_dispute(send_event, payment, "charge.dispute.created", "needs_response", amount=200)
    send_dispute(send_event, payment, "charge.dispute.closed", "lost", amount=200)

    assert reload(order).flagged_reason == (
        "A lost dispute left money paid: dp_1 took back 2.00 EUR; 2.99 EUR stays paid while "
        "the order's downloads stay closed: refund it, or tell the customer why not."
    )
    page = finance_client.get(reverse("admin:orders_order_change", args=[order.pk]))
    assert 'id="settle-refund-failures"' in page.content.decode()

    refund_create(order=reload(order), amount=299, reason="Rest of it", actor="staff:finance")
    run_stripe_jobs()
    assert reload(order).flagged_reason == ""


def test_a_partial_loss_won_after_all_after_the_rest_was_refunded_asks_staff_about_it(
    delivered, send_event
):
    """Outside probe ER-1: staff refunded all the loss left paid, the preview saying the
    downloads stay closed; the loss reversed, the customer had them again for the 2.00 the
    loss had taken, and nothing told staff. ER-2: the row kept the loss's time as its close."""
    order, payment = delivered
    send_dispute(send_event, payment, "charge.dispute.closed", "lost", amount=200)
    refund_create(order=reload(order), amount=299, reason="Rest of it", actor="staff:finance")
    run_stripe_jobs()
    lost_at = dispute_row().closed_at

    send_dispute(send_event, payment, "charge.dispute.closed", "won", amount=200)

    order = reload(order)
    assert (order.status, order.disputed_at) == (OrderStatus.FULFILLED, None)
    assert order.flagged_reason == (
        "A lost dispute was won after refunds: dp_1 was lost, then won after all, after 2.99 "
        "EUR was refunded while the loss stood: the customer has their downloads again and "
        "2.00 EUR stays paid. Refund it too, or settle this line to leave them their comics "
        "for it."
    )
    assert dispute_row().closed_at > lost_at
    refund_create(order=order, amount=200, reason="Close it", actor="staff:finance")
    run_stripe_jobs()
    order = reload(order)
    assert (order.status, order.flagged_reason) == (OrderStatus.REFUNDED, "")


def test_a_dispute_lost_for_more_than_refunds_left_paid_flags_the_order_for_finance(
    delivered, send_event, finance_client
):
    """Outside probe DW-1: 1.00 refunded, then a dispute of all 4.99 lost: the customer had
    5.99 back on a 4.99 payment, and nothing told staff."""
    order, payment = delivered
    refund_create(order=order, amount=100, reason="Goodwill", actor="staff:finance")
    run_stripe_jobs()
    send_dispute(send_event, payment, "charge.dispute.closed", "lost")

    assert reload(order).flagged_reason == (
        "A lost dispute took back more than stayed paid: dp_1 took back 4.99 EUR, 1.00 EUR "
        "more than the 3.99 EUR that stayed paid after refunds: the customer got back more "
        "than they paid. Ask Stripe about it (answer the dispute, or ask for the difference), "
        "then settle this line."
    )
    page = finance_client.get(reverse("admin:orders_order_change", args=[order.pk]))
    assert 'id="settle-refund-failures"' in page.content.decode()

    send_dispute(send_event, payment, "charge.dispute.closed", "won")

    # Outside probe DZ-1: won after all, the line still asked Finance to ask Stripe.
    assert reload(order).flagged_reason == ""


def test_a_second_lost_dispute_taking_what_the_first_left_paid_leaves_no_line(
    delivered, send_event
):
    """Found on the final read of outside probe DN-1's fix: the first loss's line kept
    saying 2.99 EUR stayed paid after a second loss took it back."""
    order, payment = delivered
    for dispute, amount in (("dp_1", 200), ("dp_2", 299)):
        send_dispute(
            send_event,
            payment,
            "charge.dispute.created",
            "needs_response",
            id=dispute,
            amount=amount,
        )
        send_dispute(
            send_event, payment, "charge.dispute.closed", "lost", id=dispute, amount=amount
        )

    assert reload(order).flagged_reason == ""


def test_a_loss_won_after_all_flags_a_comic_the_customer_bought_again_meanwhile(
    delivered, send_event
):
    """Outside probe FO-6: lost in full, the comic bought again, then won after all: the
    customer had paid for it twice and nothing was flagged."""
    order, payment = delivered
    send_dispute(send_event, payment, "charge.dispute.closed", "lost", amount=order.total_amount)
    with system_scope():
        item = order.items.get()
        again = create_order(customer=order.customer, comics=[item.comic], status="fulfilled")

    send_dispute(send_event, payment, "charge.dispute.closed", "won", amount=order.total_amount)

    assert reload(order).flagged_reason == (
        "A lost dispute won after all gives back comics bought again: dp_1 was lost, then won "
        f"after all: {item.title} (in {again.number}) was bought again while the loss stood. "
        "Refund one of them, or the customer pays for it twice; then settle this line."
    )


def test_a_partial_loss_won_after_all_leaves_the_flag(delivered, send_event):
    order, payment = delivered
    send_dispute(send_event, payment, "charge.dispute.closed", "lost", amount=200)
    send_dispute(send_event, payment, "charge.dispute.closed", "won", amount=200)

    order = reload(order)
    assert (order.flagged_reason, order.disputed_at) == ("", None)


def test_a_lost_dispute_records_what_the_bank_took_back_and_a_win_after_it_gives_it_back(
    delivered, send_event
):
    """Outside probe: the reports counted a charged-back payment as the shop's money."""
    order, payment = delivered
    send_dispute(send_event, payment, "charge.dispute.closed", "lost", amount=600)
    send_dispute(send_event, payment, "charge.dispute.closed", "lost", amount=600)
    run_queued_jobs()
    assert chargebacks_recorded(order) == [600]
    assert reload(order).disputed_at is not None

    send_dispute(send_event, payment, "charge.dispute.closed", "won", amount=600)
    send_dispute(send_event, payment, "charge.dispute.funds_reinstated", "won", amount=600)
    run_queued_jobs()

    assert chargebacks_recorded(order) == [600, -600]
    assert dispute_row().status == DisputeStatus.won
    order = reload(order)
    assert order.disputed_at is None
    assert dispute_history(order) == ["opened", "lost", "loss_reversed", "won", "funds_reinstated"]
    assert active_links(order) == 1


def chargebacks_recorded(order) -> list[int]:
    with system_scope():
        events = BusinessEvent.objects.filter(order=order, kind=BusinessEventKind.CHARGEBACK)
        return list(events.order_by("occurred_at", "pk").values_list("amount", flat=True))


def test_closed_before_created_creates_the_row_and_the_late_created_does_not_reopen_it(
    delivered, send_event
):
    order, payment = delivered
    send_dispute(send_event, payment, "charge.dispute.closed", "won")
    send_dispute(send_event, payment, "charge.dispute.created", "needs_response")

    assert dispute_row().status == DisputeStatus.won
    order = reload(order)
    assert order.disputed_at is None
    assert dispute_history(order) == ["won"]
    assert active_links(order) == 1


def test_lost_before_created_closes_the_order(delivered, send_event):
    order, payment = delivered
    send_dispute(send_event, payment, "charge.dispute.closed", "lost")
    send_dispute(send_event, payment, "charge.dispute.created", "needs_response")

    assert dispute_row().status == DisputeStatus.lost
    order = reload(order)
    assert order.disputed_at is not None
    assert dispute_history(order) == ["opened", "lost"]
    assert active_links(order) == 0


def test_funds_withdrawn_and_reinstated_are_recorded_once_each(delivered, send_event):
    order, payment = delivered
    for _ in range(2):
        send_dispute(send_event, payment, "charge.dispute.funds_withdrawn", "needs_response")
    for _ in range(2):
        send_dispute(send_event, payment, "charge.dispute.funds_reinstated", "won")
    send_dispute(send_event, payment, "charge.dispute.closed", "won")

    row = dispute_row()
    assert row.funds_withdrawn_at is not None
    assert row.funds_reinstated_at >= row.funds_withdrawn_at
    assert row.status == DisputeStatus.won
    assert dispute_history(reload(order)) == [
        "opened",
        "funds_withdrawn",
        "won",
        "funds_reinstated",
    ]


def test_a_dispute_of_a_charge_that_is_not_ours_is_ignored(stripe_webhook, send_event):
    foreign = {
        "id": "dp_foreign",
        "object": "dispute",
        "amount": 500,
        "currency": "eur",
        "charge": "ch_not_ours",
        "payment_intent": "pi_not_ours",
        "reason": "general",
        "status": "needs_response",
    }
    assert send_event(build_event("charge.dispute.created", foreign)).status_code == 200
    with system_scope():
        assert not Dispute.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"id": None},
        {"amount": "1000"},
        {"status": 7},
        {"currency": None},
        {"charge": ["ch"]},
        {"amount": 2**63},
        {"id": "dp_" + "x" * 253},
    ],
    ids=[
        "no-id",
        "amount-text",
        "status-number",
        "no-currency",
        "charge-list",
        "amount-beyond-bigint",
        "id-too-long",
    ],
)
def test_a_malformed_dispute_is_answered_200_logged_and_changes_nothing(
    delivered, send_event, caplog, overrides
):
    order, payment = delivered
    caplog.set_level(logging.WARNING, logger="payments.webhooks.handlers")
    send_dispute(send_event, payment, "charge.dispute.created", "needs_response", **overrides)
    with system_scope():
        assert not Dispute.objects.exists()
    assert reload(order).disputed_at is None
    assert any(
        record.levelname == "WARNING" and "Malformed charge.dispute.created" in record.message
        for record in caplog.records
    )


def test_disputes_are_under_row_level_security(delivered, send_event):
    order, payment = delivered
    send_dispute(send_event, payment, "charge.dispute.created", "needs_response")
    with rls_scope(scope=Scope.CUSTOMER, user_id=order.customer_id):
        assert Dispute.objects.count() == 1
    with rls_scope(scope=Scope.CUSTOMER, user_id=UserFactory().pk):
        assert Dispute.objects.count() == 0


def test_a_second_open_dispute_keeps_the_order_suspended_when_the_first_is_won(
    delivered, send_event
):
    order, payment = delivered
    send_dispute(send_event, payment, "charge.dispute.created", "needs_response")
    send_dispute(send_event, payment, "charge.dispute.created", "needs_response", id="dp_2")
    send_dispute(send_event, payment, "charge.dispute.closed", "won")

    assert reload(order).disputed_at is not None
    assert active_links(order) == 0


def test_the_staff_order_page_shows_the_disputes(delivered, send_event, support_client):
    order, payment = delivered
    page = support_client.get(reverse("admin:orders_order_change", args=[order.pk]))
    assert b'id="disputes"' not in page.content

    send_dispute(send_event, payment, "charge.dispute.created", "needs_response")
    send_dispute(send_event, payment, "charge.dispute.closed", "lost")
    page = support_client.get(reverse("admin:orders_order_change", args=[order.pk]))
    assert [d.stripe_dispute_id for d in page.context["disputes"]] == ["dp_1"]
    section = page.content.decode().split('id="disputes"')[1].split("</section>")[0]
    assert "dp_1" in section
    assert "fraudulent" in section
    assert "Lost" in section


def test_the_staff_order_page_marks_an_inquiry_as_taking_no_funds(
    delivered, send_event, support_client
):
    order, payment = delivered
    send_dispute(send_event, payment, "charge.dispute.created", "warning_needs_response")
    page = support_client.get(reverse("admin:orders_order_change", args=[order.pk]))
    section = page.content.decode().split('id="disputes"')[1].split("</section>")[0]
    assert "Warning needs response" in section
    assert "inquiry: no funds taken" in section

    send_dispute(send_event, payment, "charge.dispute.updated", "needs_response")
    page = support_client.get(reverse("admin:orders_order_change", args=[order.pk]))
    section = page.content.decode().split('id="disputes"')[1].split("</section>")[0]
    assert "Needs response" in section
    assert "inquiry" not in section


def test_a_dispute_before_fulfilment_holds_the_links_until_it_is_won(stripe_webhook, send_event):
    order, payment = started_payment()
    send_event(build_event("payment_intent.succeeded", intent_payload(payment, "succeeded")))
    send_dispute(send_event, payment, "charge.dispute.created", "needs_response")
    run_queued_jobs()
    assert reload(order).status == OrderStatus.PAID
    assert active_links(order) == 0
    assert not [m for m in mail.outbox if m.subject.endswith(" ready")]

    send_dispute(send_event, payment, "charge.dispute.closed", "won")
    run_queued_jobs()
    assert reload(order).status == OrderStatus.FULFILLED
    assert active_links(order) == 1
    (message,) = [m for m in mail.outbox if m.subject.endswith(" ready")]
    assert "/downloads/" in message.body
