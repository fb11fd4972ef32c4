"""The account page and its email address: changed, confirmed, the link sent again."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import selectors, services
from accounts.errors import AccountError, ConfirmationEmailsLimited
from accounts.forms import EmailChangeForm
from accounts.views.passwords import guest_to_sign_up
from morpheus.sign_in import login_required
from morpheus.throttles import (
    by_account,
    by_user,
    by_value,
    sign_in_failures_forget,
    throttle,
    throttle_in_view,
)
from orders.guests import is_guest


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
        return guest_to_sign_up(
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
