"""Stripe events through the real webhook endpoint (dj-stripe view, signature, storage)."""

import json
import logging
import time
from uuid import uuid4

import pytest
from django.db import OperationalError
from djstripe.models import Event

from morpheus.db_context import system_scope
from morpheus.money import format_money
from morpheus_testing.stripe_fixtures import point_djstripe_at_api_host
from morpheus_testing.stripe_signing import build_event, sign_payload
from orders import services as order_services
from orders.transitions import OrderStatus
from payments.models import Payment, PaymentStatus
from payments.services import outcomes, payment_authentication_abandon
from payments.tests.helpers import (
    THREE_D_SECURE_CARD,
    card_payment_method,
    history,
    reload,
    started_payment,
    status_changes,
)

pytestmark = pytest.mark.django_db


def intent_payload(payment: Payment, status: str, **overrides) -> dict:
    return {
        "id": payment.stripe_payment_intent_id,
        "object": "payment_intent",
        "status": status,
        "amount": payment.amount,
        "currency": payment.currency.lower(),
        "metadata": {"order_number": payment.order.number, "attempt": str(payment.attempt)},
        "last_payment_error": None,
        **overrides,
    }


DECLINE = {"code": "card_declined", "decline_code": "insufficient_funds", "message": "Declined."}


@pytest.fixture
def started(stripe_webhook):
    return started_payment()


def test_succeeded_marks_the_order_paid_with_one_history_row(started, send_event):
    order, payment = started
    response = send_event(
        build_event("payment_intent.succeeded", intent_payload(payment, "succeeded"))
    )
    assert response.status_code == 200
    assert reload(order).status == OrderStatus.PAID
    assert status_changes(order) == [("pending", "processing"), ("processing", "paid")]
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert payment.succeeded_at is not None


def test_paid_order_is_handed_to_fulfilment(started, send_event):
    """`order_status_changed` is how delivery learns of the payment (it defers its job)."""
    from orders.signals import order_status_changed

    _, payment = started
    announced = []

    def record(sender, *, to_status, **kwargs):
        announced.append(to_status)

    order_status_changed.connect(record)
    try:
        send_event(build_event("payment_intent.succeeded", intent_payload(payment, "succeeded")))
    finally:
        order_status_changed.disconnect(record)
    assert announced == [OrderStatus.PAID]


@pytest.mark.parametrize(
    "overrides",
    [{"amount": 1}, {"currency": "usd"}],
    ids=["amount", "currency"],
)
def test_mismatched_success_leaves_order_unpaid_and_flagged(started, send_event, overrides):
    order, payment = started
    send_event(
        build_event("payment_intent.succeeded", intent_payload(payment, "succeeded", **overrides))
    )
    order = reload(order)
    assert order.status == OrderStatus.PROCESSING
    assert "does not match the order total" in order.flagged_reason
    assert ("flagged", "", "") in history(order)


def test_a_correct_success_after_a_mismatched_one_pays_and_leaves_no_not_paid_flag(
    started, send_event
):
    """Outside probe GJ-3: the paid, fulfilled order kept "...: not paid." in its flag."""
    order, payment = started
    send_event(
        build_event("payment_intent.succeeded", intent_payload(payment, "succeeded", amount=1))
    )
    with system_scope():
        flagged = reload(order).flagged_reason
        # A line of another matter stays.
        order_services.order_flag(order=reload(order), actor="staff:test", reason="Call them")

    send_event(build_event("payment_intent.succeeded", intent_payload(payment, "succeeded")))

    order = reload(order)
    assert "does not match the order total" in flagged
    assert order.status == OrderStatus.PAID
    assert order.flagged_reason == "Call them"


def test_a_success_after_a_decline_told_first_shows_no_decline_on_the_attempt(started, send_event):
    """Outside probe GJ-3: staff read "Succeeded" beside the decline's message."""
    order, payment = started
    failed = intent_payload(payment, "requires_payment_method", last_payment_error=DECLINE)
    send_event(build_event("payment_intent.payment_failed", failed))

    send_event(build_event("payment_intent.succeeded", intent_payload(payment, "succeeded")))

    payment.refresh_from_db()
    assert reload(order).status == OrderStatus.PAID
    assert (payment.status, payment.failure_code, payment.failure_message) == (
        PaymentStatus.SUCCEEDED,
        "",
        "",
    )


def test_processing_event_keeps_order_processing_without_new_history(started, send_event):
    order, payment = started
    before = history(order)
    send_event(build_event("payment_intent.processing", intent_payload(payment, "processing")))
    assert reload(order).status == OrderStatus.PROCESSING
    assert history(order) == before


def test_payment_failed_returns_order_to_pending_and_records_the_failure(started, send_event):
    order, payment = started
    failed = intent_payload(payment, "requires_payment_method", last_payment_error=DECLINE)
    send_event(build_event("payment_intent.payment_failed", failed))
    payment.refresh_from_db()
    assert (payment.status, payment.failure_code, payment.failure_message) == (
        PaymentStatus.FAILED,
        "insufficient_funds",
        "Declined.",
    )
    assert reload(order).status == OrderStatus.PENDING
    assert ("payment_failed", "", "") in history(order)
    assert status_changes(order)[-1] == ("processing", "pending")


def test_canceled_event_cancels_the_order(started, send_event):
    order, payment = started
    send_event(build_event("payment_intent.canceled", intent_payload(payment, "canceled")))
    assert reload(order).status == OrderStatus.CANCELED


def test_a_success_for_an_order_canceled_meanwhile_flags_it_and_asks_for_its_refund(
    started, send_event
):
    order, payment = started
    with system_scope():
        order_services.order_transition(
            name="cancel", order=reload(order), actor="customer:test", reason="Changed my mind"
        )

    send_event(build_event("payment_intent.succeeded", intent_payload(payment, "succeeded")))

    order = reload(order)
    assert order.status == OrderStatus.CANCELED
    assert "succeeded on a canceled order: its refund was asked for" in order.flagged_reason


def test_a_success_after_the_comic_was_given_meanwhile_pays_the_order_and_flags_it_for_a_refund(
    stripe_webhook, send_event
):
    """Reconciliation ended the attempt waiting for 3-D Secure (the order pending again),
    staff gave the comic, then the customer passed the 3-D Secure before the cancel reached
    Stripe: they paid for a comic they had been given (outside probe AS-2)."""
    order, payment = started_payment(payment_method_id=card_payment_method(THREE_D_SECURE_CARD))
    comic = order.items.get().comic
    with system_scope():
        payment_authentication_abandon(
            payment_id=payment.pk, actor="system:reconcile_payments", reason="still waiting"
        )
        given = order_services.order_comp(
            customer=order.customer, comics=[comic], reason="Goodwill", actor="staff:support"
        )

    send_event(build_event("payment_intent.succeeded", intent_payload(payment, "succeeded")))

    order = reload(order)
    assert order.status == OrderStatus.PAID
    assert order.flagged_reason == (
        f"Payment {payment.stripe_payment_intent_id} of {format_money(order.total_amount, 'EUR')} "
        f"paid for {comic.title}, which the customer already had from order {given.number}: "
        "refund what they paid twice for."
    )


def test_the_same_event_twice_changes_the_order_once(started, send_event):
    order, payment = started
    event = build_event("payment_intent.succeeded", intent_payload(payment, "succeeded"))
    assert send_event(event).status_code == 200
    assert send_event(event).status_code == 200
    assert status_changes(order) == [("pending", "processing"), ("processing", "paid")]
    assert Event.objects.filter(id=event["id"]).count() == 1


def test_a_second_success_event_for_the_same_intent_changes_nothing(started, send_event):
    order, payment = started
    send_event(build_event("payment_intent.succeeded", intent_payload(payment, "succeeded")))
    before = history(order)
    send_event(build_event("payment_intent.succeeded", intent_payload(payment, "succeeded")))
    assert history(order) == before


def test_succeeded_before_processing_ends_paid(started, send_event):
    order, payment = started
    send_event(build_event("payment_intent.succeeded", intent_payload(payment, "succeeded")))
    send_event(build_event("payment_intent.processing", intent_payload(payment, "processing")))
    assert reload(order).status == OrderStatus.PAID
    assert status_changes(order) == [("pending", "processing"), ("processing", "paid")]


def test_success_after_a_failure_of_the_same_attempt_walks_the_canonical_path(started, send_event):
    """Stripe took the money after all (e.g. an attempt we gave up on): the order follows."""
    order, payment = started
    failed = intent_payload(payment, "requires_payment_method", last_payment_error=DECLINE)
    send_event(build_event("payment_intent.payment_failed", failed))
    assert reload(order).status == OrderStatus.PENDING
    send_event(build_event("payment_intent.succeeded", intent_payload(payment, "succeeded")))
    assert reload(order).status == OrderStatus.PAID
    assert status_changes(order)[-3:] == [
        ("processing", "pending"),
        ("pending", "processing"),
        ("processing", "paid"),
    ]


def test_stale_payment_failed_after_succeeded_is_ignored(started, send_event):
    order, payment = started
    send_event(build_event("payment_intent.succeeded", intent_payload(payment, "succeeded")))
    before = history(order)
    failed = intent_payload(payment, "requires_payment_method", last_payment_error=DECLINE)
    assert send_event(build_event("payment_intent.payment_failed", failed)).status_code == 200
    assert reload(order).status == OrderStatus.PAID
    assert history(order) == before
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED


def test_event_for_an_unknown_payment_intent_is_stored_and_answered_200(send_event):
    unknown = {
        "id": "pi_not_ours",
        "object": "payment_intent",
        "status": "succeeded",
        "amount": 499,
        "currency": "eur",
        "metadata": {},
    }
    event = build_event("payment_intent.succeeded", unknown)
    assert send_event(event).status_code == 200
    assert Event.objects.filter(id=event["id"]).exists()
    assert not Payment.objects.exists()


@pytest.fixture
def stripe_out_of_reach(stripe_settings):
    """Stripe's API out of reach, for stripe-python's global client (dj-stripe's) too."""
    reachable = stripe_settings.STRIPE_API_HOST
    stripe_settings.STRIPE_API_HOST = "http://127.0.0.1:9"
    point_djstripe_at_api_host()
    yield
    stripe_settings.STRIPE_API_HOST = reachable
    point_djstripe_at_api_host()


@pytest.mark.parametrize(
    "event_type, data_object",
    [
        ("customer.created", {"id": "cus_new", "object": "customer", "email": "a@example.com"}),
        ("charge.succeeded", {"id": "ch_new", "object": "charge", "customer": "cus_new"}),
        ("payment_method.attached", {"id": "pm_new", "object": "payment_method"}),
        ("payment_intent.created", {"id": "pi_new", "object": "payment_intent"}),
    ],
)
def test_events_we_do_not_act_on_are_stored_without_asking_stripe(
    stripe_out_of_reach, send_event, event_type, data_object
):
    event = build_event(event_type, data_object)
    assert send_event(event).status_code == 200
    assert Event.objects.filter(id=event["id"]).exists()


def test_an_event_for_a_key_whose_account_is_not_stored_is_kept_without_asking_stripe(
    stripe_out_of_reach, stripe_settings, send_event
):
    stripe_settings.STRIPE_SECRET_KEY = f"sk_test_{uuid4().hex}"
    event = build_event("payment_intent.created", {"id": "pi_new", "object": "payment_intent"})
    assert send_event(event).status_code == 200
    assert Event.objects.get(id=event["id"]).djstripe_owner_account is None


def test_success_found_by_metadata_before_we_learnt_the_intent_id(started, send_event):
    order, payment = started
    Payment.objects.filter(pk=payment.pk).update(stripe_payment_intent_id=None)
    send_event(build_event("payment_intent.succeeded", intent_payload(payment, "succeeded")))
    assert reload(order).status == OrderStatus.PAID
    payment.refresh_from_db()
    assert payment.stripe_payment_intent_id


@pytest.mark.parametrize("attempt", ["\u00b2", "9" * 5000], ids=["superscript", "5000-digits"])
def test_a_success_naming_an_attempt_we_could_not_have_written_is_not_ours(
    started, send_event, attempt
):
    """Before we learnt the intent id, the attempt is found by the number we put in its
    metadata: "²" is a digit to `str.isdigit`, not to `int`, and neither holds 5000."""
    order, payment = started
    Payment.objects.filter(pk=payment.pk).update(stripe_payment_intent_id=None)
    before = history(order)
    metadata = {"order_number": order.number, "attempt": attempt}
    intent = intent_payload(payment, "succeeded", metadata=metadata)
    assert send_event(build_event("payment_intent.succeeded", intent)).status_code == 200
    assert reload(order).status == OrderStatus.PROCESSING
    assert history(order) == before


def _post_signed(client, stripe_webhook, payload: bytes, content_type="application/json"):
    """Posts `payload` as it is (the test client would encode it in the charset a
    `content_type` names), signed as Stripe signs it."""
    return client.post(
        stripe_webhook.path,
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign_payload(payload, stripe_webhook.secret),
        CONTENT_TYPE=content_type,
    )


class TestRejectedRequests:
    """400 (or 200 for types we do not handle) and nothing changes."""

    @pytest.fixture
    def succeeded_event(self, started):
        order, payment = started
        return order, build_event("payment_intent.succeeded", intent_payload(payment, "succeeded"))

    def assert_nothing_changed(self, order, before):
        assert reload(order).status == OrderStatus.PROCESSING
        assert history(order) == before
        assert not Event.objects.exists()

    def test_missing_signature_is_400(self, succeeded_event, client, stripe_webhook):
        order, event = succeeded_event
        before = history(order)
        response = client.post(
            stripe_webhook.path, data=json.dumps(event), content_type="application/json"
        )
        assert response.status_code == 400
        self.assert_nothing_changed(order, before)

    def test_forged_signature_is_400(self, succeeded_event, send_event, caplog):
        order, event = succeeded_event
        before = history(order)
        forged = f"t={int(time.time())},v1={'0' * 64}"
        assert send_event(event, signature=forged).status_code == 400
        self.assert_nothing_changed(order, before)
        assert refusals_logged(caplog) == ["Stripe webhook refused: signature missing or wrong"]

    def test_a_signature_of_other_than_ascii_is_400(self, succeeded_event, send_event):
        """Outside probe DT-2: Stripe's check failed on it, a server error."""
        order, event = succeeded_event
        before = history(order)
        assert send_event(event, signature=f"t={int(time.time())},v1=é").status_code == 400
        self.assert_nothing_changed(order, before)

    @pytest.mark.parametrize("hours", [-1, 1, 24])
    def test_a_signature_dated_an_hour_away_is_400_and_the_log_points_at_the_clock(
        self, succeeded_event, send_event, caplog, hours
    ):
        """Outside probe DQ-3: logged as a wrong signature, an operator whose clock drifted
        would look at the webhook secret. EG-2: one dated ahead was taken."""
        order, event = succeeded_event
        before = history(order)
        assert send_event(event, timestamp=int(time.time()) + 3600 * hours).status_code == 400
        self.assert_nothing_changed(order, before)
        assert refusals_logged(caplog) == [
            "Stripe webhook refused: signed right but dated more than 300 s away from this "
            "server's clock (is the clock right?)"
        ]

    @pytest.mark.parametrize(
        "payload",
        [b'{"id": "evt_1", "type": "payment_intent.succeeded",', b"[" * 5000],
        ids=["cut-short", "nested-too-deeply"],
    )
    def test_a_signed_body_that_is_no_json_object_is_400(
        self, started, client, stripe_webhook, payload
    ):
        order, _ = started
        before = history(order)
        response = _post_signed(client, stripe_webhook, payload)
        assert response.status_code == 400
        self.assert_nothing_changed(order, before)

    @pytest.mark.parametrize(
        "value",
        [b"1e400", b"-1E400", b"NaN", b'"\\uD800"', b'"\\udc00\\ud800"'],
        ids=["beyond-a-float", "beyond-a-float-negative", "nan", "high-half", "halves-reversed"],
    )
    def test_a_signed_event_jsonb_cannot_hold_is_400(
        self, succeeded_event, client, stripe_webhook, value
    ):
        """Written as JSON text, as a sender other than Python's json module may."""
        order, event = succeeded_event
        before = history(order)
        event["data"]["object"]["metadata"]["note"] = "PLACE"
        payload = json.dumps(event).encode().replace(b'"PLACE"', value)
        response = _post_signed(client, stripe_webhook, payload)
        assert response.status_code == 400
        self.assert_nothing_changed(order, before)

    @pytest.mark.parametrize(
        ("encoded", "content_type"),
        [
            (lambda text: b"\xef\xbb\xbf" + text.encode(), "application/json"),
            (lambda text: text.encode("utf-16-le"), "application/json"),
            (lambda text: text.encode("utf-16"), "application/json"),
        ],
        ids=["utf-8-byte-order-mark", "utf-16-le", "utf-16-with-its-mark"],
    )
    def test_a_signed_event_in_another_encoding_than_utf_8_is_400(
        self, succeeded_event, client, stripe_webhook, encoded, content_type
    ):
        """Outside probe GJ-5: the envelope check read the bytes as JSON may (UTF-16, a
        byte-order mark), the receiver as UTF-8: a server error, which Stripe retries for
        days."""
        order, event = succeeded_event
        before = history(order)
        response = _post_signed(client, stripe_webhook, encoded(json.dumps(event)), content_type)
        assert response.status_code == 400
        self.assert_nothing_changed(order, before)

    def test_a_signed_utf_8_event_under_another_charset_is_read_as_utf_8(
        self, succeeded_event, client, stripe_webhook
    ):
        """Outside probe GJ-5: the receiver decoded it by the charset the header named."""
        order, event = succeeded_event
        payload = json.dumps(event).encode()
        content_type = "application/json; charset=utf-16"
        response = _post_signed(client, stripe_webhook, payload, content_type)
        assert response.status_code == 200
        assert reload(order).status == OrderStatus.PAID

    def test_unknown_event_type_is_200_and_changes_no_order(self, started, send_event):
        order, _ = started
        before = history(order)
        event = build_event("customer.discount.created", {"id": "di_1", "object": "discount"})
        assert send_event(event).status_code == 200
        assert reload(order).status == OrderStatus.PROCESSING
        assert history(order) == before


def test_surrogate_pairs_and_the_last_second_of_year_9999_are_stored(started, send_event):
    """What the envelope check refuses stops short of what jsonb and datetime hold: a
    character outside the BMP escaped as a pair (an emoji in a name) is a character."""
    order, payment = started
    event = {**_succeeded(payment), "created": 253_402_300_799}
    event["data"]["object"]["metadata"]["note"] = "\U0001f600"
    assert b"\\ud83d\\ude00" in json.dumps(event).encode()
    assert send_event(event).status_code == 200
    assert reload(order).status == OrderStatus.PAID
    stored = Event.objects.get(id=event["id"])
    assert stored.created.year == 9999
    assert stored.data["object"]["metadata"]["note"] == "\U0001f600"


def test_failing_handler_answers_500_writes_nothing_and_the_retry_succeeds(
    started, send_event, client, monkeypatch
):
    order, payment = started
    real_set_status = outcomes._set_status

    def set_status_then_lose_the_database(*args, **kwargs):
        real_set_status(*args, **kwargs)
        raise OperationalError("canceling statement due to lock timeout")

    monkeypatch.setattr(outcomes, "_set_status", set_status_then_lose_the_database)
    client.raise_request_exception = False
    event = build_event("payment_intent.succeeded", intent_payload(payment, "succeeded"))
    assert send_event(event).status_code == 500
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PROCESSING
    assert reload(order).status == OrderStatus.PROCESSING
    assert not Event.objects.filter(id=event["id"]).exists()

    monkeypatch.setattr(outcomes, "_set_status", real_set_status)
    assert send_event(event).status_code == 200
    assert reload(order).status == OrderStatus.PAID


def test_a_mismatched_success_then_the_correct_one_ends_paid(started, send_event):
    """The wrong amount is judged before anything is recorded: the attempt stays open."""
    order, payment = started
    wrong = intent_payload(payment, "succeeded", amount=payment.amount - 1)
    send_event(build_event("payment_intent.succeeded", wrong))
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PROCESSING
    assert reload(order).status == OrderStatus.PROCESSING

    send_event(build_event("payment_intent.succeeded", intent_payload(payment, "succeeded")))
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert reload(order).status == OrderStatus.PAID


def test_a_repeated_mismatched_success_flags_the_order_once(started, send_event):
    order, payment = started
    for _ in range(2):
        wrong = intent_payload(payment, "succeeded", currency="usd")
        send_event(build_event("payment_intent.succeeded", wrong))
    assert [kind for kind, _, _ in history(order)].count("flagged") == 1


DROP = object()


def _succeeded(payment: Payment, **overrides) -> dict:
    payload = intent_payload(payment, "succeeded", **overrides)
    intent = {key: value for key, value in payload.items() if value is not DROP}
    return build_event("payment_intent.succeeded", intent)


MALFORMED_PAYMENT_EVENTS = {
    "object-without-id": lambda p: _succeeded(p, id=DROP),
    "id-as-number": lambda p: _succeeded(p, id=42),
    "amount-missing": lambda p: _succeeded(p, amount=DROP),
    "amount-as-text": lambda p: _succeeded(p, amount=str(p.amount)),
    "amount-as-float": lambda p: _succeeded(p, amount=p.amount + 0.5),
    "metadata-as-text": lambda p: _succeeded(p, metadata=p.order.number),
    "object-as-text": lambda p: build_event("payment_intent.succeeded", "pi_123"),
    "data-without-object": lambda p: {**_succeeded(p), "data": {}},
    "data-as-text": lambda p: {**_succeeded(p), "data": "x"},
    # Stored in bigint and varchar(255) columns: what does not fit is no Stripe object.
    "amount-beyond-bigint": lambda p: _succeeded(p, amount=2**63),
    "charge-id-too-long": lambda p: _succeeded(p, latest_charge="ch_" + "x" * 253),
}
# Envelopes dj-stripe could not store are refused before it sees them.
MALFORMED_ENVELOPES = {
    "created-as-text": lambda p: {**_succeeded(p), "created": "yesterday"},
    "event-id-as-number": lambda p: {**_succeeded(p), "id": 42},
    "type-missing": lambda p: {**_succeeded(p), "type": None},
    "livemode-as-text": lambda p: {**_succeeded(p), "livemode": "no"},
    "data-null": lambda p: {**_succeeded(p), "data": None},
    "nul-in-event-id": lambda p: {**_succeeded(p), "id": "evt_\x00nul"},
    "nul-in-metadata": lambda p: _with_object(p, metadata={"note": "a\x00b"}),
    # dj-stripe turns `created` into a datetime: years 1970 to 9999.
    "created-beyond-time_t": lambda p: {**_succeeded(p), "created": 10**30},
    "created-after-year-9999": lambda p: {**_succeeded(p), "created": 10**12},
    "created-before-1970": lambda p: {**_succeeded(p), "created": -(10**12)},
    # The event is stored as jsonb, which holds no lone surrogate, NaN or infinity.
    "lone-surrogate-in-event-id": lambda p: {**_succeeded(p), "id": "evt_\udfff"},
    "lone-surrogate-in-object-id": lambda p: _with_object(p, id="\ud800"),
    "lone-surrogate-in-a-key": lambda p: _with_object(p, metadata={"\udc00": "x"}),
    "nan-in-object": lambda p: _with_object(p, application_fee_amount=float("nan")),
    "infinity-in-object": lambda p: _with_object(p, application_fee_amount=float("-inf")),
}


def _with_object(payment, **fields) -> dict:
    event = _succeeded(payment)
    event["data"]["object"] = {**event["data"]["object"], **fields}
    return event


@pytest.mark.parametrize(
    ("case", "status"),
    [(case, 200) for case in MALFORMED_PAYMENT_EVENTS]
    + [(case, 400) for case in MALFORMED_ENVELOPES],
)
def test_a_malformed_signed_payment_event_is_answered_2xx_or_4xx_logged_and_changes_nothing(
    started, send_event, caplog, case, status
):
    order, payment = started
    before = history(order)
    caplog.set_level(logging.WARNING)
    make_event = MALFORMED_PAYMENT_EVENTS.get(case) or MALFORMED_ENVELOPES[case]
    assert send_event(make_event(payment)).status_code == status
    assert reload(order).status == OrderStatus.PROCESSING
    assert history(order) == before
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PROCESSING
    assert any(
        record.levelno == logging.WARNING and "Malformed" in record.getMessage()
        for record in caplog.records
    )


def _refund(**fields) -> dict:
    return {"refunds": {"data": [{"id": "re_1", "status": "succeeded", "amount": 5, **fields}]}}


@pytest.mark.parametrize(
    "overrides",
    [
        {"amount_refunded": "all"},
        {"refunds": {"data": "none"}},
        {"payment_intent": 7},
        {"amount_refunded": 2**63},
        _refund(amount=2**63),
        _refund(id="re_" + "x" * 253),
    ],
    ids=[
        "amount-as-text",
        "refunds-not-a-list",
        "payment-intent-as-number",
        "amount-beyond-bigint",
        "refund-amount-beyond-bigint",
        "refund-id-too-long",
    ],
)
def test_a_malformed_signed_refund_event_is_answered_200_logged_and_changes_nothing(
    started, send_event, caplog, overrides
):
    order, payment = started
    send_event(build_event("payment_intent.succeeded", intent_payload(payment, "succeeded")))
    before = history(order)
    caplog.set_level(logging.WARNING)
    charge = {
        "id": payment.stripe_charge_id or "ch_unknown",
        "object": "charge",
        "payment_intent": payment.stripe_payment_intent_id,
        "amount": payment.amount,
        "amount_refunded": payment.amount,
        "currency": payment.currency.lower(),
        "refunds": {"data": []},
        **overrides,
    }
    assert send_event(build_event("charge.refunded", charge)).status_code == 200
    assert reload(order).status == OrderStatus.PAID
    assert history(order) == before
    assert any(
        record.levelno == logging.WARNING and "Malformed" in record.getMessage()
        for record in caplog.records
    )


def refusals_logged(caplog) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.getMessage().startswith("Stripe webhook refused")
    ]
