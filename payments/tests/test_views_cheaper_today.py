"""The pay page of an order asking more for a comic than its price today."""

from html import unescape

import pytest
from django.urls import reverse

from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicFactory, create_order

pytestmark = pytest.mark.django_db


def ordered_then_repriced(*, price: int):
    comic = ComicFactory(title="Paper Moons", price_amount=799)
    order = create_order(comics=[comic])
    with system_scope():
        comic.price_amount = price
        comic.save(update_fields=["price_amount"])
    return order, comic


def test_the_pay_page_says_a_comic_costs_less_today_and_how_to_pay_that(client):
    """Outside probe GV-2: staff cut a price from €7.99 to €2.99; the pay page asked €7.99
    without a word, and the comic's page sent the customer there."""
    order, comic = ordered_then_repriced(price=299)
    client.force_login(order.customer)

    pay_page = unescape(client.get(reverse("orders:pay", args=[order.number])).text)
    comic_page = client.get(reverse("catalog:detail", args=[comic.slug])).text

    assert (
        "Paper Moons costs €2.99 today (€7.99 in this order): to pay today's price, cancel "
        "this order and buy it again."
    ) in pay_page
    assert 'id="payment-form"' in pay_page  # the price agreed still may be paid
    assert order.number not in comic_page


@pytest.mark.parametrize("price", [799, 999])
def test_a_comic_no_cheaper_today_says_nothing_and_is_pointed_to(client, price):
    order, comic = ordered_then_repriced(price=price)
    client.force_login(order.customer)

    pay_page = client.get(reverse("orders:pay", args=[order.number])).text
    comic_page = client.get(reverse("catalog:detail", args=[comic.slug])).text

    assert 'data-testid="cheaper-today"' not in pay_page
    assert order.number in comic_page
