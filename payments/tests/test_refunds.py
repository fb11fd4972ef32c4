"""Staff refunds against localstripe, confirmed by `charge.refunded`."""

import pytest

from delivery.models import DownloadLink
from morpheus.db_context import system_scope
from morpheus_testing.stripe_signing import build_event
from orders.transitions import OrderStatus
from payments import stripe_client
from payments.errors import PaymentProviderUnreachable, RefundExceedsRemaining, RefundNotAllowed
from payments.models import Payment, Refund, RefundStatus
from payments.services import refund_create
from payments.tests.helpers import (
    charge_json,
    intent_json,
    issue_download_links,
    reload,
    started_payment,
)

pytestmark = pytest.mark.django_db
STAFF = "staff:admin"


@pytest.fixture
def paid(stripe_webhook, send_event, django_capture_on_commit_callbacks):
    """A fulfilled order (download links issued) paid through localstripe."""
    order, payment = started_payment()
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    issue_download_links(order)
    return reload(order), payment


def refund(order, amount, captured, reason="Customer asked"):
    with captured(execute=True):
        row = refund_create(order=order, amount=amount, reason=reason, actor=STAFF)
    row.refresh_from_db()
    return row


def test_partial_refund_is_confirmed_by_charge_refunded(
    paid, send_event, django_capture_on_commit_callbacks
):
    order, payment = paid
    row = refund(order, 100, django_capture_on_commit_callbacks)
    assert row.status == RefundStatus.PENDING
    assert row.stripe_refund_id.startswith("re_")
    charge = charge_json(payment)
    assert charge["amount_refunded"] == 100

    send_event(build_event("charge.refunded", charge))
    row.refresh_from_db()
    assert row.status == RefundStatus.SUCCEEDED
    order = reload(order)
    assert (order.refunded_amount, order.status) == (100, OrderStatus.FULFILLED)
    assert order.events.filter(type="refund").count() == 2  # requested, confirmed


def test_full_refund_moves_order_to_refunded_and_revokes_downloads(
    paid, send_event, django_capture_on_commit_callbacks
):
    order, payment = paid
    with system_scope():
        assert DownloadLink.objects.filter(order=order, revoked_at__isnull=True).exists()
    refund(order, order.total_amount, django_capture_on_commit_callbacks)
    event = build_event("charge.refunded", charge_json(payment))
    send_event(event)
    send_event(build_event("charge.refunded", charge_json(payment)))  # a late duplicate
    order = reload(order)
    assert (order.status, order.refunded_amount) == (OrderStatus.REFUNDED, order.total_amount)
    with system_scope():
        assert not DownloadLink.objects.filter(order=order, revoked_at__isnull=True).exists()
    assert order.events.filter(to_status=OrderStatus.REFUNDED).count() == 1


def test_repeated_refund_request_refunds_once(paid, django_capture_on_commit_callbacks):
    order, payment = paid
    first = refund(order, 100, django_capture_on_commit_callbacks)
    second = refund(order, 100, django_capture_on_commit_callbacks)
    assert first.pk == second.pk
    assert Refund.objects.filter(order=order).count() == 1
    assert len(charge_json(payment)["refunds"]["data"]) == 1


def test_refund_above_what_is_left_is_refused(paid, django_capture_on_commit_callbacks):
    order, payment = paid
    refund(order, 300, django_capture_on_commit_callbacks)
    with pytest.raises(RefundExceedsRemaining):
        refund(order, 200, django_capture_on_commit_callbacks)
    with pytest.raises(RefundExceedsRemaining):
        refund(order, order.total_amount + 1, django_capture_on_commit_callbacks, reason="other")
    assert Refund.objects.filter(order=order).count() == 1
    assert charge_json(payment)["amount_refunded"] == 300


def test_unpaid_order_cannot_be_refunded(stripe_settings, django_capture_on_commit_callbacks):
    order, _ = started_payment()
    with pytest.raises(RefundNotAllowed):
        refund(order, 100, django_capture_on_commit_callbacks)


def test_stripe_error_fails_the_refund_and_changes_nothing_else(
    paid, django_capture_on_commit_callbacks
):
    order, payment = paid
    Payment.objects.filter(pk=payment.pk).update(stripe_payment_intent_id="pi_unknown_to_stripe")
    row = refund(order, 100, django_capture_on_commit_callbacks)
    assert row.status == RefundStatus.FAILED
    assert row.failure_message
    after = reload(order)
    assert (after.status, after.refunded_amount, after.version) == (
        order.status,
        order.refunded_amount,
        order.version,
    )


def test_refund_with_lost_answer_stays_pending_and_retry_reuses_its_key(
    paid, django_capture_on_commit_callbacks, monkeypatch
):
    """Unit test: stubs the Stripe client to lose the first answer."""
    order, _ = paid
    sent_keys = []

    def lose_first_answer(**kwargs):
        sent_keys.append(kwargs["idempotency_key"])
        if len(sent_keys) == 1:
            raise PaymentProviderUnreachable("timeout")
        return {"id": "re_stubbed"}

    monkeypatch.setattr(stripe_client, "refund_create", lose_first_answer)
    first = refund(order, 100, django_capture_on_commit_callbacks)
    assert (first.status, first.stripe_refund_id) == (RefundStatus.PENDING, None)
    second = refund(order, 100, django_capture_on_commit_callbacks)
    assert second.pk == first.pk
    assert second.stripe_refund_id == "re_stubbed"
    assert sent_keys == [f"refund-{first.pk}", f"refund-{first.pk}"]


def test_charge_refunded_for_an_unknown_charge_is_answered_200(stripe_webhook, send_event):
    charge = {"id": "ch_x", "object": "charge", "payment_intent": "pi_x", "amount_refunded": 5}
    assert send_event(build_event("charge.refunded", charge)).status_code == 200
