"""The pay page of an order holding a comic staff took off sale since it was placed."""

import pytest
from django.urls import reverse

from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicFactory, create_order
from orders.transitions import OrderStatus
from payments.models import Payment

pytestmark = pytest.mark.django_db


def withdrawn_after_ordering(*, price: int = 799):
    """An unpaid order of two comics, the first then taken off sale by staff."""
    withdrawn = ComicFactory(title="Paper Moons", price_amount=price)
    order = create_order(comics=[withdrawn, ComicFactory(price_amount=price)])
    with system_scope():
        withdrawn.is_active = False
        withdrawn.save(update_fields=["is_active"])
    return order


def test_the_pay_page_says_the_comic_is_no_longer_for_sale_and_offers_no_card_form(client):
    """Outside probe GV-1: the pay page left open said nothing, and paying charged €7.99 for
    a comic the catalog no longer sold."""
    order = withdrawn_after_ordering()
    client.force_login(order.customer)

    page = client.get(reverse("orders:pay", args=[order.number])).text

    assert (
        f"Paper Moons is no longer for sale, so order {order.number} cannot be paid: cancel it "
        "and buy the other comics again."
    ) in page
    assert 'id="payment-form"' not in page
    assert f'action="{reverse("orders:cancel", args=[order.number])}"' in page


def test_paying_an_order_holding_a_comic_no_longer_for_sale_is_refused(client):
    order = withdrawn_after_ordering()
    client.force_login(order.customer)

    response = client.post(
        reverse("orders:pay_start", args=[order.number]), {"payment_method_id": "pm_card_visa"}
    )

    assert response.status_code == 409
    assert "Paper Moons is no longer for sale" in response.json()["error"]
    with system_scope():
        assert not Payment.objects.filter(order=order).exists()


def test_a_free_order_holding_a_comic_no_longer_for_sale_is_not_completed(client):
    order = withdrawn_after_ordering(price=0)
    client.force_login(order.customer)

    answer = client.post(reverse("orders:complete_free", args=[order.number]), follow=True)

    assert "Paper Moons is no longer for sale" in answer.text
    assert "cannot be completed" in answer.text
    with system_scope():
        order.refresh_from_db()
    assert order.status == OrderStatus.PENDING


def test_the_catalog_does_not_point_to_an_order_holding_a_comic_no_longer_for_sale(client):
    order = withdrawn_after_ordering()
    other = order.items.exclude(title="Paper Moons").get().comic
    client.force_login(order.customer)

    page = client.get(reverse("catalog:detail", args=[other.slug])).text

    assert order.number not in page
