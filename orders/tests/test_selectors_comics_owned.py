"""`comics_owned`: the comics in a customer's library, which the shop never sells them again."""

import pytest
from django.contrib.auth.models import AnonymousUser

from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicFactory, UserFactory, create_order
from orders import selectors, services
from orders.transitions import OrderStatus

pytestmark = pytest.mark.django_db

OWNING = {OrderStatus.PAID, OrderStatus.FULFILLED, OrderStatus.DELIVERED}


@pytest.mark.parametrize("status", list(OrderStatus))
def test_a_comic_is_owned_from_a_paid_fulfilled_or_delivered_order_only(status):
    order = create_order(status=status)
    comic_id = order.items.get().comic_id

    owned = selectors.comics_owned(customer=order.customer)

    assert owned == ({comic_id} if status in OWNING else set())


def test_only_the_comics_asked_about_are_answered():
    first, second = ComicFactory(), ComicFactory()
    order = create_order(comics=[first, second], status=OrderStatus.FULFILLED)

    assert selectors.comics_owned(customer=order.customer, comic_ids=[second.pk]) == {second.pk}


def test_another_customers_purchase_owns_nothing_for_me():
    create_order(status=OrderStatus.DELIVERED)

    assert selectors.comics_owned(customer=UserFactory()) == set()


def test_a_visitor_owns_nothing():
    create_order(status=OrderStatus.DELIVERED)

    assert selectors.comics_owned(customer=AnonymousUser()) == set()
    assert selectors.comics_owned(customer=None) == set()


def test_a_disputed_order_owns_nothing_until_the_dispute_is_won():
    order = create_order(status=OrderStatus.FULFILLED)
    services.order_mark_disputed(order=order, actor="stripe:evt_1", reason="Chargeback")

    while_disputed = selectors.comics_owned(customer=order.customer)
    services.order_clear_dispute(
        order=order, actor="stripe:evt_2", reason="Won", dispute="dp_1", outcome="won", settles="x"
    )

    assert while_disputed == set()
    assert selectors.comics_owned(customer=order.customer) == {order.items.get().comic_id}


def test_an_item_refunded_on_its_own_is_not_owned_while_the_others_stay_owned():
    kept, refunded = ComicFactory(price_amount=500), ComicFactory(price_amount=700)
    order = create_order(comics=[kept, refunded], status=OrderStatus.FULFILLED)
    item = order.items.get(comic=refunded)

    with system_scope():
        services.order_record_refunds_pending(order=order, pending=700, items={item.pk: 700})
    pending = selectors.comics_owned(customer=order.customer)
    with system_scope():
        services.order_items_record_refunded(order=order, refunded={item.pk: 700})
        services.order_record_refunds_pending(order=order, pending=0, items={})

    assert pending == {kept.pk}
    assert selectors.comics_owned(customer=order.customer) == {kept.pk}


def test_a_refund_of_part_of_the_amount_keeps_every_comic_owned():
    order = create_order(comics=[ComicFactory(price_amount=500)], status=OrderStatus.FULFILLED)

    with system_scope():
        services.order_record_refunded_amount(
            order=order, refunded_total=100, actor="stripe:evt_1", reason="goodwill"
        )

    assert selectors.comics_owned(customer=order.customer) == {order.items.get().comic_id}


def test_an_order_being_refunded_in_full_owns_nothing():
    order = create_order(comics=[ComicFactory(price_amount=500)], status=OrderStatus.FULFILLED)

    with system_scope():
        services.order_record_refunds_pending(order=order, pending=500, items={})

    assert selectors.comics_owned(customer=order.customer) == set()


def test_a_comic_is_being_paid_for_while_an_order_holding_it_is_processing():
    comic = ComicFactory()
    paying = create_order(comics=[comic], status=OrderStatus.PROCESSING)

    found = selectors.comics_being_paid(customer=paying.customer, comic_ids=[comic.pk])

    assert found == {comic.pk: paying.number}
    assert (
        selectors.comics_being_paid(customer=paying.customer, comic_ids=[comic.pk], besides=paying)
        == {}
    )
