"""`reconcile_payments`: apply Stripe's true state where webhooks never came; expire orders."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from morpheus.stalled_jobs import stalled_jobs_retry
from morpheus_testing.factories import create_order
from morpheus_testing.jobs import (
    as_worker,
    jobs_killed_at_their_last_attempt,
    run_queued_jobs,
    run_task,
)
from morpheus_testing.stripe_signing import build_event
from orders.models import Order, OrderEventType
from orders.services import order_flag_clear, order_transition
from orders.transitions import OrderStatus
from payments.models import (
    DuplicatePayment,
    DuplicateStatus,
    Payment,
    PaymentStatus,
    Refund,
    RefundStatus,
)
from payments.services import payment_start, payments_reconcile, refund_create
from payments.tasks import STRIPE_RETRY, cancel_payment_intent
from payments.tests import helpers
from payments.tests.test_duplicates import customer_pages

pytestmark = pytest.mark.django_db


def cancel_queued_jobs() -> None:
    with as_worker(), connection.cursor() as cursor:
        cursor.execute("UPDATE procrastinate_jobs SET status = 'cancelled' WHERE status = 'todo'")


def age(model, pk, *, hours: float) -> None:
    model.objects.filter(pk=pk).update(created_at=timezone.now() - timedelta(hours=hours))


def reconcile(**options):
    """The command, then the Stripe jobs it deferred, as a worker would run them."""
    out = StringIO()
    call_command("reconcile_payments", stdout=out, **options)
    helpers.run_stripe_jobs()
    return out.getvalue()


def test_reconcile_pays_an_order_whose_webhook_was_dropped_and_is_idempotent(stripe_settings):
    order, payment = helpers.started_payment()
    age(Payment, payment.pk, hours=1)
    output = reconcile(older_than_minutes=30)
    assert "applied 1" in output
    order = helpers.reload(order)
    assert order.status == OrderStatus.PAID
    assert order.events.filter(to_status="paid").get().actor == "system:reconcile_payments"
    before = helpers.history(order)
    reconcile(older_than_minutes=30)
    assert helpers.history(order) == before


def test_reconcile_leaves_young_attempts_alone(stripe_settings):
    order, _ = helpers.started_payment()
    reconcile(older_than_minutes=30)
    assert helpers.reload(order).status == OrderStatus.PROCESSING


def test_reconcile_gives_up_an_attempt_stripe_never_answered(stripe_settings):
    order = create_order()
    payment = payment_start(order=order, actor="customer:test", payment_method_id="pm_card_visa")
    cancel_queued_jobs()  # its job never ran
    age(Payment, payment.pk, hours=1)
    reconcile(older_than_minutes=30)
    payment.refresh_from_db()
    assert (payment.status, payment.failure_code) == (PaymentStatus.FAILED, "no_answer")
    assert helpers.reload(order).status == OrderStatus.PENDING


def test_reconcile_gives_up_an_attempt_whose_payment_intent_stripe_does_not_know(
    stripe_settings,
):
    order, payment = helpers.started_payment()
    Payment.objects.filter(pk=payment.pk).update(stripe_payment_intent_id="pi_unknown_to_stripe")
    age(Payment, payment.pk, hours=1)

    output = reconcile(older_than_minutes=30)

    payment.refresh_from_db()
    assert (payment.status, payment.failure_code) == (PaymentStatus.FAILED, "unknown_to_stripe")
    assert helpers.reload(order).status == OrderStatus.PENDING
    assert "0 Stripe errors" in output


def test_reconcile_ends_an_attempt_left_waiting_for_3d_secure_and_the_customer_pays_again(
    stripe_settings, send_event
):
    card = helpers.card_payment_method(helpers.THREE_D_SECURE_CARD)
    order, payment = helpers.started_payment(payment_method_id=card)
    age(Payment, payment.pk, hours=1)

    output = reconcile(older_than_minutes=30)
    again = reconcile(older_than_minutes=30)
    send_event(build_event("payment_intent.canceled", helpers.intent_json(payment)))

    payment.refresh_from_db()
    order = helpers.reload(order)
    assert "applied 1" in output and "checked 0" in again
    assert payment.status == PaymentStatus.CANCELED
    assert helpers.intent_json(payment)["status"] == "canceled"
    assert order.status == OrderStatus.PENDING
    abandoned = order.events.get(from_status="processing", to_status="pending")
    assert (abandoned.actor, abandoned.reason) == (
        "system:reconcile_payments",
        "Payment attempt 1 was still waiting for 3-D Secure",
    )
    _, retry = helpers.started_payment(order=order)
    assert (retry.attempt, retry.status) == (2, PaymentStatus.PROCESSING)


def test_reconcile_expires_old_unpaid_orders_only(stripe_settings):
    card = helpers.card_payment_method(helpers.THREE_D_SECURE_CARD)
    abandoned, payment = helpers.started_payment(payment_method_id=card)
    old_pending, young_pending = create_order(), create_order()
    paid_long_ago = create_order(status=OrderStatus.PAID)
    for order in (abandoned, old_pending, paid_long_ago):
        age(Order, order.pk, hours=72)
    age(Payment, payment.pk, hours=72)

    output = reconcile(expire_unpaid_after_hours=48)
    assert "expired 2" in output
    for order in (abandoned, old_pending):
        order = helpers.reload(order)
        assert order.status == OrderStatus.CANCELED
        assert order.events.get(to_status="canceled").reason == "expired"
    assert helpers.reload(young_pending).status == OrderStatus.PENDING
    assert helpers.reload(paid_long_ago).status == OrderStatus.PAID
    assert helpers.intent_json(payment)["status"] == "canceled"
    assert "expired 0" in reconcile(expire_unpaid_after_hours=48)


def test_an_old_order_whose_customer_is_paying_now_is_not_expired_under_them(stripe_settings):
    """Outside probe HZ-2: an order 23 h 58 min old, its customer at the 3-D Secure prompt
    of a payment started two minutes before, was expired and canceled under them."""
    card = helpers.card_payment_method(helpers.THREE_D_SECURE_CARD)
    paying, payment = helpers.started_payment(payment_method_id=card)
    age(Order, paying.pk, hours=72)
    age(Payment, payment.pk, hours=2 / 60)

    output = reconcile(expire_unpaid_after_hours=48)

    assert "expired 0" in output
    assert helpers.reload(paying).status == OrderStatus.PROCESSING
    assert helpers.intent_json(payment)["status"] == "requires_action"


def test_an_expired_order_is_told_to_its_customer_as_not_paid_in_time(
    client, stripe_settings, settings
):
    """Outside probe HZ-2: its history read "Canceled", as the customer's own cancel, and
    no email told them."""
    settings.UNPAID_ORDER_MAX_AGE_HOURS = 24
    order = create_order()
    age(Order, order.pk, hours=25)

    reconcile()
    run_queued_jobs(names={"notifications.tasks.send_order_email"})
    client.force_login(order.customer)

    assert (
        "Canceled, as it was not paid in time"
        in client.get(reverse("orders:detail", args=[order.number])).text
    )
    (email,) = [m for m in mail.outbox if order.number in m.subject]
    assert email.subject == f"Your order {order.number} was canceled"
    assert (
        f"We canceled your order {order.number}: it was not paid within 24 hours of being placed."
    ) in email.body
    assert "If you did not expect this" not in email.body
    # Outside probe IA-3: the line began with the space that led the sentence left out, and
    # said "its comics" of one comic.
    assert "\nYou can still buy its comic in a new order at any time" in email.body


def test_reconcile_run_by_hand_expires_unpaid_orders_after_the_hours_customers_are_told(
    stripe_settings, settings
):
    """Outside probe CE-1: the command kept its own 48 hours, whatever the shop set and
    told its customers ("An order not paid is canceled after 72 hours")."""
    settings.UNPAID_ORDER_MAX_AGE_HOURS = 72
    kept, expired = create_order(), create_order()
    age(Order, kept.pk, hours=60)
    age(Order, expired.pk, hours=73)

    assert "expired 1" in reconcile()
    assert helpers.reload(kept).status == OrderStatus.PENDING
    assert helpers.reload(expired).status == OrderStatus.CANCELED


@pytest.mark.parametrize(
    ("option", "told"),
    [
        ({"expire_unpaid_after_hours": 0}, "--expire-unpaid-after-hours takes 1 to 87600, not 0."),
        (
            {"expire_unpaid_after_hours": -1},
            "--expire-unpaid-after-hours takes 1 to 87600, not -1.",
        ),
        (
            {"expire_unpaid_after_hours": 99999999999},
            "--expire-unpaid-after-hours takes 1 to 87600, not 99999999999.",
        ),
        ({"older_than_minutes": -5}, "--older-than-minutes takes 0 to 5256000, not -5."),
    ],
)
def test_reconcile_refuses_hours_that_would_cancel_orders_being_paid_or_cannot_be_read(
    stripe_settings, option, told
):
    """Outside probe CF-1: 0 hours ran as the setting's 24 without a word, -1 canceled an
    order placed seconds before, and a huge number was a traceback."""
    placed = create_order()

    with pytest.raises(CommandError, match=re.escape(told)):
        call_command("reconcile_payments", stdout=StringIO(), **option)
    assert helpers.reload(placed).status == OrderStatus.PENDING


def test_reconcile_confirms_a_refund_whose_webhook_never_came(stripe_settings):
    order, payment = helpers.started_payment()
    age(Payment, payment.pk, hours=1)
    reconcile(older_than_minutes=30)  # pays the order
    refund = refund_create(
        order=helpers.reload(order), amount=200, reason="late", actor="staff:ada"
    )
    cancel_queued_jobs()  # sent at Stripe's, then the worker died before applying it
    Refund.objects.filter(pk=refund.pk).update(
        stripe_refund_id=helpers.localstripe_call(
            "POST",
            "/v1/refunds",
            {"payment_intent": payment.stripe_payment_intent_id, "amount": 200},
        )["id"]
    )
    age(Refund, refund.pk, hours=1)

    output = reconcile(older_than_minutes=30)

    refund.refresh_from_db()
    assert refund.status == RefundStatus.SUCCEEDED
    assert helpers.reload(order).refunded_amount == 200
    assert "applied 1" in output


def test_a_canceled_order_that_stripe_charged_is_refunded_without_waiting_for_its_webhook(
    send_event, support_client
):
    """Found by an outside probe: staff canceled an order whose PaymentIntent Stripe had
    charged, its webhook never came, and the attempt read "Canceled" beside its charge,
    with no refund asked for."""
    order, payment = helpers.started_payment()  # charged at Stripe, no webhook yet
    order_transition(name="cancel", order=order, actor="staff:support", reason="Asked to")

    helpers.run_stripe_jobs()  # the cancel, refused: then the refund it asks for

    payment.refresh_from_db()
    order = helpers.reload(order)
    assert payment.status == PaymentStatus.SUCCEEDED
    assert helpers.charge_json(payment)["amount_refunded"] == payment.amount
    assert (order.status, order.flagged_reason) == (OrderStatus.CANCELED, "")
    assert DuplicatePayment.objects.get(payment=payment).status == DuplicateStatus.REFUNDED
    staff_page = support_client.get(reverse("admin:orders_order_change", args=[order.pk])).text
    assert "Charged after the order was canceled: paid back automatically" in staff_page
    pages = customer_pages(support_client, order)  # the same client, signed in as the customer
    assert "went through after the order was canceled: it was refunded to your card" in pages

    before = helpers.history(order)
    send_event(build_event("payment_intent.succeeded", helpers.intent_json(payment)))
    helpers.run_stripe_jobs()

    assert helpers.history(order) == before
    assert len(helpers.charge_json(payment)["refunds"]["data"]) == 1


def test_a_canceled_order_whose_payment_intent_stripe_does_not_know_is_flagged_for_staff(
    stripe_settings, localstripe, support_client
):
    order = create_order()
    payment = payment_start(order=order, actor="customer:test", payment_method_id="pm_card_visa")
    Payment.objects.filter(pk=payment.pk).update(
        status=PaymentStatus.PROCESSING,
        stripe_payment_intent_id="pi_forgotten",
        stripe_charge_id="ch_forgotten",
    )
    order_transition(
        name="cancel", order=helpers.reload(order), actor="staff:support", reason="Asked to"
    )
    helpers.stripe_forgets_intent(localstripe, "pi_forgotten")

    run_queued_jobs(names=["payments.tasks.cancel_payment_intent"])

    order = helpers.reload(order)
    assert order.status == OrderStatus.CANCELED
    assert order.flagged_reason == (
        "Payment pi_forgotten of 4.99 EUR (attempt 1, charge ch_forgotten) could not be canceled "
        "at Stripe: Stripe cannot read it (No such payment_intent: 'pi_forgotten'). Check it in "
        "Stripe's dashboard: if it charged the card, refund it there (the order never counted "
        "it)."
    )
    assert order.events.filter(type=OrderEventType.FLAGGED).get().actor == "stripe:pi_forgotten"
    staff_page = support_client.get(reverse("admin:orders_order_change", args=[order.pk])).text
    assert "(attempt 1, charge ch_forgotten) could not be canceled at Stripe" in staff_page


def test_a_cancel_stripe_cannot_be_reached_for_by_the_last_attempt_flags_the_order(
    stripe_settings,
):
    """Like the refunds' (outside probe BC, BC-2): the intent stayed open at Stripe, and
    nobody was told."""
    order, payment = helpers.started_payment()
    order_transition(
        name="cancel", order=helpers.reload(order), actor="staff:support", reason="Asked to"
    )
    stripe_settings.STRIPE_API_BASE = "http://127.0.0.1:9"

    run_task(
        cancel_payment_intent,
        attempts=STRIPE_RETRY.max_attempts,
        payment_intent_id=payment.stripe_payment_intent_id,
    )

    payment.refresh_from_db()
    assert helpers.reload(order).flagged_reason == (
        f"Payment {payment.stripe_payment_intent_id} of 4.99 EUR (attempt 1, charge "
        f"{payment.stripe_charge_id}) could not be canceled at Stripe: Stripe could not be "
        "reached to cancel it. Check it in Stripe's dashboard: if it charged the card, refund "
        "it there (the order never counted it)."
    )


def _cancel_killed_at_its_last_attempt(payment: Payment) -> None:
    """The attempt's cancel job as a SIGKILL leaves it during its last attempt (`doing`, on a
    worker whose heartbeat stopped minutes ago), then the stalled-job recovery fails it."""
    jobs_killed_at_their_last_attempt(
        task=cancel_payment_intent,
        attempts=STRIPE_RETRY.max_attempts,
        argument="payment_intent_id",
        value=payment.stripe_payment_intent_id,
    )
    with as_worker():
        (failed,) = stalled_jobs_retry().failed
    assert failed.task_name == cancel_payment_intent.name


def canceled_while_paying() -> tuple[Order, Payment]:
    order, payment = helpers.started_payment()
    order_transition(
        name="cancel", order=helpers.reload(order), actor="staff:support", reason="Asked to"
    )
    return helpers.reload(order), payment


def test_a_cancel_whose_worker_was_killed_at_its_last_attempt_flags_the_order_once(
    stripe_settings,
):
    """Outside finding HO: the last attempt flags the order when Stripe cannot be reached,
    but a worker killed during it left the job to the stalled-job recovery, which failed
    it: the intent may have stayed open at Stripe, and staff were never told."""
    order, payment = canceled_while_paying()
    _cancel_killed_at_its_last_attempt(payment)
    flag = (
        f"Payment {payment.stripe_payment_intent_id} of 4.99 EUR (attempt 1, charge "
        f"{payment.stripe_charge_id}) could not be canceled at Stripe: its cancel ended without "
        "Stripe's answer, so it may still be open there. Check it in Stripe's dashboard: if it "
        "charged the card, refund it there (the order never counted it)."
    )

    reconcile()
    reconcile()

    order = helpers.reload(order)
    assert order.flagged_reason == flag
    flagged = order.events.filter(type=OrderEventType.FLAGGED).get()
    assert (flagged.reason, flagged.actor) == (flag, "system:reconcile_payments")

    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        order_flag_clear(order=locked, settles=flag)
    reconcile()

    order = helpers.reload(order)
    assert order.flagged_reason == ""
    assert order.events.filter(type=OrderEventType.FLAGGED).count() == 1


def test_a_canceled_order_whose_cancel_still_waits_or_was_sent_is_not_flagged(stripe_settings):
    sent, _ = canceled_while_paying()
    helpers.run_stripe_jobs()
    waiting, _ = canceled_while_paying()

    call_command("reconcile_payments", stdout=StringIO())

    for order in (waiting, sent):
        assert helpers.reload(order).flagged_reason == ""


@pytest.mark.parametrize(
    ("answer", "failure"),
    [
        pytest.param(
            {"status": "failed", "failure_reason": "expired_or_canceled_card"},
            "Stripe's refund {} failed: expired_or_canceled_card",
            id="failed",
        ),
        pytest.param({"status": "canceled"}, "Stripe's refund {} was canceled", id="canceled"),
        pytest.param({"status": "pending"}, None, id="still-pending"),
    ],
)
def test_a_refund_whose_charge_stripe_refuses_to_read_ends_as_stripe_tells_of_the_refund(
    paid, localstripe, answer, failure
):
    """Left from outside probe BH (BH-12): a refund Stripe gave an id stayed "under way" for
    ever once Stripe refused to read its charge, whatever became of it at Stripe."""
    order, payment = paid
    localstripe.refunds_answer("pending")
    row = refund_create(order=order, amount=100, reason="Late", actor="staff:finance")
    helpers.run_stripe_jobs()
    row.refresh_from_db()
    assert (row.status, row.stripe_refund_id[:3]) == (RefundStatus.PENDING, "re_")
    helpers.localstripe_call("POST", f"/v1/refunds/{row.stripe_refund_id}", answer)
    # Stripe refuses to read its charge: localstripe knows no such charge (404).
    Payment.objects.filter(pk=payment.pk).update(stripe_charge_id="ch_forgotten")
    failure = failure and failure.format(row.stripe_refund_id)

    payments_reconcile(
        older_than=timedelta(0), expire_unpaid_after=timedelta(days=1), actor="system:test"
    )

    row.refresh_from_db()
    order = helpers.reload(order)
    if failure is None:  # Stripe is still at it: the next run reads it again
        assert (row.status, order.flagged_reason) == (RefundStatus.PENDING, "")
        return
    assert (row.status, row.failure_message) == (RefundStatus.FAILED, failure)
    assert order.flagged_reason == (
        f"A refund failed at Stripe: 1.00 EUR ({failure}). Nothing was refunded: refund again, "
        "or tell the customer why not."
    )
    assert order.refund_pending_amount == 0
