"""What the cart showed, carried by its checkout forms: its comics and bundles with their
currencies, and its code (a digest, `CartContents.digest`: a cart changed since, in
another tab or repriced in another currency, is refused), and its total, in that currency:
an order placed for more (a price, the code's terms or the VAT rate changed since the cart was
shown) says so on its pay page; one whose code was refused says why instead. Both are what
the buyer is asked to pay: with VAT added on top of net prices, the VAT included (outside
probe BJ, BJ-5: the pay page quoted amounts before the VAT, which the cart never showed as
a total)."""

from django.contrib import messages
from django.http import HttpRequest

from morpheus.money import format_display
from orders.models import Order

FIELD = "shown_total"  # minor units, what the cart showed to pay
CART_FIELD = "shown_cart"


def say_what_the_order_costs(request: HttpRequest, order: Order, *, code_refusal: str) -> None:
    """On the pay page the checkout leads to: why the code was not applied, or else whether
    the order costs more than the cart showed."""
    if code_refusal:
        messages.warning(request, f"Your code was not applied. {code_refusal}")
    else:
        say_if_the_total_rose(request, order)


def say_if_the_total_rose(request: HttpRequest, order: Order) -> None:
    shown = request.POST.get(FIELD, "")
    placed = order.total_amount
    if shown.isdigit() and placed > int(shown):
        changed = "a price or your code's terms"
        if order.tax_added_amount:
            changed = "a price, your code's terms or the VAT rate"
        messages.warning(
            request,
            f"This order comes to {format_display(placed, order.currency)}, more than the "
            f"{format_display(int(shown), order.currency)} your cart showed: {changed} "
            "changed meanwhile.",
        )
