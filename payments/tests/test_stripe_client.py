"""The one door to Stripe refuses to be used while a database transaction is open."""

import logging

import pytest
from django.db import transaction
from prometheus_client import REGISTRY

from morpheus.db_context import system_scope
from payments import stripe_client
from payments.errors import StripeCallInTransaction

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
