"""The cart shows the VAT of the country the buyer picks; checkout records it with the
order, and a business's VAT number with it."""

import pytest
from django.urls import reverse

from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicFactory, UserFactory, create_order
from orders import services as order_services
from orders.buyer import BuyerDeclaration
from orders.models import Order
from tax.models import ItemTax, OrderTaxEvidence

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer(client):
    customer = UserFactory()
    with system_scope():
        order_services.cart_add_comic(customer=customer, comic=ComicFactory(price_amount=1070))
    client.force_login(customer)
    return customer


def test_the_cart_shows_the_vat_of_the_chosen_country(client, buyer, settings):
    settings.TAX_DEFAULT_COUNTRY = "IE"
    assert "Includes VAT 0 % (Ireland)" in client.get(reverse("orders:cart")).content.decode()
    page = client.get(reverse("orders:cart"), {"country": "DE"}).content.decode()
    assert "Includes VAT 7 % (Germany)" in page
    assert 'data-testid="cart-vat">€0.70<' in page
    assert '<input type="hidden" name="country" value="DE">' in page
    elsewhere = client.get(reverse("orders:cart"), {"country": "ZZ"}).content.decode()
    assert "Includes VAT 0 % (Elsewhere)" in elsewhere


def test_the_cart_starts_from_the_country_declared_last_time(client, buyer):
    create_order(customer=buyer, declaration=BuyerDeclaration(country="FR"))  # takes the cart
    with system_scope():
        order_services.cart_add_comic(customer=buyer, comic=ComicFactory())
    assert "(France)" in client.get(reverse("orders:cart")).content.decode()


def test_with_net_prices_the_cart_adds_the_vat(client, buyer, settings):
    settings.TAX_PRICES_INCLUDE_TAX = False
    page = client.get(reverse("orders:cart"), {"country": "DE"}).content.decode()
    assert "Plus VAT 7 % (Germany)" in page
    assert 'data-testid="cart-to-pay-with-vat">€11.45<' in page


def test_with_tax_mode_none_the_cart_shows_no_vat(client, buyer, settings):
    settings.TAX_MODE = "none"
    page = client.get(reverse("orders:cart"), {"country": "DE"}).content.decode()
    assert "VAT" not in page


def test_checkout_records_the_declared_country_and_vat_number(client, buyer):
    response = client.post(
        reverse("promotions:checkout"), {"country": "DE", "vat_number": "DE136695976"}
    )
    with system_scope():
        order = Order.objects.get(customer=buyer)
        evidence = OrderTaxEvidence.objects.get(order=order)
        tax = ItemTax.objects.get(order=order)
    assert response.url == reverse("orders:pay", args=[order.number])
    assert (evidence.declared_country, evidence.vat_number) == ("DE", "DE136695976")
    assert (tax.country, tax.rate, tax.tax) == ("DE", 0, 0)  # reverse charge
    page = client.get(response.url).content.decode()
    assert "No VAT: reverse charge" in page


def test_an_invalid_vat_number_keeps_the_cart_and_says_why(client, buyer):
    response = client.post(
        reverse("promotions:checkout"), {"country": "DE", "vat_number": "DE123"}, follow=True
    )
    assert "DE123 is not a valid EU VAT number." in response.content.decode()
    with system_scope():
        assert not Order.objects.filter(customer=buyer).exists()
        assert buyer.cart.items.count() == 1
