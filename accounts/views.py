from contextlib import suppress
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.views import LoginView
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode, urlsafe_base64_decode
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import privacy, selectors, services
from accounts.errors import (
    AccountError,
    ConfirmationEmailsLimited,
    GuestOrderClaimed,
    OrderLinkUnusable,
    UsernameTaken,
)
from accounts.forms import (
    EmailChangeForm,
    ErasureForm,
    GuestCheckoutForm,
    GuestErasureForm,
    PasswordResetByJobForm,
    SignInForm,
    SignUpForm,
)
from accounts.verification import RESTORES_PARAMETER, reset_tokens, restoring_reset_read
from catalog.selectors import comics_by_ids
from morpheus import refusals
from morpheus.db_context import Scope, rls_scope
from morpheus.errors import DomainError
from morpheus.middleware import ORDER_SCOPE_SESSION_KEY, order_link_leave, order_scoped
from morpheus.refusals import refused
from morpheus.sessions import opens_visitor_session
from morpheus.sign_in import ERASED_ACCOUNT_SESSION_KEY, login_required
from morpheus.throttles import (
    by_account,
    by_ip,
    by_post_field,
    by_user,
    by_value,
    sign_in_failures_forget,
    throttle,
    throttle_forgive_in_view,
    throttle_in_view,
)
from morpheus.transactions import take_turns
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
from promotions.bundles import CartTaken, cart_add_bundle, cart_take_out
from promotions.cart import cart_contents
from promotions.checkout import business_left_out_when_free
from promotions.errors import PromotionError
from promotions.repeats import checkout_repeated, to_the_order_placed
from promotions.shown_total import CART_FIELD, say_what_the_order_costs
from tax.services import declaration_check


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
_password_reset = auth_views.PasswordResetView.as_view(form_class=PasswordResetByJobForm)
_password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(token_generator=reset_tokens)
RESTORES_SESSION_KEY = "accounts.reset_restores"
# Not Django's "registration/password_change_form.html": that name is the back office's
# own password page (the theme's), which this one would replace for staff too.
_password_change = auth_views.PasswordChangeView.as_view(
    template_name="accounts/password_change_form.html", success_url=reverse_lazy("account")
)


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


# Limits of their own: resets asked for from a shared address must not use up the
# sign-ins of the customers behind it.
@throttle("password_reset_address", by_post_field("email"))
@throttle("password_reset_ip", by_ip)
def password_reset(request: HttpRequest) -> HttpResponse:
    """Django's reset form (the same answer whether or not the address has an account),
    counted per address asked for and per client address."""
    return _password_reset(request)


@throttle("password_reset_ip", by_ip)
def password_reset_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """Django's form for the new password; once it is set, the address the link was
    emailed to counts as confirmed, and a replaced address the link was sent to is the
    account's again. Django moves the token from the link into the session before showing
    the form; what the link restores goes along with it."""
    if token != auth_views.PasswordResetConfirmView.reset_url_token:  # an emailed link
        request.session[RESTORES_SESSION_KEY] = request.GET.get(RESTORES_PARAMETER, "")
    if request.method == "POST":
        _one_new_password_at_a_time(uidb64)
    response = _password_reset_confirm(request, uidb64=uidb64, token=token)
    if request.method == "POST" and response.get("Location") == reverse("password_reset_complete"):
        user_id = int(urlsafe_base64_decode(uidb64).decode())
        username = selectors.username_of(user_id=user_id)
        messages.success(request, f"The password of the account {username} is set.")
        _confirm_the_address_reached(request, user_id)
        _say_tokens_stopped(request, services.password_replaced(user_id=user_id))
    return response


def _one_new_password_at_a_time(uidb64: str) -> None:
    """New passwords sent for one account at the same moment (a double click, or the owner's
    link and a taker's) take turns until the request's transaction ends: the second then
    finds its link used. Otherwise each saves the whole account as it read it, and the later
    save writes back the address the earlier one had restored."""
    with suppress(ValueError):
        take_turns(f"password-reset:{int(urlsafe_base64_decode(uidb64).decode())}")


def _confirm_the_address_reached(request: HttpRequest, user_id: int) -> None:
    replaced_address_id = restoring_reset_read(
        request.session.pop(RESTORES_SESSION_KEY, ""), user_id=user_id
    )
    if replaced_address_id is not None:
        restored = services.address_restore_by_password_reset(
            user_id=user_id, replaced_address_id=replaced_address_id
        )
        if restored:
            messages.info(request, f"Your account's email address is {restored} again.")
        else:
            messages.warning(
                request,
                "Your new password is set, but this link could no longer give your account "
                "its address back (the week after the change is over, or another account "
                "uses the address now). Reply to the email that told you of the change and "
                "we will help.",
            )
        return
    with suppress(AccountError):  # an address given before confirmations existed
        services.email_confirm_by_password_reset(user_id=user_id)


def _say_tokens_stopped(request: HttpRequest, stopped: int) -> None:
    if stopped:
        messages.info(
            request,
            (
                "Your API token stopped working with your old password: create a new one"
                if stopped == 1
                else f"Your {stopped} API tokens stopped working with your old password: "
                "create new ones"
            )
            + " for your apps on the API tokens page.",
        )


def _changed_by_the_same_form_a_moment_ago(request: HttpRequest) -> bool:
    """A new password sent twice by one form (a double click) is changed once: the first
    post moves the browser's session to a new key and leaves a trail under the old one,
    which the other post still carries. Sent at once, the other waits for the first's turn
    to end, still signed in (the password it then reads is the new one, so a post from
    another page says the old password is wrong instead of changing it again); sent once
    the first was answered, it is signed in to nothing. Either way the first's answer is
    its answer: no second change, nor a sign-in page whose answer deletes the cookie the
    browser now holds with the new key."""
    if request.user.is_authenticated:
        take_turns(f"password-change:{request.user.pk}")
        request.user.refresh_from_db(fields=["password"])
    return services.password_changed_by_this_form(
        session=request.session, attempt=request.POST.get("attempt", "")
    )


def _guest_to_sign_up(request: HttpRequest, why: str) -> HttpResponse:
    """A guest's account has no password nor address of its own to change: an account
    does."""
    messages.info(request, why)
    return redirect("signup")


# The pages that ask for the password again count on the account's sign-in limit.
@throttle("signin_account", by_account)
def password_change(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and _changed_by_the_same_form_a_moment_ago(request):
        messages.success(request, "Your password was changed.")
        return redirect("account")
    return _password_change_signed_in(request)


@login_required
def _password_change_signed_in(request: HttpRequest) -> HttpResponse:
    if is_guest(request.user):
        return _guest_to_sign_up(request, "Guest orders have no password: create an account.")
    replaced_key = request.session.session_key
    response = _password_change(request)
    if request.method == "POST" and response.status_code == 302:
        services.password_change_leave_trail(
            replaced_key=replaced_key, attempt=request.POST.get("attempt", "")
        )
        messages.success(request, "Your password was changed.")
        _say_tokens_stopped(request, services.password_replaced(user_id=request.user.pk))
    return response


@login_required
@require_safe
def account(request: HttpRequest) -> HttpResponse:
    if is_guest(request.user):
        return redirect("signup")
    address = selectors.account_address_state(user=request.user)
    guest_orders = selectors.guest_orders_waiting(email=address.email) if address.verified else None
    return render(
        request,
        "accounts/account.html",
        {"address": address, "guest_orders": guest_orders},
    )


# The pages that ask for the password again count on the account's sign-in limit.
@throttle("signin_account", by_account)
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def email_change(request: HttpRequest) -> HttpResponse:
    if is_guest(request.user):
        return _guest_to_sign_up(
            request, "A guest order keeps the address it was placed with: create an account."
        )
    form = EmailChangeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            services.email_change_request(user=request.user, email=email)
        except ConfirmationEmailsLimited as exc:
            sign_in_failures_forget(username=request.user.get_username())  # the password was right
            form.add_error(None, str(exc))
            response = render(request, "accounts/email_change.html", {"form": form}, status=429)
            response["Retry-After"] = str(exc.retry_after_seconds)
            return response
        except AccountError as exc:
            form.add_error("email", str(exc))
        else:
            sign_in_failures_forget(username=request.user.get_username())
            messages.info(
                request, f"We sent a link to {email}: your address changes once you follow it."
            )
            return redirect("account")
    return render(request, "accounts/email_change.html", {"form": form})


_SENT_AGAIN_SAYS = {
    services.LinksSentAgain.SENT: "We sent the confirmation link again.",
    services.LinksSentAgain.ON_ITS_WAY: (
        "We sent the confirmation link less than a minute ago: it is on its way."
    ),
    services.LinksSentAgain.NONE_WAITING: (
        "No address of yours is waiting to be confirmed: there is no link to send."
    ),
}


@throttle("email_resend_account", by_user)
@login_required
@require_POST
def email_resend(request: HttpRequest) -> HttpResponse:
    """The link emailed again to each address waiting, counted per account and per address
    (`email_resend_address`, whichever accounts name it): an account can be made with a
    stranger's address, and must not mail it without limit. Pressed twice at once, it
    sends one link and counts once; with no address waiting (confirmed from the email
    while the page stayed open) it sends nothing and says so."""
    state = selectors.account_address_state(user=request.user)
    for email in state.waiting:
        refusal = throttle_in_view(request, limit="email_resend_address", key=by_value(email))
        if refusal is not None:
            return refusal
    sent = services.email_links_send_again(user=request.user, emails=state.waiting)
    messages.info(request, _SENT_AGAIN_SAYS[sent])
    return redirect("account")


@require_http_methods(["GET", "HEAD", "POST"])
def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    """Opening the link shows a button; only pressing it confirms. Mail scanners and link
    previews open links by themselves, and confirming an address joins its guest orders to
    the account: it must be its owner's act."""
    try:
        if request.method == "GET":
            to_confirm = services.email_verification_check(token=token)
            return render(request, "accounts/verify_email.html", {"to_confirm": to_confirm})
        user = services.email_verify(token=token)
    except AccountError as exc:
        return render(request, "accounts/verify_failed.html", {"message": str(exc)}, status=400)
    if request.user.is_authenticated and request.user.pk != user.pk:
        # Someone else's link, pressed while signed in: it confirms the account it names.
        messages.success(request, f"{user.email} is confirmed for the account it was sent to.")
        return redirect("catalog:list")
    messages.success(request, f"Thank you: {user.email} is confirmed.")
    return redirect("account" if request.user.is_authenticated else "login")


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


@login_required
@require_safe
def privacy_export(request: HttpRequest) -> HttpResponse:
    """All the customer's data as one JSON file."""
    data = privacy.personal_data_export(user=request.user)
    name = f"morpheus-data-{request.user.pk}.json"
    return JsonResponse(
        data,
        encoder=DjangoJSONEncoder,
        json_dumps_params={"indent": 2},
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


# The pages that ask for the password again count on the account's sign-in limit.
@throttle("signin_account", by_account)
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def privacy_erase(request: HttpRequest) -> HttpResponse:
    guest = is_guest(request.user)
    form_class = GuestErasureForm if guest else ErasureForm
    form = form_class(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        address_proved = order_scoped(request)
        if guest:
            privacy.guest_erasure_request(guest=request.user, address_proved=address_proved)
        else:
            privacy.erasure_request(user=request.user)
        erased = request.user.pk
        logout(request)
        request.session[ERASED_ACCOUNT_SESSION_KEY] = erased
        context = {"guest": guest, "other_checkouts_left": guest and not address_proved}
        return render(request, "accounts/erasure_requested.html", context)
    return render(request, "accounts/erase.html", {"form": form, "guest": guest})


def _safe_next(request: HttpRequest, next_url: str) -> str:
    allowed = url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return next_url if allowed else "/"
