"""A checkout sent again (a double click, a reload, at once or just after) finds the cart
it emptied: it goes where the first went, the pay page of the order just placed."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from orders.models import Order
from orders.selectors import order_placed_since

# A checkout sent again within this long after it placed an order is the same checkout.
CHECKOUT_REPEAT_WINDOW = timedelta(minutes=1)


def order_just_placed(*, customer: AbstractBaseUser) -> Order | None:
    """The order a checkout placed within the window, still unpaid."""
    return order_placed_since(customer=customer, since=timezone.now() - CHECKOUT_REPEAT_WINDOW)


def to_the_order_placed(request: HttpRequest, number: str) -> HttpResponse:
    messages.info(request, f"Your order {number} is placed: pay for it here.")
    return redirect("orders:pay", number=number)


def checkout_repeated(request: HttpRequest) -> HttpResponse | None:
    """The pay page of the order the customer's checkout just placed, if there is one."""
    placed = order_just_placed(customer=request.user)
    return None if placed is None else to_the_order_placed(request, placed.number)
