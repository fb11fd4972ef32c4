"""Template helpers of the storefront: money, payment failures in our words, and the cart
badge in the header."""

from django import template
from django.http import HttpRequest

from morpheus.money import format_display
from orders import selectors as order_selectors
from orders import session_cart
from payments.messages import customer_message

register = template.Library()


@register.filter
def money(amount: int | None, currency: str) -> str:
    """Integer minor units and an ISO currency -> "€4.99"; "-€1.00" for negatives."""
    return format_display(amount, currency)


@register.filter
def payment_failure_message(code: str | None) -> str:
    """A failed payment's error code -> what the customer reads (never Stripe's text)."""
    return customer_message(code or "")


@register.simple_tag
def cart_count(request: HttpRequest) -> int:
    if request.user.is_authenticated:
        return order_selectors.cart_items_for(customer=request.user).count()
    return len(session_cart.comic_ids(request.session))
