"""The pay and order pages of an order holding a comic the customer has bought since, in
another tab."""

import pytest
from django.urls import reverse

from morpheus.db_context import system_scope
from morpheus_testing.factories import (
    ComicAssetFactory,
    UserFactory,
    create_order_beside_cart,
    order_move,
)
from orders.transitions import OrderStatus
from payments.models import Payment

pytestmark = pytest.mark.django_db


def bought_in_another_tab(title: str):
    """Two orders of one comic; the first paid, the second left on its pay page."""
    comic = ComicAssetFactory(comic__title=title, comic__price_amount=499).comic
    customer = UserFactory()
    first, second = (
        create_order_beside_cart(customer=customer, comics=[comic], status=OrderStatus.PENDING)
        for _ in range(2)
    )
    order_move(first, to=OrderStatus.PAID)
    return customer, second


def test_the_pay_page_says_the_comic_is_owned_and_offers_no_card_form(client):
    customer, order = bought_in_another_tab("Neon Tide")
    client.force_login(customer)

    page = client.get(reverse("orders:pay", args=[order.number]))

    assert 'data-testid="already-owned"' in page.text
    assert "You already own Neon Tide" in page.text
    assert 'id="payment-form"' not in page.text
    assert f'action="{reverse("orders:cancel", args=[order.number])}"' in page.text


def test_paying_from_a_pay_page_left_open_is_refused_with_a_conflict(client):
    customer, order = bought_in_another_tab("Neon Tide")
    client.force_login(customer)

    response = client.post(
        reverse("orders:pay_start", args=[order.number]), {"payment_method_id": "pm_card_visa"}
    )

    assert response.status_code == 409
    assert "You already own Neon Tide" in response.json()["error"]
    with system_scope():
        assert not Payment.objects.filter(order=order).exists()


def test_the_pay_page_offers_to_buy_the_other_comics_only_when_the_order_has_others(client):
    owned, other = (ComicAssetFactory(comic__title=t).comic for t in ("Neon Tide", "Quiet Stars"))
    customer = UserFactory()
    paid, alone, both = (
        create_order_beside_cart(customer=customer, comics=comics, status=OrderStatus.PENDING)
        for comics in ([owned], [owned], [owned, other])
    )
    order_move(paid, to=OrderStatus.PAID)
    client.force_login(customer)

    alone_page = client.get(reverse("orders:pay", args=[alone.number])).text
    both_page = client.get(reverse("orders:pay", args=[both.number])).text

    assert "You already own Neon Tide" in alone_page
    assert "Buy the other comics again" not in alone_page
    assert "Buy the other comics again" in both_page


@pytest.mark.parametrize("page_name", ["orders:detail", "orders:confirmation"])
def test_the_order_pages_say_the_same_and_offer_no_payment(client, page_name):
    customer, order = bought_in_another_tab("Neon Tide")
    client.force_login(customer)

    page = client.get(reverse(page_name, args=[order.number])).text

    assert "You already own Neon Tide" in page and "This order cannot be paid" in page
    # Found by an outside probe: its downloads still waited "once your payment is confirmed".
    assert "once your payment is confirmed" not in page
    assert f'href="{reverse("orders:pay", args=[order.number])}"' not in page
    assert "You can buy these comics again at any time" not in page
    assert f'action="{reverse("orders:cancel", args=[order.number])}"' in page


def test_the_order_page_says_the_unpayable_order_adds_nothing_to_the_library(client):
    customer, order = bought_in_another_tab("Neon Tide")
    client.force_login(customer)

    page = client.get(reverse("orders:detail", args=[order.number])).text

    assert "This order will not be paid: it adds nothing to your library" in page


def test_the_canceled_order_does_not_say_its_comic_left_the_library_it_is_in(client):
    customer, order = bought_in_another_tab("Neon Tide")
    client.force_login(customer)

    client.post(reverse("orders:cancel", args=[order.number]))
    page = client.get(reverse("orders:detail", args=[order.number])).text

    assert (
        "This order was canceled: nothing was charged, and it adds nothing to your library." in page
    )
    assert "not in your library" not in page


def test_the_pay_page_names_the_order_that_gives_the_comic_placed_before_this_one(client):
    """A guest order of a comic the account bought before it joins the account: the notice
    names the order that gives it, not "bought in another order since this one was placed"."""
    comic = ComicAssetFactory(comic__title="Neon Tide", comic__price_amount=499).comic
    customer = UserFactory()
    bought, joined = (
        create_order_beside_cart(customer=customer, comics=[comic], status=OrderStatus.PENDING)
        for _ in range(2)
    )
    order_move(bought, to=OrderStatus.PAID)
    client.force_login(customer)

    page = client.get(reverse("orders:pay", args=[joined.number])).text

    assert "You already own Neon Tide (your order <a href=" in page
    assert f">{bought.number}</a>): it is in your library." in page
    assert "since this one was placed" not in page


def test_my_orders_says_the_order_cannot_be_paid(client):
    """Found by an outside probe: "My orders" listed it as "Awaiting payment", a payment its
    own page says cannot happen."""
    customer, order = bought_in_another_tab("Neon Tide")
    client.force_login(customer)

    listed = client.get(reverse("orders:list")).text

    row = listed.split(f">{order.number}</a>")[1].split("</tr>")[0]
    assert "Cannot be paid" in row
    assert "Awaiting payment" not in listed
