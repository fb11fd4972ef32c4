"""The signed-in customer's order as their pages look it up: anyone else's is
indistinguishable from none, but a guest's own order that has since joined an account says
so, as its emailed link does."""

from collections.abc import Callable
from functools import wraps

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from orders import selectors
from orders.guests import is_guest
from orders.models import Order

MOVED = "This order is now in an account: sign in to that account to see it."


class OrderInAnAccount(Http404):
    """A guest's order that has joined an account since (another tab added it)."""


def customer_order(request: HttpRequest, number: str) -> Order:
    order = selectors.order_for_customer(customer=request.user, number=number)
    left = order is None and is_guest(request.user)
    if left and selectors.order_left_guest(guest=request.user, number=number):
        raise OrderInAnAccount(MOVED)
    if order is None:
        raise Http404("No such order.")
    return order


# A page drawn again this many times at most when its order changed while it was read.
PAGE_TRIES = 3


def customer_order_page(
    request: HttpRequest, number: str, draw: Callable[[Order], HttpResponse]
) -> HttpResponse:
    """`draw(order)` for a page that shows the order with what hangs under it (its
    lines' VAT, its tax evidence, its refunds), from one state of it: drawn again when the
    order's row changed while the page read it, a change committing between two of its
    reads (outside probe CA, CA-2: a VAT number VIES refused as the pay page loaded showed the
    reverse-charged total, the refusal and a Pay button for a total the page said no longer
    held), or by `draw` itself (the pay page recording the VAT of the day). No lock: a page
    reloaded in a loop holds off none of the order's writers (outside probe CC, CC-1: a
    `FOR SHARE` here kept a cancel waiting for 15 s)."""
    for _ in range(PAGE_TRIES):
        order = customer_order(request, number)
        response = draw(order)
        if selectors.order_row_version(order_id=order.pk) == order.row_version:
            break
    return response


def says_when_the_order_joined_an_account(view):
    """A guest's open tab of an order that joined an account says so, instead of "Page
    not found"."""

    @wraps(view)
    def answer(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except OrderInAnAccount:
            return render(request, "orders/in_an_account.html", {"message": MOVED}, status=404)

    return answer
