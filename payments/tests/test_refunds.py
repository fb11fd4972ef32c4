"""Staff refunds against localstripe: sent by a job, applied at once when Stripe confirms
them, reconciled with `charge.refunded`; refunds made at Stripe directly are recorded."""

import pytest
from django.core import mail
from django.db import transaction

from delivery.errors import NotEntitled
from delivery.models import (
    FULL_REFUND_UNDER_WAY,
    ORDER_REFUNDED,
    REPLACED_AFTER_FAILED_REFUND,
    DownloadLink,
)
from delivery.services import download_links_reissue_by_staff
from invoicing.models import DocumentKind, Invoice
from morpheus.db_context import system_scope
from morpheus.money import format_money
from morpheus_testing.factories import create_order
from morpheus_testing.jobs import queued_jobs, run_queued_jobs
from morpheus_testing.stripe_signing import build_event
from orders.errors import StaleOrder
from orders.models import OrderEvent, OrderEventType
from orders.services import order_flag, order_lock
from orders.transitions import OrderStatus
from payments import stripe_client
from payments.errors import (
    PaymentProviderError,
    PaymentProviderUnreachable,
    RefundExceedsRemaining,
    RefundNotAllowed,
)
from payments.models import Payment, Refund, RefundStatus
from payments.selectors import REFUND_FAILED_FLAG, orders_refund_refused
from payments.services import refund_create, refund_failures_settle
from payments.tests.helpers import (
    charge_json,
    intent_json,
    localstripe_call,
    reload,
    run_stripe_jobs,
    started_payment,
)

pytestmark = pytest.mark.django_db
STAFF = "staff:admin"
UNREACHABLE = "http://127.0.0.1:9"
FULFIL = "delivery.tasks.fulfil_order"
PRICE = 499  # a comic's price in the factories: the orders here have one


def request_refund(order, amount, reason="Customer asked"):
    """What the staff's refund screen does: the row and its job, nothing sent yet."""
    return refund_create(order=order, amount=amount, reason=reason, actor=STAFF)


def refund(order, amount, reason="Customer asked"):
    """A refund request, then its job run as the worker would."""
    row = request_refund(order, amount, reason)
    run_stripe_jobs()
    row.refresh_from_db()
    return row


def active_links(order) -> int:
    with system_scope():
        return DownloadLink.objects.filter(order=order, revoked_at__isnull=True).count()


def test_a_refund_request_only_records_the_refund_and_queues_its_job(paid):
    order, payment = paid
    row = request_refund(order, 100)
    assert (row.status, row.stripe_refund_id) == (RefundStatus.PENDING, None)
    assert [name for _, name, _ in queued_jobs()][-1] == "payments.tasks.send_refund"
    assert charge_json(payment)["amount_refunded"] == 0


def test_a_refund_stripe_confirms_is_applied_at_once_and_the_event_changes_nothing(
    paid, send_event
):
    order, payment = paid
    row = refund(order, 100)
    assert row.status == RefundStatus.SUCCEEDED
    assert row.stripe_refund_id.startswith("re_")
    order = reload(order)
    assert (order.refunded_amount, order.status) == (100, OrderStatus.FULFILLED)
    assert order.events.filter(type="refund").count() == 2  # requested, confirmed

    send_event(build_event("charge.refunded", charge_json(payment)))

    assert reload(order).refunded_amount == 100
    assert order.events.filter(type="refund").count() == 2


def test_full_refund_moves_order_to_refunded_and_revokes_downloads(paid, send_event):
    order, payment = paid
    assert active_links(order)
    refund(order, order.total_amount)
    order = reload(order)
    assert (order.status, order.refunded_amount) == (OrderStatus.REFUNDED, order.total_amount)
    send_event(build_event("charge.refunded", charge_json(payment)))  # late, and twice
    send_event(build_event("charge.refunded", charge_json(payment)))
    assert active_links(order) == 0
    assert reload(order).events.filter(to_status=OrderStatus.REFUNDED).count() == 1


def test_full_refund_closes_the_links_within_the_request_before_stripe_is_asked(paid, client):
    order, _ = paid
    [link] = download_links_reissue_by_staff(order=order, actor="staff:test", reason="fresh links")

    request_refund(order, order.total_amount)

    assert client.get(link.path).status_code == 403
    with pytest.raises(NotEntitled):
        download_links_reissue_by_staff(
            order=reload(order), actor="staff:test", reason="fresh links"
        )
    assert reload(order).status == OrderStatus.FULFILLED  # until Stripe confirms


def revoked_reasons(order) -> set[str]:
    with system_scope():
        stopped = DownloadLink.objects.filter(order=order, revoked_at__isnull=False)
        return set(stopped.values_list("revoked_reason", flat=True))


def test_the_links_a_full_refund_stopped_say_the_order_was_refunded_once_stripe_made_it(paid):
    """Found by outside testers: the order page's links kept "Full refund under way" for good."""
    order, _ = paid
    request_refund(order, order.total_amount)
    assert revoked_reasons(order) == {FULL_REFUND_UNDER_WAY}

    run_stripe_jobs()

    assert revoked_reasons(order) == {ORDER_REFUNDED}


def test_the_links_of_an_order_refunded_in_full_at_stripe_directly_say_it_was_refunded(
    paid, send_event
):
    order, payment = paid
    dashboard_refund = {"payment_intent": payment.stripe_payment_intent_id, "amount": PRICE}
    localstripe_call("POST", "/v1/refunds", dashboard_refund)

    send_event(build_event("charge.refunded", charge_json(payment)))

    assert reload(order).status == OrderStatus.REFUNDED
    assert revoked_reasons(order) == {ORDER_REFUNDED}


def _told_in(charge: dict, where: str, currency: object) -> dict:
    if where == "charge":
        return {**charge, "currency": currency}
    (refund,) = charge["refunds"]["data"]
    return {**charge, "refunds": {**charge["refunds"], "data": [{**refund, "currency": currency}]}}


@pytest.mark.parametrize(
    ("where", "currency", "told"),
    [
        ("charge", "usd", "USD"),
        ("refund", "usd", "USD"),
        ("charge", ["usd"], "no currency we read"),
    ],
)
def test_refunds_told_in_another_currency_than_the_charge_are_flagged_not_applied(
    paid, send_event, where, currency, told
):
    """Outside probe HT-1: a `charge.refunded` of 2.00 USD for a EUR charge was applied as
    €2.00: "Partly refunded", a credit note, nothing flagged for staff. Outside probe HU-3:
    so was one whose refund alone said USD, and `["usd"]` was quoted as "['USD']"."""
    order, payment = paid
    localstripe_call("POST", "/v1/refunds", {"payment_intent": payment.stripe_payment_intent_id})
    charge = _told_in(charge_json(payment), where, currency)

    send_event(build_event("charge.refunded", charge))

    order = reload(order)
    assert (order.status, order.refunded_amount) == (OrderStatus.FULFILLED, 0)
    assert (
        f"Stripe told of the refunds of charge {charge['id']} in {told}, not in the currency "
        f"of payment {payment.stripe_payment_intent_id} (EUR): not applied. Check it at Stripe."
    ) in order.flagged_reason


def test_partial_refund_keeps_the_links_working(paid):
    order, _ = paid
    request_refund(order, 100)
    assert active_links(order) == 1
    assert download_links_reissue_by_staff(
        order=reload(order), actor="staff:test", reason="fresh links"
    )


def test_a_full_refund_stripe_refuses_gives_access_back(paid):
    order, payment = paid
    Payment.objects.filter(pk=payment.pk).update(stripe_payment_intent_id="pi_unknown_to_stripe")
    row = refund(order, order.total_amount)
    assert row.status == RefundStatus.FAILED
    assert download_links_reissue_by_staff(
        order=reload(order), actor="staff:test", reason="fresh links"
    )


def test_repeated_refund_request_refunds_once(paid):
    order, payment = paid
    first = request_refund(order, 100)
    second = request_refund(order, 100)
    run_stripe_jobs()
    assert first.pk == second.pk
    assert Refund.objects.filter(order=order).count() == 1
    assert len(charge_json(payment)["refunds"]["data"]) == 1


def test_a_refund_job_killed_after_stripe_made_the_refund_gets_that_refund_when_run_again(paid):
    """The killed run's request reached Stripe, its answer was lost: the retry sends the
    same request under the same idempotency key, and Stripe answers it with the refund it
    made; the customer is paid back once (outside probe CD-1: localstripe made a second)."""
    order, payment = paid
    row = request_refund(order, 100)
    made = stripe_client.refund_create(  # the killed run's request, as `_refund_ask` sends it
        payment_intent_id=payment.stripe_payment_intent_id,
        amount=100,
        metadata={"order_number": order.number, "refund_id": str(row.pk)},
        idempotency_key=row.idempotency_key,
    )

    run_stripe_jobs()

    row.refresh_from_db()
    assert (row.status, row.stripe_refund_id) == (RefundStatus.SUCCEEDED, made["id"])
    assert [refund["id"] for refund in charge_json(payment)["refunds"]["data"]] == [made["id"]]
    assert (reload(order).refunded_amount, reload(order).flagged_reason) == (100, "")
    assert [amount for amount, _ in credit_notes(order)] == [100]


def test_a_refund_key_sent_again_with_another_amount_is_refused_as_stripe_refuses_it(paid):
    _, payment = paid
    asked = {"payment_intent_id": payment.stripe_payment_intent_id, "metadata": {}}
    stripe_client.refund_create(**asked, amount=100, idempotency_key="refund-key")

    with pytest.raises(PaymentProviderError) as refused:
        stripe_client.refund_create(**asked, amount=200, idempotency_key="refund-key")
    assert "can only be used with the same parameters" in refused.value.detail
    assert charge_json(payment)["amount_refunded"] == 100


def test_refund_above_what_is_left_is_refused(paid):
    order, payment = paid
    refund(order, 300)
    with pytest.raises(RefundExceedsRemaining):
        refund(order, 200)
    with pytest.raises(RefundExceedsRemaining):
        refund(order, order.total_amount + 1, reason="other")
    assert Refund.objects.filter(order=order).count() == 1
    assert charge_json(payment)["amount_refunded"] == 300


def test_unpaid_order_cannot_be_refunded(stripe_settings):
    order, _ = started_payment()
    with pytest.raises(RefundNotAllowed):
        refund(order, 100)


def test_stripe_error_fails_the_refund_and_changes_nothing_else(paid):
    order, payment = paid
    Payment.objects.filter(pk=payment.pk).update(stripe_payment_intent_id="pi_unknown_to_stripe")
    row = refund(order, 100)
    assert row.status == RefundStatus.FAILED
    assert row.failure_message == "Not Found"  # Stripe's words, for staff
    after = reload(order)
    assert (after.status, after.refunded_amount, after.refund_pending_amount) == (
        order.status,
        order.refunded_amount,
        0,
    )


def test_a_refund_stripe_refuses_flags_the_order_until_staff_refund_again(paid):
    """Found by an outside probe: nothing told finance their refund had not happened."""
    order, payment = paid
    Payment.objects.filter(pk=payment.pk).update(stripe_payment_intent_id="pi_unknown_to_stripe")

    refund(order, 100)
    flagged = reload(order).flagged_reason
    request_refund(order, 100, reason="Trying again")

    assert flagged == (
        "A refund failed at Stripe: 1.00 EUR (Not Found). Nothing was refunded: "
        "refund again, or tell the customer why not."
    )
    assert reload(order).flagged_reason == ""


def test_a_refund_stripe_refuses_is_stripes_refusal_in_the_history_not_the_staff_members(paid):
    """Found by an outside probe: the order's timeline showed the failure as done by the
    staff member who had asked for the refund."""
    order, payment = paid
    Payment.objects.filter(pk=payment.pk).update(stripe_payment_intent_id="pi_unknown_to_stripe")

    row = refund(order, 100)

    with system_scope():
        history = list(
            OrderEvent.objects.filter(order=order, type=OrderEventType.REFUND)
            .order_by("pk")
            .values_list("data__status", "actor")
        )
    assert history == [("pending", STAFF), ("failed", "stripe:refund-refused")]
    assert row.actor == STAFF


SEND_FRESH_LINKS = "delivery.tasks.send_fresh_links"


def test_a_full_refund_stripe_refuses_gives_the_customer_working_links_again(paid):
    order, payment = paid
    Payment.objects.filter(pk=payment.pk).update(stripe_payment_intent_id="pi_unknown_to_stripe")
    row = request_refund(order, PRICE)
    assert active_links(order) == 0  # stopped while the refund is under way

    run_stripe_jobs()

    row.refresh_from_db()
    assert row.status == RefundStatus.FAILED
    assert [name for _, name, _ in queued_jobs([SEND_FRESH_LINKS])] == [SEND_FRESH_LINKS]
    run_queued_jobs(names={SEND_FRESH_LINKS})
    assert active_links(order) == 1
    assert reload(order).status == OrderStatus.FULFILLED
    (fresh,) = [m for m in mail.outbox if m.subject.endswith(" ready")]
    # Nothing told the customer of the refund: the email does not speak of it either.
    with system_scope():
        title = order.items.get().title
    assert fresh.body.startswith(
        f"Your previous link for {title}, from order {order.number}, was replaced and no "
        "longer works: here is a fresh one.\n\n"
    )
    assert "ready." not in fresh.body and "ready to download" not in fresh.body
    assert "refund" not in fresh.body.lower()
    # The emailed link it stopped no longer says the order is being refunded, and tells staff
    # why it was replaced (outside testers: it read "Replaced by fresh links").
    assert revoked_reasons(order) == {REPLACED_AFTER_FAILED_REFUND}


def test_a_part_refund_stripe_refuses_sends_no_links_the_customer_still_has(paid):
    order, payment = paid
    Payment.objects.filter(pk=payment.pk).update(stripe_payment_intent_id="pi_unknown_to_stripe")

    assert refund(order, 100).status == RefundStatus.FAILED

    assert queued_jobs([SEND_FRESH_LINKS]) == []
    assert active_links(order) == 1


def test_unreachable_stripe_keeps_the_refund_pending_and_its_job_raises_to_be_retried(
    paid, stripe_settings
):
    order, payment = paid
    reachable, stripe_settings.STRIPE_API_BASE = stripe_settings.STRIPE_API_BASE, UNREACHABLE
    row = request_refund(order, 100)
    with pytest.raises(PaymentProviderUnreachable):
        run_stripe_jobs()
    row.refresh_from_db()
    assert (row.status, row.stripe_refund_id) == (RefundStatus.PENDING, None)

    stripe_settings.STRIPE_API_BASE = reachable
    run_stripe_jobs()  # the retry

    row.refresh_from_db()
    assert row.status == RefundStatus.SUCCEEDED
    [sent] = charge_json(payment)["refunds"]["data"]
    assert (sent["id"], sent["metadata"]["refund_id"]) == (row.stripe_refund_id, str(row.pk))


def test_refunds_made_at_stripe_directly_are_recorded_one_row_each(paid, send_event):
    order, payment = paid
    refund(order, 100)
    for amount in (50, 70):  # Stripe's dashboard
        dashboard_refund = {"payment_intent": payment.stripe_payment_intent_id, "amount": amount}
        localstripe_call("POST", "/v1/refunds", dashboard_refund)
    charge = charge_json(payment)

    send_event(build_event("charge.refunded", charge))
    send_event(build_event("charge.refunded", charge))  # a duplicate delivery

    external = Refund.objects.filter(order=order, external=True).order_by("amount")
    assert [(r.amount, r.status) for r in external] == [
        (50, RefundStatus.SUCCEEDED),
        (70, RefundStatus.SUCCEEDED),
    ]
    assert {r.stripe_refund_id for r in external} == {
        r["id"] for r in charge["refunds"]["data"] if not r["metadata"]
    }
    assert reload(order).refunded_amount == 220


def test_a_refund_at_stripe_reported_without_its_list_is_recorded_as_one_row(paid, send_event):
    order, payment = paid
    charge = {**charge_json(payment), "amount_refunded": 120, "refunds": None}

    send_event(build_event("charge.refunded", charge))

    [external] = Refund.objects.filter(order=order)
    assert (external.amount, external.external, external.stripe_refund_id) == (120, True, None)
    assert reload(order).refunded_amount == 120


def test_stripe_reporting_more_refunded_than_the_total_flags_it_in_money(paid, send_event):
    """Found by outside probe CB (CB-4): the flag gave the amount in cents, "1797"."""
    order, payment = paid
    beyond = order.total_amount + 200
    charge = {**charge_json(payment), "amount_refunded": beyond, "refunds": None}

    send_event(build_event("charge.refunded", charge))

    shown = format_money(beyond, order.currency)
    total = format_money(order.total_amount, order.currency)
    assert reload(order).flagged_reason == (
        f"Stripe refunded {shown}, more than the order total of {total}."
    )


def credit_notes(order) -> list[tuple[int, str]]:
    with system_scope():
        notes = Invoice.objects.filter(order=order, kind=DocumentKind.CREDIT_NOTE)
        return list(notes.order_by("pk").values_list("total_amount", "payment_reference"))


def test_each_refund_has_its_own_credit_note_naming_it(paid, send_event):
    order, payment = paid
    first = refund(order, 100)
    for amount in (50, 70):  # Stripe's dashboard, both in one event
        dashboard_refund = {"payment_intent": payment.stripe_payment_intent_id, "amount": amount}
        localstripe_call("POST", "/v1/refunds", dashboard_refund)

    send_event(build_event("charge.refunded", charge_json(payment)))

    external = Refund.objects.filter(order=order, external=True).order_by("pk")
    assert credit_notes(order) == [
        (100, first.stripe_refund_id),
        *((row.amount, row.stripe_refund_id) for row in external),
    ]
    assert sorted(row.amount for row in external) == [50, 70]


def test_refunds_made_at_stripe_each_name_their_own_stripe_refund_as_who_made_them(
    paid, send_event
):
    """Outside probe BD (BD-2): refunds found together all named the first one's id."""
    order, payment = paid
    made = [
        localstripe_call(
            "POST",
            "/v1/refunds",
            {"payment_intent": payment.stripe_payment_intent_id, "amount": amount},
        )["id"]
        for amount in (50, 70)
    ]

    send_event(build_event("charge.refunded", charge_json(payment)))

    with system_scope():
        rows = Refund.objects.filter(order=order).order_by("pk")
        events = order.events.filter(type=OrderEventType.REFUND, data__external=True)
        assert [(row.stripe_refund_id, row.actor) for row in rows] == [
            (made[0], f"stripe:{made[0]}"),
            (made[1], f"stripe:{made[1]}"),
        ]
        assert sorted(events.values_list("actor", flat=True)) == sorted(
            f"stripe:{stripe_refund_id}" for stripe_refund_id in made
        )


def test_a_dashboard_refund_s_credit_note_names_it_not_a_pending_refund(paid, send_event):
    """The probe's order: a staff refund Stripe answered `pending` has a Stripe id and no
    `succeeded_at` (NULLs came first in the credit note's `-succeeded_at` guess)."""
    order, payment = paid
    pending = request_refund(order, 100)
    Refund.objects.filter(pk=pending.pk).update(stripe_refund_id="re_pending_at_stripe")
    dashboard_refund = {"payment_intent": payment.stripe_payment_intent_id, "amount": 50}
    made_at_stripe = localstripe_call("POST", "/v1/refunds", dashboard_refund)

    send_event(build_event("charge.refunded", charge_json(payment)))

    assert credit_notes(order) == [(50, made_at_stripe["id"])]
    assert Refund.objects.get(pk=pending.pk).status == RefundStatus.PENDING


def test_charge_refunded_for_an_unknown_charge_is_answered_200(stripe_webhook, send_event):
    charge = {"id": "ch_x", "object": "charge", "payment_intent": "pi_x", "amount_refunded": 5}
    assert send_event(build_event("charge.refunded", charge)).status_code == 200


def test_a_paid_order_held_back_by_a_refund_stripe_refuses_is_fulfilled_after_all(
    stripe_webhook, send_event
):
    order, payment = started_payment()
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    Payment.objects.filter(pk=payment.pk).update(stripe_payment_intent_id="pi_unknown_to_stripe")
    request_refund(reload(order), order.total_amount)

    run_queued_jobs(names=[FULFIL])
    held_back = reload(order).status
    run_stripe_jobs()  # Stripe refuses the refund
    run_queued_jobs(names=[FULFIL])

    assert held_back == OrderStatus.PAID
    assert reload(order).status == OrderStatus.FULFILLED
    assert active_links(order) == 1


def _refunded_at_stripe_before_its_payment_is_reported(send_event, amount: int):
    """Paid at Stripe, refunded there (a quick dashboard or Radar refund), and the refund's
    event processed before the payment's (Stripe retries a delivery that failed)."""
    order, payment = started_payment()
    refund_at_stripe = {"payment_intent": payment.stripe_payment_intent_id, "amount": amount}
    localstripe_call("POST", "/v1/refunds", refund_at_stripe)
    send_event(build_event("charge.refunded", charge_json(payment)))
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    run_queued_jobs(names=[FULFIL])
    return reload(order)


def _documents(order) -> list[tuple[str, int]]:
    with system_scope():
        documents = Invoice.objects.filter(order=order).order_by("pk")
        return [(document.kind, document.total_amount) for document in documents]


def test_a_full_refund_reported_before_its_payment_leaves_the_order_refunded_and_credited(
    stripe_webhook, send_event
):
    order = _refunded_at_stripe_before_its_payment_is_reported(send_event, amount=PRICE)

    assert order.status == OrderStatus.REFUNDED
    assert order.paid_at is not None
    assert active_links(order) == 0
    assert _documents(order) == [
        (DocumentKind.INVOICE, PRICE),
        (DocumentKind.CREDIT_NOTE, PRICE),
    ]
    [at_stripe] = Refund.objects.filter(order=order)
    with system_scope():
        note = Invoice.objects.get(order=order, kind=DocumentKind.CREDIT_NOTE)
    assert note.payment_reference == at_stripe.stripe_refund_id
    assert at_stripe.stripe_refund_id.startswith("re_")


def test_a_partial_refund_reported_before_its_payment_is_credited_once_invoiced(
    stripe_webhook, send_event
):
    order = _refunded_at_stripe_before_its_payment_is_reported(send_event, amount=100)

    assert (order.status, order.refunded_amount) == (OrderStatus.FULFILLED, 100)
    assert active_links(order) == 1
    assert _documents(order) == [
        (DocumentKind.INVOICE, PRICE),
        (DocumentKind.CREDIT_NOTE, 100),
    ]


@pytest.mark.parametrize("refund_id", ["\u00b2", "9" * 5000], ids=["superscript", "5000-digits"])
def test_a_refund_whose_metadata_names_no_row_we_could_have_written_is_external(
    paid, send_event, refund_id
):
    """Our refunds carry their row's id in ASCII digits: anything else is Stripe's own."""
    order, payment = paid
    refund_at_stripe = {
        "id": "re_dashboard",
        "object": "refund",
        "amount": 120,
        "status": "succeeded",
        "metadata": {"refund_id": refund_id},
    }
    charge = {
        **charge_json(payment),
        "amount_refunded": 120,
        "refunds": {"data": [refund_at_stripe]},
    }

    assert send_event(build_event("charge.refunded", charge)).status_code == 200

    [external] = Refund.objects.filter(order=order)
    assert (external.amount, external.external, external.stripe_refund_id) == (
        120,
        True,
        "re_dashboard",
    )
    assert reload(order).refunded_amount == 120


def test_a_refund_stripe_paid_twice_is_recorded_and_flagged_not_taken_for_ours(paid, send_event):
    """Outside probe AS (AS-1): a second refund at Stripe naming our row in its metadata (a
    worker killed mid-call, the call sent again) raised the refunded total while the
    refunds listed added up to less, and nothing told staff."""
    order, payment = paid
    row = refund(order, 100)
    again = {
        "id": "re_paid_again",
        "object": "refund",
        "amount": 100,
        "status": "succeeded",
        "metadata": {"refund_id": str(row.pk)},
    }
    charge = charge_json(payment)
    charge = {
        **charge,
        "amount_refunded": 200,
        "refunds": {"data": [*charge["refunds"]["data"], again]},
    }

    assert send_event(build_event("charge.refunded", charge)).status_code == 200

    after = reload(order)
    rows = Refund.objects.filter(order=order).order_by("pk")
    assert [(r.amount, r.external, r.stripe_refund_id) for r in rows] == [
        (100, False, row.stripe_refund_id),
        (100, True, "re_paid_again"),
    ]
    assert after.refunded_amount == 200
    assert after.flagged_reason == (
        f"Stripe paid one refund twice: re_paid_again repeats {row.stripe_refund_id}: the "
        "customer was paid back 1.00 EUR more than staff asked for. Ask the customer for it "
        "back, or let it go, then settle this line saying which."
    )
    assert rows[1].reason == (
        f"Stripe paid one refund twice: re_paid_again repeats {row.stripe_refund_id}: the "
        "customer was paid back 1.00 EUR more than staff asked for."
    )


def test_staff_settle_a_refund_stripe_refused_without_refunding_and_the_history_says_why(paid):
    """Found by an outside probe: "refund again, or tell the customer why not", but only a
    refund that went through took the order off the flagged list."""
    order, payment = paid
    Payment.objects.filter(pk=payment.pk).update(stripe_payment_intent_id="pi_unknown_to_stripe")
    refund(order, 100)
    flagged = reload(order)
    order_flag(order=flagged, actor="stripe:evt_1", reason="Disputed: look at the evidence.")

    refund_failures_settle(
        order=flagged, actor="staff:ada", reason="Told the customer the card was closed."
    )

    after = reload(order)
    assert after.flagged_reason == "Disputed: look at the evidence."
    assert (after.refunded_amount, after.refund_pending_amount) == (0, 0)
    assert Refund.objects.filter(order=order).count() == 1  # the failed one: no new refund
    with system_scope():
        settled = OrderEvent.objects.filter(order=order, type=OrderEventType.FLAGGED).last()
    assert (settled.actor, settled.reason) == (
        "staff:ada",
        "Told the customer the card was closed.",
    )
    assert settled.data == {
        "settled": [
            "A refund failed at Stripe: 1.00 EUR (Not Found). Nothing was refunded: "
            "refund again, or tell the customer why not."
        ]
    }


def test_a_page_older_than_a_settle_is_told_the_flag_was_settled_not_raised(paid):
    """Outside probe FF-2: a page loaded before a colleague settled a failed refund read
    "the last change: flagged for staff by Staff: …", the opposite of what they did."""
    order, payment = paid
    Payment.objects.filter(pk=payment.pk).update(stripe_payment_intent_id="pi_unknown_to_stripe")
    refund(order, 100)
    shown = reload(order)
    refund_failures_settle(order=reload(order), actor="staff:ada", reason="Paid by transfer.")

    with pytest.raises(StaleOrder) as refused, transaction.atomic():
        order_lock(shown)

    assert "the last change: flag settled by Staff: ada at " in str(refused.value)


def test_a_refund_stripe_refused_is_abandoned_once_settled_until_a_refund_is_asked_again(paid):
    order, payment = paid
    Payment.objects.filter(pk=payment.pk).update(stripe_payment_intent_id="pi_unknown_to_stripe")
    refund(order, 100)
    flagged = orders_refund_refused(order_ids=[order.pk])
    refund_failures_settle(order=reload(order), actor=STAFF, reason="Paid by bank transfer.")
    settled = orders_refund_refused(order_ids=[order.pk])
    request_refund(reload(order), 100)

    assert (flagged, settled) == ({order.pk: False}, {order.pk: True})
    assert orders_refund_refused(order_ids=[order.pk]) == {}


def test_settling_failed_refunds_is_refused_with_nothing_to_settle_an_outdated_page_or_no_reason():
    order = create_order(status=OrderStatus.FULFILLED)
    with pytest.raises(
        RefundNotAllowed, match=f"Order {order.number} has nothing to settle without refunding"
    ):
        refund_failures_settle(order=order, actor=STAFF, reason="Told them")
    shown = reload(order)
    order_flag(order=order, actor=STAFF, reason=f"{REFUND_FAILED_FLAG}1.00 EUR (Not Found).")
    with pytest.raises(StaleOrder):
        refund_failures_settle(order=shown, actor=STAFF, reason="Told them")
    with pytest.raises(RefundNotAllowed, match="needs a reason"):
        refund_failures_settle(order=reload(order), actor=STAFF, reason=" ")

    assert reload(order).flagged_reason == f"{REFUND_FAILED_FLAG}1.00 EUR (Not Found)."


def test_settling_failed_refunds_settled_meanwhile_is_refused_naming_who_settled_them():
    """Two pages sent at once, both checked against the order as it was: the second is told
    who settled, when and why, not only that the order changed (outside testers)."""
    order = create_order(status=OrderStatus.FULFILLED)
    order_flag(order=order, actor=STAFF, reason=f"{REFUND_FAILED_FLAG}1.00 EUR (Not Found).")
    shown = reload(order)
    refund_failures_settle(order=shown, actor="staff:ada", reason="Told them.")

    with pytest.raises(RefundNotAllowed) as refused:
        refund_failures_settle(order=shown, actor="staff:sam", reason="Told them too.")

    assert str(refused.value).startswith(
        f"Nothing was done: ada settled the failed refund of order {order.number} at "
    )
    assert str(refused.value).endswith(" UTC, without refunding (their reason: Told them.).")
