"""The cart page's address, as the forms that lead back to it give it."""

from urllib.parse import urlencode

from django.urls import reverse

from orders.buyer import country_query


def cart_page_url(*, country: str = "") -> str:
    """The cart, keeping the country the buyer chose there (`country_query`)."""
    cart = reverse("orders:cart")
    query = country_query(country)
    return f"{cart}?{urlencode(query)}" if query else cart
