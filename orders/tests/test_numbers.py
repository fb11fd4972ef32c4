import random
import re

import pytest

from morpheus.db_context import Scope, rls_scope
from morpheus_testing.admin_fixtures import bulk_pending_orders
from morpheus_testing.factories import ComicFactory, UserFactory
from orders import numbers, services

READABLE = re.compile(r"MO-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}")


def test_numbers_are_short_readable_distinct_and_follow_no_order():
    drawn = [numbers.order_number_random() for _ in range(1000)]

    assert all(READABLE.fullmatch(number) for number in drawn)
    assert len(set(drawn)) == len(drawn)
    assert drawn != sorted(drawn)


@pytest.mark.django_db
def test_a_number_another_customer_holds_is_drawn_again(monkeypatch):
    monkeypatch.setattr(numbers, "_source", random.Random(12))  # replayable draws
    taken = numbers.order_number_random()
    (others,) = bulk_pending_orders(1)
    others.number = taken
    others.save(update_fields=["number"])
    customer = UserFactory()
    services.cart_add_comic(customer=customer, comic=ComicFactory())
    monkeypatch.setattr(numbers, "_source", random.Random(12))

    with rls_scope(scope=Scope.CUSTOMER, user_id=customer.pk):  # cannot see the other order
        order = services.order_create_from_cart(customer=customer, actor="customer:test")

    assert READABLE.fullmatch(order.number)
    assert order.number != taken


@pytest.mark.parametrize(
    "typed",
    [
        "MO-7K3Q-M2X0",
        "mo-7k3q-m2x0",
        "mo 7k3q m2xo",
        "MO7K3QM2XO",
        "m0-7k3q-m2x0",
        # A word processor's dashes, pasted (outside probe EU: found nothing).
        "MO\u20137K3Q\u2013M2X0",
        "MO\u20117K3Q\u2014M2X0",
        "MO\u22127K3Q\u2212M2X0",
    ],
)
def test_a_number_read_out_or_typed_loosely_is_found_as_stored(typed):
    assert numbers.order_number_as_typed(typed) == "MO-7K3Q-M2X0"


@pytest.mark.parametrize("typed", ["MO-2026-000021", "alice@morpheus.example", "MO-7K3Q"])
def test_other_text_is_not_an_order_number(typed):
    assert numbers.order_number_as_typed(typed) is None


@pytest.mark.parametrize(
    "read", ["7k3q-m2xo", "7K3QM2X0", "7k3q m2x0", "MO-7K3Q-M2X0", "mo 7k3q m2xo", "m0-7k3q-m2x0"]
)
def test_a_number_read_without_its_prefix_is_found_as_stored(read):
    assert numbers.order_number_as_read(read) == "MO-7K3Q-M2X0"


@pytest.mark.parametrize("read", ["7K3Q", "alice@morpheus.example", "7K3Q-M2X0-AB", "7K3QM2XU"])
def test_other_text_is_not_a_number_read_out(read):
    assert numbers.order_number_as_read(read) is None
