"""A checkout sent again (a double click, a reload, at once or just after) finds the cart
it emptied: it goes where the first went, the pay page of the order just placed. Sent again
with another country or VAT number (the Back button, the form changed), the pay page says
that the order keeps those it was placed with, and offers to cancel it and check out again."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from orders import signals
from orders.buyer import BuyerDeclaration
from orders.models import Order
from orders.selectors import order_placed_since
from promotions.cart import order_placed_from

# A checkout sent again within this long after it placed an order is the same checkout.
CHECKOUT_REPEAT_WINDOW = timedelta(minutes=1)
# For the pay page: order number -> why the checkout sent again is not what it placed.
DECLARED_DIFFERENTLY_KEY = "checkout_declared_differently"


def order_just_placed(*, customer: AbstractBaseUser) -> Order | None:
    """The order a checkout placed within the window, still unpaid."""
    return order_placed_since(customer=customer, since=timezone.now() - CHECKOUT_REPEAT_WINDOW)


def to_the_order_placed(request: HttpRequest, number: str) -> HttpResponse:
    """The pay page of order `number`, read in the customer's scope, saying it is placed;
    a free one's "get it for free" (outside probe HJ-2: "pay for it")."""
    total = Order.objects.filter(number=number).values_list("total_amount", flat=True).first()
    done = "get it for free" if total == 0 else "pay for it"
    messages.info(request, f"Your order {number} is placed: {done} here.")
    return redirect("orders:pay", number=number)


def checkout_repeated(
    request: HttpRequest, declaration: BuyerDeclaration, *, shown: str | None = None
) -> HttpResponse | None:
    """The pay page of the order the customer's checkout just placed, if there is one and
    it holds what the page sent from listed (`shown`, its digest; a form without one is
    taken as that page's); `declaration` is the country and VAT number sent again with it."""
    placed = order_just_placed(customer=request.user)
    if placed is None or (shown is not None and not order_placed_from(order=placed, shown=shown)):
        return None
    answers = signals.checkout_declared_again.send(
        sender=Order, order_id=placed.pk, declaration=declaration
    )
    differences = " ".join(answer for _, answer in answers if answer)
    if not differences:
        return to_the_order_placed(request, placed.number)
    request.session[DECLARED_DIFFERENTLY_KEY] = {placed.number: differences}
    return redirect("orders:pay", number=placed.number)


def declared_differently_pop(session: SessionBase, number: str) -> str:
    """Why the checkout sent again just now is not what order `number` was placed with, once
    ("" when it was the same checkout)."""
    kept = session.get(DECLARED_DIFFERENTLY_KEY, {})
    if number not in kept:
        return ""
    del session[DECLARED_DIFFERENTLY_KEY]
    return kept[number]
