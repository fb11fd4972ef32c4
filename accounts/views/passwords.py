"""Password reset and change."""

from contextlib import suppress

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.http import urlsafe_base64_decode

from accounts import selectors, services
from accounts.errors import (
    AccountError,
)
from accounts.forms import (
    PasswordResetByJobForm,
)
from accounts.verification import RESTORES_PARAMETER, reset_tokens, restoring_reset_read
from accounts.views.signing import RESTORES_SESSION_KEY
from morpheus.sign_in import login_required
from morpheus.throttles import (
    by_account,
    by_ip,
    by_post_field,
    throttle,
)
from morpheus.transactions import take_turns
from orders.guests import is_guest

_password_reset = auth_views.PasswordResetView.as_view(form_class=PasswordResetByJobForm)
_password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(token_generator=reset_tokens)
# Not Django's "registration/password_change_form.html": that name is the back office's
# own password page (the theme's), which this one would replace for staff too.
_password_change = auth_views.PasswordChangeView.as_view(
    template_name="accounts/password_change_form.html", success_url=reverse_lazy("account")
)


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


def guest_to_sign_up(request: HttpRequest, why: str) -> HttpResponse:
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
        return guest_to_sign_up(request, "Guest orders have no password: create an account.")
    replaced_key = request.session.session_key
    response = _password_change(request)
    if request.method == "POST" and response.status_code == 302:
        services.password_change_leave_trail(
            replaced_key=replaced_key, attempt=request.POST.get("attempt", "")
        )
        messages.success(request, "Your password was changed.")
        _say_tokens_stopped(request, services.password_replaced(user_id=request.user.pk))
    return response
