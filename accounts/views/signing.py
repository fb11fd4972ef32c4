"""Signing in, out and up."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.views import LoginView
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from accounts import selectors, services
from accounts.errors import UsernameTaken
from accounts.forms import SignInForm, SignUpForm
from morpheus.db_context import Scope, rls_scope
from morpheus.middleware import order_link_leave, order_scoped
from morpheus.sessions import opens_visitor_session
from morpheus.throttles import (
    by_ip,
    by_post_field,
    throttle,
    throttle_forgive_in_view,
    throttle_in_view,
)
from orders import session_cart
from orders.guests import is_guest
from promotions.bundles import CartTaken, cart_add_bundle, cart_take_out
from promotions.errors import PromotionError


class _SignInView(LoginView):
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # A guest's session is no account's: its page shows the form, changing nothing.
        self.redirect_authenticated_user = not is_guest(request.user)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        guest_cart = _end_guest_session(self.request)
        response = super().form_valid(form)
        _guest_bundles_follow(self.request, form.get_user(), guest_cart)
        messages.success(self.request, f"Welcome back, {form.get_user().get_username()}.")
        return response


_login = _SignInView.as_view()
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
_sign_out = auth_views.LogoutView.as_view()
RESTORES_SESSION_KEY = "accounts.reset_restores"


def _guest_cart_take(request: HttpRequest) -> CartTaken | None:
    """The cart of the session a guest checkout signed in, taken out of the guest's account
    as that session ends (no one can sign in to it again); None for any other session."""
    user = request.user
    if not user.is_authenticated or not is_guest(user) or order_scoped(request):
        return None
    return cart_take_out(customer=user)


def _guest_comics_keep(request: HttpRequest, cart: CartTaken | None) -> None:
    """The guest's comics become the visitor's cart, which signing in or up brings into the
    account (`accounts.receivers.keep_visitor_cart`)."""
    if cart is not None:
        session_cart.add_all(request.session, cart.comic_ids)


def _end_guest_session(request: HttpRequest) -> CartTaken | None:
    """A session opened by a guest's order link or by a guest checkout is no account's: it
    ends before signing in or up, keeping the comics the checkout's session carted since;
    what it held, for its bundles to follow into the account (`_guest_bundles_follow`)."""
    cart = _guest_cart_take(request)
    if cart is not None:
        logout(request)
    order_link_leave(request)
    _guest_comics_keep(request, cart)
    return cart


def _guest_bundles_follow(
    request: HttpRequest, account: AbstractBaseUser, cart: CartTaken | None
) -> None:
    """The guest's bundles go in the cart of the account just signed in to or up for, as
    adding them there would: one it refuses (no longer for sale, every comic of it owned)
    is named as left out, with why. The request's row-level scope was set for the guest."""
    if cart is None:
        return
    with rls_scope(scope=Scope.CUSTOMER, user_id=account.pk):
        for bundle in cart.bundles:
            try:
                cart_add_bundle(customer=account, bundle=bundle)
            except PromotionError as refusal:
                messages.info(request, f"Left out of your cart: {refusal}")


@opens_visitor_session
def sign_out(request: HttpRequest) -> HttpResponse:
    """Django's sign-out; a guest's comics stay in the cart, a visitor's now, which holds
    no bundles: those are named, to be added again once signed in. Pressed twice at once,
    the second finds the guest's cart emptied by the first and takes what the first left
    (`services.guest_sign_out_claim`): whichever answer the browser keeps has the cart."""
    if request.method != "POST":
        return _sign_out(request)
    guest_key = request.session.session_key
    cart = services.guest_sign_out_claim(session=request.session) or _guest_cart_left(request)
    # A guest's order link session: the visitor's cart it kept (outside probe FP-1).
    visitors = session_cart.comic_ids(request.session) if order_scoped(request) else []
    response = _sign_out(request)
    if visitors:
        session_cart.add_all(request.session, visitors)
    if cart is not None:
        session_cart.add_all(request.session, cart.comic_ids)
        if cart.bundle_titles:
            them = "it" if len(cart.bundle_titles) == 1 else "them"
            messages.info(
                request,
                "Signed out, your cart holds no bundles (only an account's cart does), so left "
                f"out of it: {', '.join(cart.bundle_titles)}. Sign in to add {them} again.",
            )
        services.guest_sign_out_leave_trail(replaced_key=guest_key, cart=cart)
    return response


def _guest_cart_left(request: HttpRequest) -> services.SignedOutCart | None:
    """What a guest checkout's session signing out takes out of the guest's cart."""
    taken = _guest_cart_take(request)
    if taken is None:
        return None
    return services.SignedOutCart(taken.comic_ids, [bundle.title for bundle in taken.bundles])


# The network's limit first: a sign-in it refuses checks no password, and is not counted
# against the account (morpheus.throttles).
@throttle("signin_account", by_post_field("username"))
@throttle("signin_ip", by_ip)
@opens_visitor_session
def sign_in(request: HttpRequest) -> HttpResponse:
    """Django's sign-in form, counted per username tried and per client address. A guest's
    session sees the form (it sent the guest away as signed in already), and ends only once
    it signs in: opened twice at once, or prefetched, the page took the guest's cart into
    one new session and answered the other with an empty one."""
    return _login(request)


# A sign-up sent again within this long after it made the account is the same sign-up.
SIGN_UP_REPEAT_WINDOW = timedelta(minutes=1)


@require_http_methods(["GET", "HEAD", "POST"])
@opens_visitor_session
def sign_up(request: HttpRequest) -> HttpResponse:
    """Counted per client address as a refused sign-up (`signup_refused_ip`) until the form
    passes and the account is made, then as a sign-up (`signup_ip`): a form corrected after
    a mistyped password is not refused for the tries before it (outside probe FM-2), while
    probing the form, names taken included, stays bounded. The same form posted again
    counts as no sign-up."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if _signed_in_to_an_account(request) and not (
        request.method == "POST" and _sign_up_repeated(request)
    ):
        return _signed_in_already(request, next_url)
    # Outside probe GQ-1: a guest signing up with another address got an empty account; not
    # once their orders joined an account (outside probe GT-6: they would not join this one).
    guest = is_guest(request.user) and selectors.guest_orders_kept(guest=request.user)
    guest_email = request.user.email if guest else ""
    form = SignUpForm(request.POST or None, initial={"email": guest_email})
    context = {"form": form, "next": next_url, "guest_email": guest_email}
    if request.method != "POST":
        return render(request, "registration/sign_up.html", context)
    # Past this limit the form is not read: the answer tells nothing of the name typed.
    if (refusal := throttle_in_view(request, limit="signup_refused_ip", key=by_ip)) is not None:
        return refusal
    if form.is_valid():
        try:
            with transaction.atomic():
                throttle_forgive_in_view(request, limit="signup_refused_ip", key=by_ip)
                refusal = throttle_in_view(request, limit="signup_ip", key=by_ip)
                if refusal is not None:
                    return refusal
                user = services.account_sign_up(
                    username=form.cleaned_data["username"],
                    email=form.cleaned_data["email"],
                    password=form.cleaned_data["password1"],
                )
        except UsernameTaken as taken:
            # Sent at once, the first made the account while this one waited for it.
            if repeated := _sign_up_repeated(request):
                return _sign_up_again(request, repeated, next_url)
            form.add_error("username", str(taken))
        else:
            return _signed_up_leaving_trail(request, user, next_url)
    elif repeated := _sign_up_repeated(request):
        # Sent again, or at once and the first made the account before this one's check of
        # the name: the form says the name is taken, by the account this form made.
        return _sign_up_again(request, repeated, next_url)
    return render(request, "registration/sign_up.html", context)


def _signed_in_to_an_account(request: HttpRequest) -> bool:
    return request.user.is_authenticated and not is_guest(request.user)


def _signed_in_already(request: HttpRequest, next_url: str) -> HttpResponse:
    """The sign-up page of someone signed in to an account goes where signing in goes
    (outside probe GH-1: "Sign in" from this page came back to it, and the form sent then
    signed them out of their account into a second one without a word); a form sent from a
    page left open says why it made nothing."""
    name = request.user.get_username()
    if request.method == "POST":
        messages.error(
            request, f"You are signed in as {name}: no account was made. Sign out to make one."
        )
    return redirect(_safe_next(request, next_url))


def _signed_up_leaving_trail(request: HttpRequest, account, next_url: str) -> HttpResponse:
    """Signed in, told of the confirmation link; the form sent again from the session this
    sign-in replaces finds the account (`_sign_up_repeated`)."""
    messages.info(request, f"We sent a link to {account.email}: follow it to confirm it.")
    visitor_key = request.session.session_key
    signed_up = _signed_up(request, account, next_url)
    services.sign_up_leave_trail(replaced_key=visitor_key, account=account)
    return signed_up


def _sign_up_again(request: HttpRequest, account, next_url: str) -> HttpResponse:
    """The form sent again: no sign-up counted, the first one's answer (outside probe FV-3:
    the page the browser kept did not say the link was sent), and the trail left again
    for a third post (FV-1: it was told the name was taken)."""
    throttle_forgive_in_view(request, limit="signup_refused_ip", key=by_ip)
    return _signed_up_leaving_trail(request, account, next_url)


def _signed_up(request: HttpRequest, account, next_url: str) -> HttpResponse:
    guest_cart = _end_guest_session(request)
    login(request, account, backend=MODEL_BACKEND)
    _guest_bundles_follow(request, account, guest_cart)
    return redirect(_safe_next(request, next_url))


def _sign_up_repeated(request: HttpRequest):
    """The account this form made moments ago (a double click: the second submit carries
    the cookies from before the first, whose session the sign-up left a trail under), when
    it names the same username, address and password; it goes where the first went instead
    of saying the name is taken. From another session it is a sign-up like any other
    (outside probe FU-2: anyone with the three signed in, past the account's sign-in limit,
    their wrong passwords counted nowhere)."""
    username = request.POST.get("username", "").strip()
    email = request.POST.get("email", "").strip()
    if "\x00" in username + email:  # no account has it; PostgreSQL's text cannot hold it
        return None
    account = selectors.account_made_since(
        username=username, email=email, since=timezone.now() - SIGN_UP_REPEAT_WINDOW
    )
    if (
        account is None
        or services.signed_up_from(session_key=request.session.session_key) != account.pk
    ):
        return None
    return account if account.check_password(request.POST.get("password1", "")) else None


def _safe_next(request: HttpRequest, next_url: str) -> str:
    allowed = url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return next_url if allowed else "/"
