"""Abuse limits: at most so many requests per window, per account, IP address or order.

Counters live in PostgreSQL (`morpheus_throttlebucket`, written only through the functions
of migration 0005), so every web process shares them. A view declares its limits with
`@throttle`; `ThrottleMiddleware` counts each request before the request's transaction opens,
so the count commits at once whatever the view does, and refuses with 429 once any limit
is exceeded (JSON for scripts that ask for it, the site's page otherwise); a view that tells
itself which of its requests count calls `throttle_in_view` instead. A view's limits are
counted in the order it declares them (the decorator nearest the view first), and a request
refused by one is not counted against those after it: it did nothing they count. A sign-in
refused because its network is over the limit checked no password, so it does not count
against the account (a full shared address would otherwise lock its customers' accounts
everywhere). A request that
Django's CSRF check refuses counts nothing: any web page can make its visitors' browsers
post forged forms, which must not use up the limits of their network or account. A window
opens at its first request and lasts the period; refused requests count too but do not
extend it. Rates come from settings.THROTTLE_RATES.
"""

import ipaddress
import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render
from django.urls import ResolverMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from morpheus import metrics, tokens
from morpheus.client_ip import client_ip
from morpheus.middleware import request_rls, resolved

# What each limit counts, as the refusal tells the visitor.
SUBJECTS = {
    "signin_account": "password attempts for this account",
    "signin_ip": "sign-in attempts from your network",
    "password_reset_address": "password resets for this address",
    "password_reset_ip": "password resets from your network",
    "signup_ip": "sign-ups from your network",
    "signup_refused_ip": "refused sign-ups from your network",
    "guest_checkout_ip": "guest checkouts from your network",
    "guest_checkout_refused_ip": "refused guest checkouts from your network",
    "setup_intent_account": "card checks",
    "setup_intent_ip": "card checks from your network",
    "payment_order": "payment attempts for this order",
    "payment_account": "payment attempts",
    "authentication_account": "confirmations with your bank",
    "api_order_create": "orders",
    "checkout_account": "checkouts",
    "api_download_link": "download links",
    "free_order_account": "free orders",
    "library_download": "downloads from your library",
    "document_resend": "emails of this document",
    "email_resend_account": "confirmation emails",
    "email_resend_address": "confirmation emails to this address",
    "discount_code_ip": "wrong discount codes from your network",
    "discount_code_visitor": "wrong discount codes",
    "discount_code_all_ip": "wrong discount codes from your network",
}

SIGN_IN_ACCOUNT = "signin_account"
SIGN_IN_IP = "signin_ip"
ADMIN_SIGN_IN_VIEW = "admin:login"

# Limits a visitor gets past by signing in: their refusal offers it, to do what.
SIGN_IN_INSTEAD = {
    "guest_checkout_ip": "buy with your account",
    "guest_checkout_refused_ip": "buy with your account",
    "discount_code_ip": "use a code with your account",
}

# After a sign-in's refusal.
RESET_INSTEAD = (
    " Or reset your password (“Forgot your password?”): the new one signs you in at once."
)

KeyFunction = Callable[[HttpRequest, dict[str, Any]], str | None]


@dataclass(frozen=True)
class Decision:
    limit: str
    allowed: bool
    retry_after_seconds: int

    @property
    def sign_in_instead(self) -> bool:
        return self.limit in SIGN_IN_INSTEAD

    @property
    def reset_instead(self) -> bool:
        """A sign-in refused: a new password set from the emailed reset link signs in at
        once, whoever keeps the account locked (outside probe FM-4: the page said only when
        to try again)."""
        return self.limit in (SIGN_IN_ACCOUNT, SIGN_IN_IP)

    @property
    def message(self) -> str:
        minutes = max(1, math.ceil(self.retry_after_seconds / 60))
        instead = f", or sign in to {SIGN_IN_INSTEAD[self.limit]}" if self.sign_in_instead else ""
        reset = RESET_INSTEAD if self.reset_instead else ""
        return (
            f"Too many {SUBJECTS[self.limit]}. "
            f"Please try again in {minutes} minute{'s' if minutes != 1 else ''}{instead}.{reset}"
        )


@dataclass(frozen=True)
class Throttle:
    limit: str
    key: KeyFunction
    methods: tuple[str, ...]


def _bucket(limit: str, value: str) -> str:
    """The counter of `limit` for `value`, which it names by digest only."""
    return f"{limit}:{tokens.digest(value, purpose='throttles')}"


def throttle_hit(*, limit: str, value: str) -> Decision:
    """Count one request against `limit` for `value` (an account, address or order)."""
    rate = settings.THROTTLE_RATES[limit]
    now = timezone.now()
    bucket = _bucket(limit, value)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT hits, window_ends_at FROM public.morpheus_throttle_hit(%s, %s, %s)",
            [bucket, now, rate.seconds],
        )
        hits, window_ends_at = cursor.fetchone()
    allowed = hits <= rate.limit
    if not allowed:
        metrics.THROTTLED.labels(limit=limit).inc()
    return Decision(
        limit=limit,
        allowed=allowed,
        retry_after_seconds=max(1, math.ceil((window_ends_at - now).total_seconds())),
    )


def throttle_hit_as_typed(*, limit: str, value: str) -> Decision:
    """Count one request against `limit` for a name or address a service was given, on the
    counter the views' `by_post_field` and `by_value` count it on, whatever its spelling."""
    return throttle_hit(limit=limit, value=_as_typed(value))


def throttle_reset(*, limit: str, value: str) -> None:
    """Forget what was counted against `limit` for `value`."""
    bucket = _bucket(limit, value)
    with connection.cursor() as cursor:
        cursor.execute("SELECT public.morpheus_throttle_reset(%s)", [bucket])


def throttle_forgive_one(*, limit: str, value: str) -> None:
    """Take one request off what was counted against `limit` for `value`."""
    bucket = _bucket(limit, value)
    with connection.cursor() as cursor:
        cursor.execute("SELECT public.morpheus_throttle_forgive_one(%s)", [bucket])


def throttle_forgive_one_as_typed(*, limit: str, value: str) -> None:
    """Take one request off what `throttle_hit_as_typed` counted for `value`."""
    throttle_forgive_one(limit=limit, value=_as_typed(value))


def sign_in_clears_failures(request: HttpRequest) -> None:
    """A sign-in that succeeded clears the account's count (as django-axes' reset on
    success): the limit counts the wrong passwords since the last sign-in, not the devices
    and tabs a customer or staff member signs in from, nor sign-ins sent at one moment
    (those refused while the others were counted). It takes itself off its address's count:
    that limit counts the wrong passwords sent from one network, not the customers behind
    one shared address (a mobile carrier's, an office's) signing in. Runs in the request's
    transaction."""
    match = resolved(request)
    if request.method != "POST" or match is None:
        return
    for each in _declared(match):
        if (value := each.key(request, match.kwargs)) is None:
            continue
        if each.limit == SIGN_IN_ACCOUNT:
            throttle_reset(limit=each.limit, value=value)
        elif each.limit == SIGN_IN_IP:
            throttle_forgive_one(limit=each.limit, value=value)


def throttle_purge(*, before: datetime) -> int:
    """Delete the counters whose window ended before `before`; returns how many."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT public.morpheus_throttle_purge(%s)", [before])
        return cursor.fetchone()[0]


def by_ip(request: HttpRequest, kwargs: dict[str, Any]) -> str | None:
    """The client's address; an IPv6 client counts by its /64, which one subscriber holds."""
    address = client_ip(request)
    if address is None:
        return None
    if ipaddress.ip_address(address).version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return address


def by_user(request: HttpRequest, kwargs: dict[str, Any]) -> str | None:
    return str(request.user.pk) if request.user.is_authenticated else None


def by_visitor(request: HttpRequest, kwargs: dict[str, Any]) -> str | None:
    """The signed-in account, else the browser's session (none before it has one)."""
    if request.user.is_authenticated:
        return f"account:{request.user.pk}"
    key = request.session.session_key
    return f"session:{key}" if key else None


def by_account(request: HttpRequest, kwargs: dict[str, Any]) -> str | None:
    """The signed-in account's name as sign-in counts it: a page asking for the password
    again (to change it, the address, or to erase the account) counts on the account's
    sign-in counter, so a borrowed session cannot guess it without limit."""
    return _as_typed(request.user.get_username()) if request.user.is_authenticated else None


def by_post_field(field: str) -> KeyFunction:
    """The posted value as the forms read it: Django folds a username's compatibility
    characters (NFKC: "finance" typed in fullwidth letters signs in as finance), and sign-in
    takes it in any case; so every spelling of one name or address counts on one counter."""

    def key(request: HttpRequest, kwargs: dict[str, Any]) -> str | None:
        return _as_typed(request.POST.get(field, "")) or None

    return key


def _as_typed(text: str) -> str:
    """Upper case first, as PostgreSQL compares names in any case (`UPPER(name) =
    UPPER(typed)`): "finance" typed with a dotless i (U+0131) is FINANCE there, while its
    casefold keeps the dotless i.
    Python's upper case of two names PostgreSQL reads alike is alike."""
    return unicodedata.normalize("NFKC", text).strip().upper().casefold()


def by_value(value: str) -> KeyFunction:
    """A value the view found itself (an address the account has waiting), counted as the
    forms' values are."""

    def key(request: HttpRequest, kwargs: dict[str, Any]) -> str | None:
        return _as_typed(value) or None

    return key


def sign_in_failures_forget(*, username: str) -> None:
    """Clear the account's count of wrong passwords: its owner set a new one (a reset link
    proved they read the account's mailbox)."""
    throttle_reset(limit=SIGN_IN_ACCOUNT, value=_as_typed(username))


def by_url_kwarg(name: str) -> KeyFunction:
    def key(request: HttpRequest, kwargs: dict[str, Any]) -> str | None:
        return str(kwargs[name])

    return key


def throttle_in_view(
    request: HttpRequest, *, limit: str, key: KeyFunction, back_to: str = ""
) -> HttpResponse | None:
    """Count this request against `limit` from inside its view, for a view that tells itself
    which of its requests count; the answer to give once the limit is exceeded, else None
    (for a limit a visitor gets past by signing in, its page leads back to `back_to`: the
    cart with what was chosen there).
    The count is then part of the request's transaction: it commits with what the view
    does (a server error rolls both back), and concurrent requests with the same key wait
    for it."""
    if limit not in SUBJECTS:
        raise ValueError(f"Unknown limit {limit!r}.")
    value = key(request, request.resolver_match.kwargs)
    if value is None:
        return None
    decision = throttle_hit(limit=limit, value=value)
    return None if decision.allowed else refusal_response(request, decision, back_to=back_to)


def throttle_forgive_in_view(request: HttpRequest, *, limit: str, key: KeyFunction) -> None:
    """Take back what `throttle_in_view` counted for this request against `limit`, once the
    view finds the request is not one that limit counts."""
    if (value := key(request, request.resolver_match.kwargs)) is not None:
        throttle_forgive_one(limit=limit, value=value)


def throttle(limit: str, key: KeyFunction, *, methods: tuple[str, ...] = ("POST",)) -> Callable:
    """Declare a limit on a view, counted per `key` for requests with one of `methods`."""
    if limit not in SUBJECTS:
        raise ValueError(f"Unknown limit {limit!r}.")

    def declare(view: Callable) -> Callable:
        declared = Throttle(limit, key, methods)
        view.throttles = (*getattr(view, "throttles", ()), declared)
        return view

    return declare


# The admin's own sign-in form is not ours to decorate; it shares the storefront's counters,
# in the storefront's order (the network's first).
ADMIN_SIGN_IN = (
    Throttle("signin_ip", by_ip, ("POST",)),
    Throttle("signin_account", by_post_field("username"), ("POST",)),
)


class ThrottleMiddleware:
    """Counts the requests that pass the CSRF check against their view's limits; goes after
    AuthenticationMiddleware and before RowLevelSecurityMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.csrf = _CsrfVerdict(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = _refusal(request, self.csrf)
        if refusal is not None:
            return refusal_response(request, refusal)
        return self.get_response(request)


class _CsrfVerdict(CsrfViewMiddleware):
    """Django's own CSRF check, asked only whether a request passes it. It answers nothing,
    logs nothing and marks nothing done: CsrfViewMiddleware checks the request again in its
    `process_view`, which Django runs after every middleware's `__call__` (and so inside the
    request's transaction, which the counts stay out of), and answers the refused ones with
    403. Django's `requires_csrf_token` overrides the same two methods."""

    def _accept(self, request: HttpRequest) -> None:
        return None

    def _reject(self, request: HttpRequest, reason: str) -> str:
        return reason


def _refusal(request: HttpRequest, csrf: _CsrfVerdict) -> Decision | None:
    match = resolved(request)
    if match is None:
        return None
    declared = [each for each in _declared(match) if request.method in each.methods]
    if not declared or csrf.process_view(request, match.func, match.args, match.kwargs):
        return None
    for each in declared:
        if (value := each.key(request, match.kwargs)) is None:
            continue
        decision = throttle_hit(limit=each.limit, value=value)
        if not decision.allowed:
            return decision
    return None


def _declared(match: ResolverMatch) -> tuple[Throttle, ...]:
    if match.view_name == ADMIN_SIGN_IN_VIEW:
        return ADMIN_SIGN_IN
    return getattr(match.func, "throttles", ())


def refusal_response(
    request: HttpRequest, decision: Decision, *, back_to: str = ""
) -> HttpResponse:
    headers = {"Retry-After": str(decision.retry_after_seconds), "Cache-Control": "no-store"}
    if request.accepts("application/json") and not request.accepts("text/html"):
        return JsonResponse({"error": decision.message}, status=429, headers=headers)
    with request_rls(request):  # the site's layout shows the cart
        if _is_admin_sign_in(request):
            response = _admin_sign_in_refused(request, decision.message)
        else:
            context = {
                "message": decision.message,
                "sign_in_instead": decision.sign_in_instead,
                "reset_instead": decision.reset_instead,
                "back_to": back_to or _page_refused_on(request),
            }
            response = render(request, "429.html", context, status=429)
    for name, value in headers.items():
        response[name] = value
    return response


def _page_refused_on(request: HttpRequest) -> str:
    """The page the refused request came from (the form's own page, or the account page of
    its "Send the link again"), as a path on this site; "" when the browser did not say or
    named another site."""
    referer = request.headers.get("Referer", "")
    came_from = urlsplit(referer)
    path = came_from.path + (f"?{came_from.query}" if came_from.query else "")
    same_site = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if not came_from.netloc or not same_site or not path.startswith("/"):
        return ""
    # "https://shop//elsewhere.example/" names this site, but its path alone is another's.
    return path if url_has_allowed_host_and_scheme(path, allowed_hosts=set()) else ""


def _is_admin_sign_in(request: HttpRequest) -> bool:
    match = resolved(request)
    return match is not None and match.view_name == ADMIN_SIGN_IN_VIEW


def _admin_sign_in_refused(request: HttpRequest, message: str) -> HttpResponse:
    """The admin's own sign-in form, the name as typed, the refusal as its error: staff stay
    in the back office rather than land on the shop's page. The form checks no password."""
    from django.contrib import admin
    from django.contrib.admin.forms import AdminAuthenticationForm
    from django.contrib.auth import REDIRECT_FIELD_NAME
    from django.contrib.auth.views import LoginView
    from django.core.exceptions import ValidationError

    site = admin.site

    class RefusedSignIn(site.login_form or AdminAuthenticationForm):
        def clean(self):
            raise ValidationError(message, code="throttled")

    context = {**site.each_context(request), "title": "Log in", "app_path": request.get_full_path()}
    if REDIRECT_FIELD_NAME not in request.POST and REDIRECT_FIELD_NAME not in request.GET:
        context[REDIRECT_FIELD_NAME] = reverse("admin:index", current_app=site.name)
    view = LoginView.as_view(
        extra_context=context,
        authentication_form=RefusedSignIn,
        template_name=site.login_template or "admin/login.html",
    )
    response = view(request)
    response.status_code = 429
    return response.render()
