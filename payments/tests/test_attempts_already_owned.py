"""Starting a payment re-checks, under the customer's and the order's locks, that the
customer does not own the order's comics already nor is paying for them in another order:
two tabs paying for the same comic are never both charged."""

import threading

import pytest
from django.db import connection

from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicAssetFactory, UserFactory
from orders import errors
from orders import services as order_services
from orders.models import Order
from orders.transitions import OrderStatus
from payments.models import Payment
from payments.services import payment_start


def two_orders_for_one_comic(title: str = "Dream Atlas") -> tuple[Order, Order]:
    comic = ComicAssetFactory(comic__title=title, comic__price_amount=499).comic
    customer = UserFactory()
    with system_scope():
        return tuple(
            order_services.order_create_for_comics(customer=customer, comics=[comic], actor="t")
            for _ in range(2)
        )


@pytest.mark.django_db
def test_paying_for_a_comic_bought_since_in_another_order_is_refused_and_charges_nothing():
    first, second = two_orders_for_one_comic()
    with system_scope():
        payment_start(order=first, actor="customer:t", payment_method_id="pm_card_visa")
        first.refresh_from_db()
        order_services.order_transition(order=first, name="mark_paid", actor="t", reason="t")

    with pytest.raises(errors.AlreadyOwned, match="You already own Dream Atlas"), system_scope():
        payment_start(order=second, actor="customer:t", payment_method_id="pm_card_visa")

    with system_scope():
        assert not Payment.objects.filter(order=second).exists()
        assert Order.objects.get(pk=second.pk).status == OrderStatus.PENDING


@pytest.mark.django_db
def test_paying_while_another_order_pays_for_the_same_comic_is_refused():
    first, second = two_orders_for_one_comic()
    with system_scope():
        payment_start(order=first, actor="customer:t", payment_method_id="pm_card_visa")

    with pytest.raises(errors.AlreadyOwned, match=f"in your order {first.number}"), system_scope():
        payment_start(order=second, actor="customer:t", payment_method_id="pm_card_visa")


@pytest.mark.django_db
def test_a_repeated_start_of_the_same_order_still_returns_its_open_attempt():
    first, _ = two_orders_for_one_comic()
    with system_scope():
        opened = payment_start(order=first, actor="customer:t", payment_method_id="pm_card_visa")
        again = payment_start(order=first, actor="customer:t", payment_method_id="pm_card_visa")

    assert again.pk == opened.pk


@pytest.mark.django_db(transaction=True)
def test_two_tabs_starting_to_pay_for_the_same_comic_at_once_open_one_attempt():
    orders = two_orders_for_one_comic()
    start = threading.Barrier(len(orders))
    outcomes: list[str] = []

    def pay(order: Order) -> None:
        try:
            start.wait()
            with system_scope():
                payment_start(order=order, actor="customer:t", payment_method_id="pm_card_visa")
            outcomes.append("started")
        except errors.AlreadyOwned:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=pay, args=(order,)) for order in orders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    with system_scope():
        attempts = Payment.objects.filter(order__in=orders).count()
        statuses = sorted(
            Order.objects.filter(pk__in=[o.pk for o in orders]).values_list("status", flat=True)
        )
    assert sorted(outcomes) == ["refused", "started"]
    assert attempts == 1
    assert statuses == [OrderStatus.PENDING, OrderStatus.PROCESSING]
