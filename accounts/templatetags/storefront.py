"""Template helpers of the storefront: money, payment failures in our words, and the cart
badge in the header."""

from django import template
from django.http import HttpRequest

from orders import selectors as order_selectors
from orders import session_cart
from payments.messages import customer_message

register = template.Library()

CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥"}
ZERO_DECIMAL_CURRENCIES = frozenset({"JPY", "KRW", "VND", "CLP", "ISK"})


@register.filter
def money(amount: int | None, currency: str) -> str:
    """Integer minor units and an ISO currency -> "€4.99"; "-€1.00" for negatives."""
    if amount is None:
        return ""
    code = (currency or "").upper()
    sign = "-" if amount < 0 else ""
    amount = abs(int(amount))
    if code in ZERO_DECIMAL_CURRENCIES:
        number = f"{amount:,}"
    else:
        number = f"{amount // 100:,}.{amount % 100:02d}"
    symbol = CURRENCY_SYMBOLS.get(code)
    return f"{sign}{symbol}{number}" if symbol else f"{sign}{number} {code}"


@register.filter
def payment_failure_message(code: str | None) -> str:
    """A failed payment's error code -> what the customer reads (never Stripe's text)."""
    return customer_message(code or "")


@register.simple_tag
def cart_count(request: HttpRequest) -> int:
    if request.user.is_authenticated:
        return order_selectors.cart_items_for(customer=request.user).count()
    return len(session_cart.comic_ids(request.session))
