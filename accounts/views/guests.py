"""Buying as a guest: the checkout, the order page the emailed link opens, claiming guest
orders, and a guest checkout sent twice."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from accounts import selectors, services
from accounts.errors import AccountError, GuestOrderClaimed, OrderLinkUnusable
from accounts.forms import GuestCheckoutForm
from accounts.views.signing import MODEL_BACKEND
from catalog.selectors import comics_by_ids
from morpheus import refusals
from morpheus.db_context import Scope, rls_scope
from morpheus.errors import DomainError
from morpheus.middleware import ORDER_SCOPE_SESSION_KEY
from morpheus.refusals import refused
from morpheus.sign_in import login_required
from morpheus.throttles import by_ip, throttle_forgive_in_view, throttle_in_view
from orders import session_cart
from orders.buyer import (
    BuyerDeclaration,
    checkout_field_id,
    country_kept,
    declaration_posted,
    vat_number_forget,
    vat_number_keep,
)
from orders.errors import CartChanged, MixedCurrencies
from orders.guests import is_guest
from orders.selectors import order_is_customers
from promotions import session_code
from promotions.cart import cart_contents
from promotions.checkout import business_left_out_when_free
from promotions.repeats import checkout_repeated, to_the_order_placed
from promotions.shown_total import CART_FIELD, say_what_the_order_costs
from tax.services import declaration_check

GUEST_EMAIL_TYPED = "guest_checkout_email"


@require_POST
def guest_checkout(request: HttpRequest) -> HttpResponse:
    """Buy with an email address only: the visitor becomes a guest (see orders.guests) for
    the rest of this session, and their cart becomes the guest's order. Counted per client
    address once the double-submit guard lets the checkout go on (the same form posted again,
    at once or after it made the order, counts as no checkout): as a checkout
    (`guest_checkout_ip`) once the form passes and the guest is made, else as a refused one
    (`guest_checkout_refused_ip`), so that a corrected form is not refused for the tries
    before it; an order refused as it is placed undoes its guest and counts as refused. Each
    count is taken before what it counts is done, in the request's transaction: posts from
    one address wait for each other, and none goes past a limit."""
    turn = services.guest_checkout_claim(session=request.session)
    attempt = request.POST.get("attempt", "")  # the page's token (`storefront.form_attempt`)
    if turn.placed is not None:
        return _follow_the_checkout(request, turn.placed, attempt)
    if not turn.may_check_out:
        return redirect("orders:cart")  # the session is gone: nothing to follow
    if request.user.is_authenticated:
        # Posted again from the session the checkout signed in as its guest (or by a
        # customer signed in to an account, who is offered no guest checkout).
        if is_guest(request.user) and (
            repeated := checkout_repeated(request, declaration_posted(request))
        ):
            return repeated
        messages.error(request, "Please enter a valid email address.")
        return redirect("orders:cart")
    declaration = declaration_posted(request)
    vat_number_forget(request.session)
    if nothing_to_buy := _guest_cart_refusal(request, declaration):
        _keep_typed(request, declaration)
        return nothing_to_buy
    declaration = _business_left_out_when_free(request, declaration)
    # Counted as refused until the form passes: past that limit the form is not read, so
    # its answer tells nothing of what was typed.
    refusal = throttle_in_view(
        request, limit="guest_checkout_refused_ip", key=by_ip, back_to=_cart_kept(declaration)
    )
    if refusal is not None:
        _keep_typed(request, declaration)
        return refusal
    form = GuestCheckoutForm(request.POST)
    if not form.is_valid():  # the address as typed stays to be corrected, the country too
        invalid = DomainError("Please enter a valid email address.")
        return _guest_refused(request, invalid, declaration, field_id="guest-email")
    try:  # refused before the guest's account is made and signed in
        declaration_check(declaration=declaration)
    except DomainError as exc:
        return _guest_refused(request, exc, declaration)
    visitor_key = request.session.session_key
    try:
        # Placing the order can still refuse it (a business's price net of VAT, or its code,
        # under what a card can be charged): the guest, its sign-in and the counts go too.
        with transaction.atomic():
            throttle_forgive_in_view(request, limit="guest_checkout_refused_ip", key=by_ip)
            refusal = throttle_in_view(
                request, limit="guest_checkout_ip", key=by_ip, back_to=_cart_kept(declaration)
            )
            if refusal is not None:
                _keep_typed(request, declaration)
                return refusal
            guest = services.guest_account_create(email=form.cleaned_data["email"])
            login(request, guest, backend=MODEL_BACKEND)
            placed = services.guest_order_place(
                guest=guest, declaration=declaration, code=session_code.get(request.session)
            )
    except DomainError as exc:
        _sign_in_undone(request, visitor_key)
        return _guest_refused(request, exc, declaration)
    services.guest_checkout_leave_trail(
        replaced_key=visitor_key, attempt=attempt, guest=guest, order=placed.order
    )
    session_code.clear(request.session)
    say_what_the_order_costs(request, placed.order, code_refusal=placed.code_refusal)
    return redirect("orders:pay", number=placed.order.number)


# Django's reason when a form's token is not the browser's current one (a same-origin post).
STALE_FORM_REASON = "CSRF token from POST incorrect."


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The shop's page for a form the CSRF check refused (`morpheus.refusals.csrf_failure`),
    but for "Buy as a guest" clicked twice, slowly: the first answer signed the browser in as
    the guest, with a new CSRF token, before the page was left, and the second post still
    carries the page's token. It goes where the first went. Only the token is wrong (the
    page's, replaced, or any other): the post is same-origin, from the guest's own session,
    and is answered with a redirect that changes nothing."""
    if (
        reason == STALE_FORM_REASON
        and request.path == reverse("guest_checkout")
        and is_guest(request.user)
        and (repeated := checkout_repeated(request, declaration_posted(request)))
    ):
        return repeated
    return refusals.csrf_failure(request, reason)


def _follow_the_checkout(request: HttpRequest, placed: dict, attempt: str) -> HttpResponse:
    """The same form, posted again at once: it signs in as the guest the first post made
    (this request carries the visitor's session that post replaced) and goes to its order,
    saying what it keeps when sent with another country or VAT number, as from the guest's
    session. Another post carrying that session's key (planted, or copied off the visitor's
    browser), without the form's token, goes to the cart, signed in as no one."""
    guest = services.guest_checkout_follower(placed=placed, attempt=attempt)
    if guest is None:
        return redirect("orders:cart")
    # A session of its own, without the visitor's cart (the order now): the one carried
    # here keeps the trail for the other posts of the same click.
    request.session = type(request.session)()
    login(request, guest, backend=MODEL_BACKEND)
    with rls_scope(scope=Scope.CUSTOMER, user_id=guest.pk):
        repeated = checkout_repeated(request, declaration_posted(request))
        return repeated or to_the_order_placed(request, placed["order"])


def _sign_in_undone(request: HttpRequest, visitor_key: str | None) -> None:
    """The guest's sign-in, rolled back with its account: the visitor's session as it was
    saved (their cart in it), signed in as no one."""
    request.session = type(request.session)(session_key=visitor_key)
    request.user = AnonymousUser()


def _guest_refused(
    request: HttpRequest, error: DomainError, declaration: BuyerDeclaration, *, field_id: str = ""
) -> HttpResponse:
    """Back to the cart, what was typed kept, the refusal tied to the field it is about."""
    _keep_typed(request, declaration)
    return refused(
        request,
        error,
        "orders:cart",
        query=country_kept(declaration),
        field_id=field_id or checkout_field_id(error, guest=True),
    )


def _keep_typed(request: HttpRequest, declaration: BuyerDeclaration) -> None:
    """The cart a guest checkout was refused back to shows the address and the VAT number
    they typed again (`templates/accounts/_guest_checkout.html`)."""
    request.session[GUEST_EMAIL_TYPED] = request.POST.get("email", "")[:254]
    vat_number_keep(request.session, declaration)


def _cart_kept(declaration: BuyerDeclaration) -> str:
    """The cart with the country the guest declared, for a page that links back to it."""
    query = country_kept(declaration)
    return f"{reverse('orders:cart')}?{urlencode(query)}" if query else reverse("orders:cart")


def _business_left_out_when_free(
    request: HttpRequest, declaration: BuyerDeclaration
) -> BuyerDeclaration:
    """A cart of free comics, or one its code brings to nothing, asks for no VAT number,
    business name or billing address: sent all the same, they are not checked either, as a
    signed-in checkout does not (outside probe BR-6: a German number was refused for France,
    in a field the page no longer showed)."""
    comics = list(comics_by_ids(session_cart.comic_ids(request.session)))
    return business_left_out_when_free(
        declaration=declaration,
        contents=cart_contents(customer=None, comics=comics, bundles=[]),
        code=session_code.get(request.session),
        customer=None,
    )


def _guest_cart_refusal(request: HttpRequest, declaration: BuyerDeclaration) -> HttpResponse | None:
    """A visitor's cart with nothing left to buy (empty, sent again from an old page, or
    its comics withdrawn), that cannot be bought as one order (two currencies), that lost a
    comic withdrawn from sale, or that is not the one its page showed (changed in another
    tab since) makes no guest account: the cart says why."""
    gone = session_cart.drop_unavailable(request.session)
    if len(session_cart.currencies(request.session)) > 1:
        messages.error(request, MixedCurrencies.CART)
        return redirect("orders:cart")
    comic_ids = session_cart.comic_ids(request.session)
    if not comic_ids:
        withdrawn = f" (no longer for sale: {', '.join(gone)})" if gone else ""
        messages.error(request, f"Your cart is empty{withdrawn}: there is nothing to buy.")
        return redirect("orders:cart")
    query = country_kept(declaration)
    if gone:  # as a customer's checkout: the cart shows what is left, and its new total
        taken_out = DomainError(
            f"No longer for sale, so taken out of your cart: {', '.join(gone)}."
        )
        return refused(request, taken_out, "orders:cart", query=query)
    shown = request.POST.get(CART_FIELD)
    contents = cart_contents(customer=None, comics=list(comics_by_ids(comic_ids)), bundles=[])
    if shown is not None and contents.digest(session_code.get(request.session)) != shown:
        return refused(request, CartChanged("Buy as a guest"), "orders:cart", query=query)
    return None


@require_http_methods(["GET", "HEAD", "POST"])
def guest_order(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link of a guest order: opens a guest session that sees that order alone
    (its row-level security scope is the order, not the guest's account). A customer
    signed in to an account is asked first: opening it signs them out."""
    try:
        guest, order = services.guest_from_order_link(token=token)
    except GuestOrderClaimed as claimed:
        if request.user.is_authenticated and order_is_customers(
            customer=request.user, order_id=claimed.order_id
        ):  # the account it joined is the one signed in
            return redirect("orders:detail", number=claimed.number)
        context = {"heading": "This order link does not open the order", "message": str(claimed)}
        return render(request, "accounts/verify_failed.html", context, status=400)
    except AccountError as exc:
        context = {
            "heading": "This order link does not open the order",
            "message": str(exc),
            "sign_up_offered": isinstance(exc, OrderLinkUnusable),
        }
        return render(request, "accounts/verify_failed.html", context, status=400)
    signed_in = request.user.is_authenticated and not is_guest(request.user)
    if signed_in and request.method != "POST":
        return render(request, "accounts/guest_order_signed_in.html", {"order": order})
    # A visitor's cart stays the visitor's: the guest's account is not theirs to shop in,
    # and it comes back as the session ends (outside probe FP-1: it went into the guest's
    # account, out of sight, for good).
    carted = session_cart.comic_ids(request.session) if not signed_in else []
    request.session.pop(session_cart.SESSION_KEY, None)  # not merged into the guest's
    login(request, guest, backend=MODEL_BACKEND)
    request.session[ORDER_SCOPE_SESSION_KEY] = order.pk
    if carted:  # a new session: nothing to take turns with
        request.session[session_cart.SESSION_KEY] = carted
    return redirect("orders:detail", number=order.number)


@login_required
@require_POST
def guest_orders_claim(request: HttpRequest) -> HttpResponse:
    """The signed-in owner of a confirmed address adds the orders bought with it as a guest."""
    state = selectors.account_address_state(user=request.user)
    if not state.verified:
        messages.error(request, "Confirm your email address first.")
        return redirect("account")
    claimed = services.guest_orders_claim(user=request.user, email=state.email)
    if claimed:
        messages.success(request, f"{claimed} guest order{'s' if claimed != 1 else ''} added.")
    elif selectors.guest_orders_joined(user=request.user):  # pressed again, or in another tab
        messages.info(request, "Your guest orders are already in this account.")
    else:
        messages.info(request, f"No orders were bought as a guest with {state.email}.")
    return redirect("orders:list")
