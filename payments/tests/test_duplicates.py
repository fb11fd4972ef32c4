"""A customer charged twice for one order (two PaymentIntents that both succeed) against
localstripe: the second charge is recorded as a duplicate and paid back at payment level,
never as a refund of the order (its status, links, invoice and refunded total stay)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from delivery.models import DownloadLink
from delivery.services import download_links_fulfil, download_links_reissue_by_staff
from invoicing.models import DocumentKind, Invoice
from morpheus.db_context import system_scope
from morpheus.money import format_money
from morpheus_testing.jobs import queued_jobs, run_queued_jobs, run_task
from morpheus_testing.stripe_signing import build_event
from orders.models import OrderEvent, OrderEventType
from orders.services import order_transition
from orders.transitions import OrderStatus
from payments import stripe_client
from payments.errors import RefundNotAllowed
from payments.models import DuplicatePayment, DuplicateStatus, Payment, PaymentStatus, Refund
from payments.services import duplicate_payment_refund, payments_reconcile, refund_create
from payments.tasks import STRIPE_RETRY, send_duplicate_refund
from payments.tests.helpers import (
    CARD_DECLINED,
    charge_json,
    charged_twice_at_stripe,
    intent_json,
    localstripe_call,
    reload,
    run_stripe_jobs,
    started_payment,
    stripe_forgets_intent,
    stripe_pays_refund,
    stripe_refuses,
)
from payments.tests.test_refunds import UNREACHABLE

pytestmark = pytest.mark.django_db
STAFF = "staff:finance"
PAY = "payments.tasks.send_payment_intent"


@pytest.fixture
def charged_twice(stripe_webhook, send_event):
    """Attempt 2's success paid and fulfilled the order; then attempt 1's success came:
    the duplicate."""
    order, first, second = charged_twice_at_stripe()
    send_event(build_event("payment_intent.succeeded", intent_json(second)))
    fulfil(order)
    send_event(build_event("payment_intent.succeeded", intent_json(first)))
    first.refresh_from_db()
    return reload(order), first, second


@pytest.fixture
def stripe_answers_pending(stripe_settings, localstripe):
    """localstripe refunds at once; real Stripe may answer `pending` and confirm later: the
    stand-in keeps the refunds made from now on `pending`, and answers so."""
    localstripe.refunds_answer("pending")


# The link the fulfilment issued for each order (its token is known only when issued).
ISSUED = {}


def fulfil(order) -> None:
    """What the fulfilment job does for the paid order."""
    with system_scope():
        [ISSUED[order.pk]] = download_links_fulfil(order_id=order.pk, actor="test:fulfilment")


def credit_notes(order) -> int:
    with system_scope():
        return Invoice.objects.filter(order=order, kind=DocumentKind.CREDIT_NOTE).count()


def invoices(order) -> int:
    with system_scope():
        return Invoice.objects.filter(order=order, kind=DocumentKind.INVOICE).count()


def active_links(order) -> list[DownloadLink]:
    with system_scope():
        return list(DownloadLink.objects.filter(order=order, revoked_at__isnull=True))


def duplicate_of(payment: Payment) -> DuplicatePayment:
    with system_scope():
        return DuplicatePayment.objects.get(payment=payment)


def duplicate_events(order, action: str) -> list[OrderEvent]:
    with system_scope():
        return list(
            OrderEvent.objects.filter(
                order=order, type=OrderEventType.DUPLICATE_PAYMENT, data__action=action
            )
        )


def refund_duplicate(payment: Payment, reason="Charged twice") -> DuplicatePayment:
    """What the admin's "Refund duplicate charge" does, then its job, as a worker would."""
    duplicate_payment_refund(payment=payment, actor=STAFF, reason=reason)
    run_stripe_jobs()
    return duplicate_of(payment)


def assert_order_untouched(order, client) -> None:
    """Paid once, kept: fulfilled, its links work, no credit note, nothing refunded."""
    order = reload(order)
    assert order.status == OrderStatus.FULFILLED
    assert (order.refunded_amount, order.refund_pending_amount) == (0, 0)
    assert order.refunded_at is None
    assert credit_notes(order) == 0
    assert invoices(order) == 1
    [active] = active_links(order)
    link = ISSUED[order.pk]
    assert active.pk == link.link_id
    assert client.get(link.path).status_code == 200


def test_two_payments_that_both_succeed_fulfil_the_order_once_and_record_the_duplicate(
    charged_twice,
):
    order, first, second = charged_twice
    assert order.status == OrderStatus.FULFILLED
    assert order.events.filter(to_status=OrderStatus.PAID).count() == 1
    assert invoices(order) == 1
    assert first.status == PaymentStatus.SUCCEEDED
    duplicate = duplicate_of(first)
    assert (duplicate.duplicate_of_id, duplicate.amount, duplicate.status) == (
        second.pk,
        order.total_amount,
        DuplicateStatus.TO_REFUND,
    )
    assert f"Payment {first.stripe_payment_intent_id} of " in order.flagged_reason
    assert "refund it" in order.flagged_reason
    [recorded] = duplicate_events(order, "recorded")
    assert recorded.data["duplicate_of"] == second.stripe_payment_intent_id


def test_refunding_the_duplicate_refunds_its_charge_at_stripe_and_leaves_the_order(
    charged_twice, client
):
    order, first, second = charged_twice

    duplicate = refund_duplicate(first, reason="Charged twice (two tabs)")

    assert duplicate.status == DuplicateStatus.REFUNDED
    assert duplicate.stripe_refund_id.startswith("re_")
    duplicate_charge, order_charge = charge_json(first), charge_json(second)
    assert (duplicate_charge["amount_refunded"], order_charge["amount_refunded"]) == (
        order.total_amount,
        0,
    )
    assert [r["id"] for r in duplicate_charge["refunds"]["data"]] == [duplicate.stripe_refund_id]
    assert_order_untouched(order, client)
    assert not Refund.objects.filter(order=order).exists()
    assert "refund it" not in reload(order).flagged_reason
    [refunded] = duplicate_events(order, "refunded")
    assert (refunded.actor, refunded.reason) == (STAFF, "Charged twice (two tabs)")
    assert refunded.data["amount"] == order.total_amount
    assert refunded.data["stripe_refund_id"] == duplicate.stripe_refund_id
    assert refunded.data["payment_intent"] == first.stripe_payment_intent_id


def test_after_a_partial_refund_in_stripe_s_dashboard_staff_pay_back_what_is_left(
    charged_twice, send_event, client
):
    order, first, second = charged_twice
    part = 100
    localstripe_call(
        "POST", "/v1/refunds", {"payment_intent": first.stripe_payment_intent_id, "amount": part}
    )
    send_event(build_event("charge.refunded", charge_json(first)))
    assert duplicate_of(first).status == DuplicateStatus.TO_REFUND

    duplicate = refund_duplicate(first)

    assert duplicate.status == DuplicateStatus.REFUNDED
    duplicate_charge = charge_json(first)
    assert duplicate_charge["amount_refunded"] == order.total_amount
    assert sorted(r["amount"] for r in duplicate_charge["refunds"]["data"]) == sorted(
        [part, order.total_amount - part]
    )
    assert charge_json(second)["amount_refunded"] == 0
    assert_order_untouched(order, client)
    assert "refund it" not in reload(order).flagged_reason


def test_a_refund_job_killed_after_stripe_refunded_pays_back_once_when_run_again(
    charged_twice, client
):
    """The job's first run asked Stripe and was killed before it remembered the refund:
    its retry finds the charge paid back and takes that refund as Stripe's answer."""
    order, first, _ = charged_twice
    duplicate_payment_refund(payment=first, actor=STAFF, reason="Charged twice")
    asked = duplicate_of(first)
    made = stripe_client.refund_create(
        payment_intent_id=first.stripe_payment_intent_id,
        amount=asked.amount,
        metadata={"order_number": order.number, "duplicate_payment_id": str(first.pk)},
        idempotency_key=asked.idempotency_key,
    )

    run_stripe_jobs()

    duplicate = duplicate_of(first)
    assert (duplicate.status, duplicate.stripe_refund_id) == (DuplicateStatus.REFUNDED, made["id"])
    assert charge_json(first)["amount_refunded"] == order.total_amount
    assert len(charge_json(first)["refunds"]["data"]) == 1
    assert duplicate_events(order, "refund_failed") == []
    assert_order_untouched(order, client)


def test_the_signed_charge_refunded_for_the_duplicate_keeps_the_order_and_clears_the_flag(
    charged_twice, send_event, client, stripe_answers_pending
):
    """Stripe answers `pending` (a bank that takes its time): the event confirms it."""
    order, first, _ = charged_twice
    refund_duplicate(first)
    assert duplicate_of(first).status == DuplicateStatus.REFUND_PENDING
    assert "refund it" in reload(order).flagged_reason
    stripe_pays_refund(duplicate_of(first).stripe_refund_id)

    response = send_event(build_event("charge.refunded", charge_json(first)))

    assert response.status_code == 200
    assert duplicate_of(first).status == DuplicateStatus.REFUNDED
    assert_order_untouched(order, client)
    assert "refund it" not in reload(order).flagged_reason
    assert len(duplicate_events(order, "refunded")) == 1


def test_the_same_charge_refunded_sent_twice_and_under_two_event_ids_is_applied_once(
    charged_twice, send_event, client
):
    order, first, _ = charged_twice
    refund_duplicate(first)
    event = build_event("charge.refunded", charge_json(first))
    assert send_event(event).status_code == 200
    assert send_event(event).status_code == 200
    assert send_event(build_event("charge.refunded", charge_json(first))).status_code == 200

    assert len(duplicate_events(order, "refunded")) == 1
    assert_order_untouched(order, client)


def test_a_refund_reported_before_the_duplicate_s_success_is_the_duplicate_s(
    stripe_webhook, send_event, client
):
    """Refunded in Stripe's dashboard at once: its `charge.refunded` overtakes the second
    PaymentIntent's `succeeded`. The order, paid by the other attempt, keeps everything,
    and the late success neither pays nor flags anything."""
    order, first, second = charged_twice_at_stripe()
    send_event(build_event("payment_intent.succeeded", intent_json(second)))
    fulfil(order)
    localstripe_call("POST", "/v1/refunds", {"payment_intent": first.stripe_payment_intent_id})

    send_event(build_event("charge.refunded", charge_json(first)))
    send_event(build_event("payment_intent.succeeded", intent_json(first)))

    duplicate = duplicate_of(first)
    assert (duplicate.status, duplicate.duplicate_of_id) == (DuplicateStatus.REFUNDED, second.pk)
    assert_order_untouched(order, client)
    assert "refund it" not in reload(order).flagged_reason
    [refunded] = duplicate_events(order, "refunded")
    assert refunded.reason == "Refunded outside the app (Stripe's dashboard)"


def test_a_refund_reported_before_either_success_is_the_replaced_attempt_s(
    stripe_webhook, send_event, client
):
    """The replaced attempt's charge is refunded while the order still waits for the other
    one: it is not the order's refund (the order must not end refunded once paid)."""
    order, first, second = charged_twice_at_stripe()
    localstripe_call("POST", "/v1/refunds", {"payment_intent": first.stripe_payment_intent_id})
    send_event(build_event("charge.refunded", charge_json(first)))
    send_event(build_event("payment_intent.succeeded", intent_json(first)))
    assert reload(order).status == OrderStatus.PROCESSING

    send_event(build_event("payment_intent.succeeded", intent_json(second)))
    fulfil(order)

    assert duplicate_of(first).status == DuplicateStatus.REFUNDED
    assert_order_untouched(order, client)


def test_the_order_refund_screen_s_refund_pays_back_the_order_s_charge_not_the_duplicate(
    charged_twice,
):
    order, first, second = charged_twice
    refund = refund_create(order=order, amount=100, reason="Goodwill", actor=STAFF)
    run_stripe_jobs()
    assert refund.payment_id == second.pk
    assert (charge_json(second)["amount_refunded"], charge_json(first)["amount_refunded"]) == (
        100,
        0,
    )


def test_asking_twice_sends_one_refund_and_a_refunded_duplicate_is_not_refunded_again(
    charged_twice,
):
    _, first, _ = charged_twice
    asked = duplicate_payment_refund(payment=first, actor=STAFF, reason="Charged twice")
    again = duplicate_payment_refund(payment=first, actor=STAFF, reason="Charged twice")
    assert asked.pk == again.pk
    assert len(queued_jobs(["payments.tasks.send_duplicate_refund"])) == 1
    run_stripe_jobs()
    assert len(charge_json(first)["refunds"]["data"]) == 1
    with pytest.raises(RefundNotAllowed, match="refunded already"):
        duplicate_payment_refund(payment=first, actor=STAFF, reason="Charged twice")


def test_the_order_s_own_payment_is_not_refunded_as_a_duplicate(charged_twice):
    _, _, second = charged_twice
    with pytest.raises(RefundNotAllowed, match="not a duplicate"):
        duplicate_payment_refund(payment=second, actor=STAFF, reason="Charged twice")


def test_a_duplicate_refund_stripe_refuses_can_be_asked_again_under_a_new_key(charged_twice):
    order, first, _ = charged_twice
    intent_id = first.stripe_payment_intent_id
    Payment.objects.filter(pk=first.pk).update(stripe_payment_intent_id="pi_unknown_to_stripe")
    failed = refund_duplicate(first)
    assert failed.status == DuplicateStatus.REFUND_FAILED
    assert failed.failure_message
    assert [e.actor for e in duplicate_events(order, "refund_failed")] == ["stripe:refund-refused"]
    assert "refund it" in reload(order).flagged_reason

    Payment.objects.filter(pk=first.pk).update(stripe_payment_intent_id=intent_id)
    refunded = refund_duplicate(first)
    assert (refunded.status, refunded.refund_attempt) == (DuplicateStatus.REFUNDED, 2)
    assert refunded.idempotency_key == f"duplicate-refund-{first.pk}-2"


def test_reconciliation_confirms_a_duplicate_refund_whose_event_never_came(
    charged_twice, stripe_answers_pending
):
    order, first, _ = charged_twice
    assert refund_duplicate(first).status == DuplicateStatus.REFUND_PENDING
    stripe_pays_refund(duplicate_of(first).stripe_refund_id)

    payments_reconcile(
        older_than=timedelta(0), expire_unpaid_after=timedelta(days=1), actor="system:test"
    )

    assert duplicate_of(first).status == DuplicateStatus.REFUNDED
    assert reload(order).refunded_amount == 0


def test_staff_reissue_still_works_after_the_duplicate_is_refunded(charged_twice):
    order, first, _ = charged_twice
    refund_duplicate(first)
    assert download_links_reissue_by_staff(order=reload(order), actor=STAFF, reason="fresh")


def test_refund_events_for_the_duplicate_s_refund_leave_the_order_alone(
    charged_twice, send_event, client
):
    """Stripe's events of the duplicate's refund, already applied: stored and answered 200,
    they change nothing (`refund.created` is not acted on; `refund.updated` and
    `charge.refund.updated` of a refund confirmed already confirm nothing again)."""
    order, first, _ = charged_twice
    duplicate = refund_duplicate(first)
    refund = localstripe_call("GET", f"/v1/refunds/{duplicate.stripe_refund_id}")
    for kind in ("refund.created", "refund.updated", "charge.refund.updated"):
        assert send_event(build_event(kind, refund)).status_code == 200

    assert_order_untouched(order, client)
    assert len(duplicate_events(order, "refunded")) == 1


def customer_pages(client, order) -> str:
    """The customer's order page and confirmation page, as they read them."""
    client.force_login(order.customer)
    return "".join(
        client.get(reverse(name, args=[order.number])).text
        for name in ("orders:detail", "orders:confirmation")
    )


def test_a_charge_for_an_order_canceled_meanwhile_is_paid_back_and_the_customer_told(
    stripe_webhook, send_event, client
):
    order, payment = started_payment()
    with system_scope():
        order_transition(name="cancel", order=order, actor="staff:support", reason="Asked to")

    send_event(build_event("payment_intent.succeeded", intent_json(payment)))

    assert duplicate_of(payment).status == DuplicateStatus.REFUND_PENDING
    pages = customer_pages(client, order)
    assert "went through after the order was canceled: we are refunding it" in pages
    assert "nothing was charged" not in pages.lower()

    run_stripe_jobs()

    assert duplicate_of(payment).status == DuplicateStatus.REFUNDED
    assert charge_json(payment)["amount_refunded"] == payment.amount
    after = reload(order)
    assert (after.status, after.flagged_reason) == (OrderStatus.CANCELED, "")
    pages = customer_pages(client, order)
    assert "went through after the order was canceled: it was refunded to your card" in pages
    assert "Payment of €4.99 refunded to your card" in pages
    assert "Second charge" not in pages
    run_queued_jobs(names={"notifications.tasks.send_order_email"})
    (told,) = [
        m for m in mail.outbox if m.subject == f"We refunded a payment for order {order.number}"
    ]
    assert f"a payment that went through after your order {order.number} was canceled" in told.body


def after_cancel_flag(payment: Payment, then: str) -> str:
    paid = format_money(payment.amount, payment.currency)
    intent_id = payment.stripe_payment_intent_id
    return f"Payment {intent_id} of {paid} succeeded on a canceled order: {then}"


REFUND_AGAIN = (
    "The customer's order page says we will send it again: refund it again with its "
    '"Refund duplicate charge" button under Duplicate charges.'
)


def test_a_charge_after_the_cancel_whose_refund_stripe_refused_is_flagged_to_refund_again(
    stripe_webhook, send_event, localstripe, finance_client
):
    """Stripe refused the automatic refund: the flag still read "its refund was asked for.",
    as if it were under way, while nothing would send it again unless staff did."""
    order, payment = started_payment()
    with system_scope():
        order_transition(name="cancel", order=order, actor="staff:support", reason="Asked to")
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    stripe_refuses(localstripe, CARD_DECLINED)
    run_stripe_jobs()

    assert duplicate_of(payment).status == DuplicateStatus.REFUND_FAILED
    flag = after_cancel_flag(payment, f"its refund failed (Your card was declined). {REFUND_AGAIN}")
    assert reload(order).flagged_reason == flag
    page = finance_client.get(reverse("admin:orders_order_change", args=[order.pk])).text
    assert escape(flag) in page

    localstripe.refunds_as_usual()
    duplicate_payment_refund(payment=payment, actor=STAFF, reason="Stripe refused it")
    asked = after_cancel_flag(payment, "its refund was asked for.")
    assert reload(order).flagged_reason == asked
    run_stripe_jobs()

    assert duplicate_of(payment).status == DuplicateStatus.REFUNDED
    assert reload(order).flagged_reason == ""


def test_a_charge_after_the_cancel_whose_refund_stripe_never_answered_is_flagged_to_refund_again(
    stripe_webhook, send_event, stripe_settings
):
    order, payment = started_payment()
    with system_scope():
        order_transition(name="cancel", order=order, actor="staff:support", reason="Asked to")
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    reachable, stripe_settings.STRIPE_API_BASE = stripe_settings.STRIPE_API_BASE, UNREACHABLE
    duplicate_id = duplicate_of(payment).pk

    run_task(send_duplicate_refund, attempts=STRIPE_RETRY.max_attempts, duplicate_id=duplicate_id)

    assert reload(order).flagged_reason == after_cancel_flag(
        payment,
        f"its refund failed (Stripe could not be reached by the last attempt). {REFUND_AGAIN}",
    )
    stripe_settings.STRIPE_API_BASE = reachable
    refund_duplicate(payment, "Stripe was out of reach")
    assert reload(order).flagged_reason == ""


def test_a_charge_after_the_cancel_stripe_forgot_is_flagged_with_one_instruction(
    stripe_webhook, send_event, localstripe
):
    """Outside probe BT-5: Stripe (localstripe restarted) forgot the charge, so both its
    refund and its cancel failed: the flag also said the intent "could not be canceled at
    Stripe ... refund it there", beside the line asking staff to use "Refund duplicate
    charge"."""
    order, payment = started_payment()
    with system_scope():
        order_transition(name="cancel", order=order, actor="staff:support", reason="Asked to")
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    intent_id = payment.stripe_payment_intent_id
    stripe_forgets_intent(localstripe, intent_id, charge_id=charge_json(payment)["id"])

    run_stripe_jobs()

    assert reload(order).flagged_reason == after_cancel_flag(
        payment,
        f"its refund failed (No such payment_intent: '{intent_id}'). " + REFUND_AGAIN,
    )


def test_a_charge_known_after_its_cancel_failed_replaces_the_check_at_stripe_line(
    stripe_webhook, send_event, localstripe
):
    """Stripe could not read the intent to cancel it, so staff were asked to check at Stripe
    and refund it there; its success came after: that line stayed beside "its refund was
    asked for."."""
    order, payment = started_payment()
    with system_scope():
        order_transition(name="cancel", order=order, actor="staff:support", reason="Asked to")
    stripe_forgets_intent(localstripe, payment.stripe_payment_intent_id)
    run_stripe_jobs()
    localstripe.requests_as_usual()
    assert "could not be canceled at Stripe" in reload(order).flagged_reason

    send_event(build_event("payment_intent.succeeded", intent_json(payment)))

    assert reload(order).flagged_reason == after_cancel_flag(payment, "its refund was asked for.")
