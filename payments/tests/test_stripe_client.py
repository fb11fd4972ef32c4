"""The one door to Stripe refuses to be used while a database transaction is open."""

import ast
import logging
import socket
import threading
from pathlib import Path

import pytest
from django.db import transaction
from prometheus_client import REGISTRY

from morpheus.db_context import system_scope
from payments import stripe_client
from payments.errors import PaymentProviderUnreachable, StripeCallInTransaction
from payments.tests.helpers import charge_json, localstripe_call, started_payment

IN_TRANSACTION = "morpheus_stripe_calls_in_transaction_total"


def calls_in_transaction(operation: str) -> float:
    return REGISTRY.get_sample_value(IN_TRANSACTION, {"operation": operation}) or 0.0


@pytest.mark.django_db
def test_a_stripe_call_outside_our_transactions_goes_ahead_despite_the_test_case_wrapper(
    stripe_settings,
):
    assert stripe_client.customer_exists("cus_unknown") is False


@pytest.mark.django_db
def test_a_stripe_call_inside_a_transaction_is_an_error_in_tests(stripe_settings):
    with system_scope(), pytest.raises(StripeCallInTransaction):
        stripe_client.customer_exists("cus_unknown")


@pytest.mark.django_db(transaction=True)
def test_without_a_test_case_wrapper_only_an_open_transaction_is_refused(stripe_settings):
    assert stripe_client.customer_exists("cus_unknown") is False
    with transaction.atomic(), pytest.raises(StripeCallInTransaction):
        stripe_client.customer_exists("cus_unknown")


@pytest.mark.django_db
def test_in_production_the_call_goes_ahead_logged_as_an_error_and_counted(stripe_settings, caplog):
    stripe_settings.STRIPE_CALL_IN_TRANSACTION = "log"
    before = calls_in_transaction("customer_retrieve")

    with transaction.atomic():
        exists = stripe_client.customer_exists("cus_unknown")

    assert exists is False
    assert calls_in_transaction("customer_retrieve") == before + 1
    [record] = [r for r in caplog.records if r.name == "payments.stripe_client"]
    assert record.levelno == logging.ERROR
    assert "customer_retrieve" in record.getMessage()


ROOT = Path(__file__).resolve().parents[2]
NOT_OURS = {".venv", "var", ".git", "node_modules"}


def stripe_importers() -> list[str]:
    """Every Python file of the tree that imports `stripe` (or a submodule of it)."""
    found = []
    for path in ROOT.rglob("*.py"):
        if NOT_OURS & set(path.relative_to(ROOT).parts):
            continue
        for node in ast.walk(ast.parse(path.read_bytes(), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            if any(name == "stripe" or name.startswith("stripe.") for name in names):
                found.append(str(path.relative_to(ROOT)))
    return sorted(set(found))


def test_only_the_stripe_client_imports_stripe_anywhere_in_the_tree():
    assert stripe_importers() == ["payments/stripe_client.py"]


def test_a_stripe_that_never_answers_is_given_up_after_each_tries_timeout(silent_stripe):
    """Found by an outside probe: with Stripe hung, an API order's answer waited for the
    stripe library's own 80 s on each of its tries, long past gunicorn's 30 s, while the
    order was already made (a client that gave up and retried made another). Each of the
    three tries now waits STRIPE_TIMEOUT_SECONDS (0.2 here)."""
    raised = []

    def call() -> None:
        try:
            stripe_client.customer_exists("cus_anyone")
        except PaymentProviderUnreachable as exc:
            raised.append(exc)

    asking = threading.Thread(target=call, daemon=True)
    asking.start()
    asking.join(timeout=20)

    assert not asking.is_alive(), "the call still waited for Stripe after 20 s"
    assert len(raised) == 1


def test_a_stripe_out_of_reach_is_tried_three_times_waiting_the_configured_time_between(
    stripe_settings, monkeypatch
):
    """STRIPE_RETRY_WAIT_SECONDS before the second try and twice it before the third, less
    stripe's jitter of up to half (the suite waits 0.01 s; production stripe's 0.5 s)."""
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))  # bound, not listening: every connection is refused
        stripe_settings.STRIPE_API_BASE = f"http://127.0.0.1:{closed.getsockname()[1]}"
        stripe_settings.STRIPE_RETRY_WAIT_SECONDS = 0.4
        waits: list[float] = []
        monkeypatch.setattr("time.sleep", waits.append)
        with pytest.raises(PaymentProviderUnreachable):
            stripe_client.customer_exists("cus_anyone")

    assert len(waits) == 2
    assert 0.2 <= waits[0] <= 0.4
    assert 0.4 <= waits[1] <= 0.8


def test_a_charge_is_read_with_every_refund_past_stripes_first_ten(stripe_settings, db):
    """Stripe lists ten of a charge's refunds with it: reconciliation and the refund checks
    read the charge's refunds, and missed the others."""
    _, payment = started_payment()
    charge_id = charge_json(payment)["id"]
    made = [
        localstripe_call("POST", "/v1/refunds", {"charge": charge_id, "amount": 10})["id"]
        for _ in range(12)
    ]

    charge = stripe_client.charge_retrieve(charge_id)

    assert sorted(refund["id"] for refund in charge["refunds"]["data"]) == sorted(made)
