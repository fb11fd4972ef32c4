"""The orders policy decides staff-or-system once per statement: each row then costs one
boolean, the customer branch still compares the owner, the order branch (a guest's order
link) the order's id."""

import pytest
from django.db import connection

from morpheus.db_context import Scope, rls_scope
from morpheus_testing.factories import UserFactory, create_order
from orders.models import Order


def count_plan() -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN SELECT count(*) FROM orders_order")
        return "\n".join(line for (line,) in cursor.fetchall())


@pytest.mark.django_db
def test_a_staff_count_tests_on_each_row_one_boolean_computed_once():
    with rls_scope(scope=Scope.STAFF, user_id=UserFactory().pk):
        plan = count_plan()
    assert (
        "Filter: ((InitPlan 1).col1 OR (customer_id = (InitPlan 2).col1) "
        "OR (id = (InitPlan 3).col1))"
    ) in plan


@pytest.mark.django_db
def test_with_that_shape_staff_see_every_order_and_a_customer_their_own():
    alice = UserFactory()
    hers, other = create_order(customer=alice), create_order()
    with rls_scope(scope=Scope.STAFF, user_id=UserFactory().pk):
        assert set(Order.objects.values_list("pk", flat=True)) == {hers.pk, other.pk}
    with rls_scope(scope=Scope.CUSTOMER, user_id=alice.pk):
        assert list(Order.objects.values_list("pk", flat=True)) == [hers.pk]
