"""Structure and row-level security of the payments app."""

import re
from pathlib import Path

import pytest
from djstripe.models import APIKey

from morpheus.db_context import Scope, rls_scope, system_scope
from morpheus_testing.factories import UserFactory, create_order
from payments.models import Payment, Refund

PAYMENTS = Path(__file__).resolve().parent.parent


def test_only_the_client_module_imports_stripe():
    importers = {
        path.relative_to(PAYMENTS).as_posix()
        for path in PAYMENTS.rglob("*.py")
        if re.search(r"^\s*(import stripe|from stripe)\b", path.read_text(), re.MULTILINE)
    }
    assert importers == {"stripe_client.py"}


@pytest.mark.django_db
def test_customers_see_only_their_own_payments_and_nobody_sees_without_a_scope():
    mine, theirs = UserFactory(), UserFactory()
    for customer in (mine, theirs):
        order = create_order(customer=customer)
        Payment.objects.create(
            order=order, attempt=1, idempotency_key=f"k-{order.pk}", amount=1, currency="EUR"
        )
    with rls_scope(scope=Scope.CUSTOMER, user_id=mine.pk):
        assert list(Payment.objects.values_list("order__customer", flat=True)) == [mine.pk]
    with rls_scope(scope=Scope.ANONYMOUS):
        assert not Payment.objects.exists()
        assert not Refund.objects.exists()


@pytest.mark.django_db
def test_stripe_api_keys_are_visible_to_the_system_scope_only(stripe_webhook):
    with system_scope():
        assert APIKey.objects.exists()
    for scope, user_id in ((Scope.STAFF, 1), (Scope.CUSTOMER, 1), (Scope.ANONYMOUS, None)):
        with rls_scope(scope=scope, user_id=user_id):
            assert not APIKey.objects.exists()
