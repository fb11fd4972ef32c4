"""A comic the customer owns is never put in their cart nor ordered again."""

import pytest

from morpheus.db_context import system_scope
from morpheus_testing.factories import (
    ComicFactory,
    UserFactory,
    create_order,
    create_order_beside_cart,
    order_move,
)
from orders import errors, selectors, services
from orders.models import CartItem, Order
from orders.transitions import OrderStatus

pytestmark = pytest.mark.django_db


def owner_of(*comics, status=OrderStatus.FULFILLED):
    return create_order(comics=list(comics), status=status).customer


def test_adding_an_owned_comic_to_the_cart_is_refused_saying_it_is_in_the_library():
    comic = ComicFactory(title="Neon Tide")
    customer = owner_of(comic)

    with pytest.raises(errors.AlreadyOwned, match="You already own Neon Tide: it is in your"):
        services.cart_add_comic(customer=customer, comic=comic)

    assert not CartItem.objects.filter(cart__customer=customer).exists()


def test_a_comic_owned_no_more_after_its_refund_can_be_bought_again():
    comic = ComicFactory()
    order = create_order(comics=[comic], status=OrderStatus.FULFILLED)
    with system_scope():
        services.order_record_refunded_amount(
            order=order, refunded_total=order.total_amount, actor="stripe:evt", reason="refund"
        )

    services.cart_add_comic(customer=order.customer, comic=comic)

    assert CartItem.objects.filter(cart__customer=order.customer, comic=comic).exists()


def test_ordering_an_owned_comic_directly_is_refused_and_places_nothing():
    owned, other = ComicFactory(title="Owned One"), ComicFactory()
    customer = owner_of(owned)

    with pytest.raises(errors.AlreadyOwned, match="Owned One"), system_scope():
        services.order_create_for_comics(customer=customer, comics=[owned, other], actor="t")

    assert Order.objects.filter(customer=customer).count() == 1


def test_checking_out_a_cart_with_a_comic_bought_meanwhile_is_refused():
    comic, other = ComicFactory(title="Paper Moons"), ComicFactory()
    customer = UserFactory()
    with system_scope():
        services.cart_add_comic(customer=customer, comic=comic)
        services.cart_add_comic(customer=customer, comic=other)
    create_order_beside_cart(customer=customer, comics=[comic], status=OrderStatus.PAID)

    with pytest.raises(errors.AlreadyOwned, match="Paper Moons"), system_scope():
        services.order_create_from_cart(customer=customer, actor="t")

    assert set(selectors.cart_items_for(customer=customer).values_list("comic_id", flat=True)) == {
        comic.pk,
        other.pk,
    }


def test_the_owned_comics_leave_the_cart_and_are_named():
    comic, other = ComicFactory(title="Ghost in the Margins"), ComicFactory()
    customer = UserFactory()
    with system_scope():
        services.cart_add_comic(customer=customer, comic=comic)
        services.cart_add_comic(customer=customer, comic=other)
    create_order_beside_cart(customer=customer, comics=[comic], status=OrderStatus.PAID)

    with system_scope():
        dropped = services.cart_drop_owned(customer=customer)
        left = list(selectors.cart_items_for(customer=customer).values_list("comic_id", flat=True))

    assert dropped == ["Ghost in the Margins"]
    assert left == [other.pk]


def test_an_order_holding_a_comic_bought_since_in_another_order_is_not_payable():
    comic = ComicFactory(title="Dream Atlas")
    customer = UserFactory()
    first, second = (
        create_order_beside_cart(customer=customer, comics=[comic], status=OrderStatus.PENDING)
        for _ in range(2)
    )
    order_move(first, to=OrderStatus.PAID)

    with pytest.raises(errors.AlreadyOwned, match=f"Dream Atlas.*{second.number} cannot be paid"):
        services.order_payable_check(order=second)


OTHERS_LEFT = {
    0: "cancel it.",
    1: "cancel it and {verb} the other comic, Night Ferry, in a new order.",
    2: "cancel it and {verb} the other comics in a new order.",
}


@pytest.mark.parametrize("others", OTHERS_LEFT)
def test_the_refusal_asks_to_buy_the_other_comics_again_naming_the_one_left(others):
    """Found by outside probes: an order of that one comic was told to "buy the other
    comics again", and so was an order of one other comic."""
    comic = ComicFactory(title="Dream Atlas")
    customer = UserFactory()
    comics = [comic, *(ComicFactory(title=t) for t in ["Night Ferry", "Salt Roads"][:others])]
    unpaid = create_order_beside_cart(customer=customer, comics=comics, status=OrderStatus.PENDING)
    create_order_beside_cart(customer=customer, comics=[comic], status=OrderStatus.PAID)

    with pytest.raises(errors.AlreadyOwned) as refused:
        services.order_payable_check(order=unpaid)

    ending = OTHERS_LEFT[others].format(verb="buy")
    assert str(refused.value).endswith(f"Order {unpaid.number} cannot be paid: {ending}")


@pytest.mark.parametrize("others", OTHERS_LEFT)
def test_the_refusal_to_complete_a_free_order_of_a_comic_owned_speaks_of_no_payment(others):
    """Outside probe BR-4: "Get it for free" on such an order said "no need to buy it
    again. Order … cannot be paid: cancel it." of an order never to be paid."""
    comic = ComicFactory(title="Dream Diary", price_amount=0)
    customer = UserFactory()
    others_free = (ComicFactory(title=t, price_amount=0) for t in ["Night Ferry", "Salt Roads"])
    comics = [comic, *list(others_free)[:others]]
    free = create_order_beside_cart(customer=customer, comics=comics, status=OrderStatus.PENDING)
    create_order_beside_cart(customer=customer, comics=[comic], status=OrderStatus.PAID)

    with pytest.raises(errors.AlreadyOwned) as refused:
        services.order_complete_free(order=free, actor="customer:test")

    ending = OTHERS_LEFT[others].format(verb="get")
    assert str(refused.value) == (
        "You already have Dream Diary in your library, so there is nothing to do with free "
        f"order {free.number}: {ending}"
    )


def test_an_order_holding_a_comic_another_order_is_paying_for_is_not_payable():
    comic = ComicFactory(title="Dream Atlas")
    customer = UserFactory()
    first, second = (
        create_order_beside_cart(customer=customer, comics=[comic], status=OrderStatus.PENDING)
        for _ in range(2)
    )
    order_move(first, to=OrderStatus.PROCESSING)

    with pytest.raises(errors.AlreadyOwned, match=f"being paid for in your order {first.number}"):
        services.order_payable_check(order=second)
    services.order_payable_check(order=first)  # its own payment is no obstacle


def test_the_refusal_speaks_of_several_payments_under_way_in_the_plural():
    """Found by an outside probe: "in your order A, B: wait for that payment"."""
    neon, stars = ComicFactory(title="Neon Tide"), ComicFactory(title="Quiet Stars")
    customer = UserFactory()
    first, second = (
        create_order_beside_cart(customer=customer, comics=[comic], status=OrderStatus.PROCESSING)
        for comic in (neon, stars)
    )
    both = create_order_beside_cart(
        customer=customer, comics=[neon, stars], status=OrderStatus.PENDING
    )

    with pytest.raises(errors.AlreadyOwned) as refused:
        services.order_payable_check(order=both)

    assert str(refused.value) == (
        f"Neon Tide and Quiet Stars are being paid for in your orders {first.number} and "
        f"{second.number}: wait for those payments (if they fail, order {both.number} can be "
        "paid then)."
    )
