from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from catalog import selectors as catalog_selectors
from morpheus.errors import DomainError
from morpheus.middleware import order_link_leave
from morpheus.refusals import refused
from morpheus.sign_in import login_required
from morpheus.throttles import by_user, throttle_forgive_in_view, throttle_in_view
from orders import selectors, services, session_cart
from orders.actors import actor_for, customer_actor
from orders.cart_page import cart_page_url
from orders.customer_orders import customer_order, says_when_the_order_joined_an_account
from orders.errors import CanceledByYouAlready
from orders.models import Order
from orders.status_words import orders_with_customer_status
from orders.transitions import OrderStatus

# The cart page's Remove sent from another session than the one it was shown to: the
# customer signed out, or in as someone else, in another tab.
CART_SHOWN_TO_ANOTHER = (
    "Nothing was removed: you signed out, or in as someone else, since that page was shown. "
    "Here is your cart as it is now; sign in to change your account's."
)


@require_POST
def cart_add(request: HttpRequest, comic_id: int) -> HttpResponse:
    comic = catalog_selectors.comics_for_sale().filter(pk=comic_id).first()
    if comic is None:
        # Withdrawn while its page was open (outside probe EC-2: "the link may be mistyped").
        # Any id not for sale answers alike: a comic not yet published is not to be found
        # by its id (outside probe EF-3).
        messages.warning(request, "This comic is not for sale.")
        return redirect("catalog:list")
    order_link_leave(request)  # shopping goes on as a visitor
    if request.user.is_authenticated:
        try:
            services.cart_add_comic(customer=request.user, comic=comic)
        except DomainError as exc:
            return refused(request, exc, "catalog:detail", slug=comic.slug)
        # The cart page says it is in the cart, and in which of the cart's bundles.
        session_cart.just_added_put(request.session, comic.pk)
    else:
        session_cart.add(request.session, comic.pk)
        messages.success(request, f"{comic.title} is in your cart.")
    return redirect("orders:cart")


@require_POST
def cart_remove(request: HttpRequest, comic_id: int) -> HttpResponse:
    order_link_leave(request)  # shopping goes on as a visitor
    back = redirect(cart_page_url(country=request.POST.get("country", "")))
    shown_to = request.POST.get("account")
    if shown_to is not None and shown_to != str(request.user.pk):
        # Outside probe EX-1: signed out in another tab, it said a removal it never made.
        messages.error(request, CART_SHOWN_TO_ANOTHER)
        return back
    if request.user.is_authenticated:
        services.cart_remove_comic(customer=request.user, comic_id=comic_id)
    else:
        session_cart.remove(request.session, comic_id)
    # Said, as adding is (outside probe CZ-3: a screen reader heard nothing of a removal).
    if comic := catalog_selectors.comics_by_ids([comic_id]).first():
        messages.success(request, f"{comic.title} is no longer in your cart.")
    return back


@login_required
@require_POST
@says_when_the_order_joined_an_account
def complete_free(request: HttpRequest, number: str) -> HttpResponse:
    """A pending order with nothing to pay completes without Stripe (limited per account:
    free comics are not to be hoarded by scripts; a repeat or a refusal counts for
    nothing)."""
    order = customer_order(request, number)
    counted = services.order_complete_free_turn(order=order)
    if counted:
        refusal = throttle_in_view(request, limit="free_order_account", key=by_user)
        if refusal is not None:
            return refusal
    try:
        services.order_complete_free(order=order, actor=actor_for(request.user))
    except DomainError as exc:
        if counted:  # the limit counts orders completed (outside probe DS-1)
            throttle_forgive_in_view(request, limit="free_order_account", key=by_user)
        return refused(request, exc, "orders:pay", number=order.number)
    return redirect("orders:confirmation", number=order.number)


@login_required
@require_POST
@says_when_the_order_joined_an_account
def cancel(request: HttpRequest, number: str) -> HttpResponse:
    """The customer gives up an order they have not paid: its code's use is released."""
    order = customer_order(request, number)
    from_status = order.status
    # As its customer, staff or not (outside probe CN-3: a staff account canceling its own
    # order was emailed that the shop canceled it).
    actor = customer_actor(request.user.pk)
    try:
        services.order_cancel_by_customer(
            order=order, actor=actor, reason="Canceled by the customer"
        )
    except CanceledByYouAlready as again:
        # Sent twice (a double click, another tab): this answer says what the first did
        # (outside probe HW-1: "is already canceled", and no word of the charge).
        messages.info(request, _canceled_words(order, again.from_status, again=True))
        return _after_cancel(request, order)
    except DomainError as exc:
        return refused(request, exc, "orders:detail", number=order.number)
    messages.success(request, _canceled_words(order, from_status, again=False))
    return _after_cancel(request, order)


def _canceled_words(order: Order, from_status: str, *, again: bool) -> str:
    canceled = "was already canceled by you" if again else "is canceled"
    canceled = f"Order {order.number} {canceled}"
    if from_status == OrderStatus.PROCESSING and again:
        # Its payment may have gone through and been refunded since (outside probe HZ-6:
        # "If the payment … still goes through", above the page saying it had).
        return f"{canceled}: its page says what became of the payment you had started."
    if from_status == OrderStatus.PROCESSING:
        return (
            f"{canceled}. If the payment you started still goes through, it is refunded to "
            "your card in full."
        )
    return f"{canceled}. Nothing was charged."


def _after_cancel(request: HttpRequest, order: Order) -> HttpResponse:
    """The pay page of an order this one held up sends the customer back to it (`next`)."""
    then = request.POST.get("next", "")
    if then and url_has_allowed_host_and_scheme(
        then, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(then)
    return redirect("orders:detail", number=order.number)


@login_required
@require_safe
def order_list(request: HttpRequest) -> HttpResponse:
    orders = orders_with_customer_status(selectors.orders_for_customer(customer=request.user))
    given = selectors.orders_given_by_staff(order_ids=[order.pk for order, _, _ in orders])
    return render(request, "orders/order_list.html", {"orders": orders, "given": given})
