import ipaddress
from collections.abc import Callable
from contextlib import AbstractContextManager

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.messages import middleware as messages_middleware
from django.core.exceptions import BadRequest, MiddlewareNotUsed
from django.core.handlers.exception import convert_exception_to_response
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import render
from django.urls import Resolver404, ResolverMatch, resolve, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.module_loading import import_string

from morpheus.db_context import Scope, rls_scope

ADMIN_PREFIX = "/admin/"
API_PREFIX = "/api/"
WEBHOOK_PREFIX = "/stripe/"
# Stripe's deliveries: no person, so no session, sign-in, CSRF token, message or throttle.
LEAN_PREFIX = "/stripe/webhook/"
# What a lean request still passes through, after RequestId, metrics and SecurityMiddleware
# (which come before LeanWebhookMiddleware): the response's other security headers.
LEAN_HEADER_MIDDLEWARE = (
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "morpheus.csp.ContentSecurityPolicyMiddleware",
)
# Probes and static files read no customer data, and /healthz must answer when the
# database does not.
WITHOUT_DATABASE_SCOPE = ("/healthz", "/metrics", "/static/")
# The order a session opened through a guest's signed order link (accounts) may see, alone.
ORDER_SCOPE_SESSION_KEY = "morpheus.order_scope"
# A visitor's cart: the comics' ids (`orders.session_cart`).
VISITOR_CART_SESSION_KEY = "cart_comic_ids"
_MATCH_ATTRIBUTE = "morpheus_resolver_match"
_IN_TRANSACTION_ATTRIBUTE = "morpheus_in_request_transaction"


def request_scope(request: HttpRequest) -> tuple[Scope, int | None]:
    """Which rows this request may see: staff in the admin, Stripe's webhooks see all, a
    guest's order link sees that order. The id is the user's, or the order's."""
    if request.path.startswith(WEBHOOK_PREFIX):
        return Scope.SYSTEM, None
    user = request.user
    if not user.is_authenticated:
        return Scope.ANONYMOUS, None
    if user.is_staff and request.path.startswith(ADMIN_PREFIX):
        return Scope.STAFF, user.pk
    if order_scoped(request):
        return Scope.ORDER, request.session[ORDER_SCOPE_SESSION_KEY]
    return Scope.CUSTOMER, user.pk


def order_scoped(request: HttpRequest) -> bool:
    """Whether this signed-in session came through a guest's order link."""
    return request.user.is_authenticated and ORDER_SCOPE_SESSION_KEY in request.session


def order_link_leave(request: HttpRequest) -> None:
    """End a session opened by a guest's order link: shopping goes on as a visitor, whose
    cart holds what it held before the link was opened and what was carted since (outside
    probe FP-1: signing the session out dropped them)."""
    if not order_scoped(request):
        return
    carted = request.session.get(VISITOR_CART_SESSION_KEY)
    logout(request)
    if carted:
        request.session[VISITOR_CART_SESSION_KEY] = carted
    # The order's page is out of reach from here on: said where it happens (it was not).
    messages.info(
        request, "You have left the order you opened from its link; that link opens it again."
    )


def outside_request_transaction(view: Callable) -> Callable:
    """For a view that calls the payment provider: no transaction stays open across that
    call. The view wraps its own reads and writes in `request_rls(request)` blocks."""
    view.outside_request_transaction = True
    return view


def request_rls(request: HttpRequest) -> AbstractContextManager[None]:
    """A transaction seen through the request's row-level security scope."""
    scope, subject = request_scope(request)
    if scope is Scope.ORDER:
        return rls_scope(scope=scope, order_id=subject)
    return rls_scope(scope=scope, user_id=subject)


def resolved(request: HttpRequest) -> ResolverMatch | None:
    """The view the request's path names (None for no view), resolved once for every
    middleware that asks before Django resolves it for the view itself."""
    if not hasattr(request, _MATCH_ATTRIBUTE):
        try:
            match = resolve(request.path_info)
        except Resolver404:
            match = None
        setattr(request, _MATCH_ATTRIBUTE, match)
    return getattr(request, _MATCH_ATTRIBUTE)


def _opted_out(request: HttpRequest) -> bool:
    match = resolved(request)
    if match is None:
        return False
    view = match.func
    # A class-based view (a DRF viewset) opts out with a class attribute.
    return getattr(view, "outside_request_transaction", False) or getattr(
        getattr(view, "cls", None), "outside_request_transaction", False
    )


class _ServerError(Exception):
    """Carries a 5xx response out of the request's transaction, rolling it back."""

    def __init__(self, response: HttpResponse) -> None:
        self.response = response


def respond_in_request_transaction(
    request: HttpRequest, respond: Callable[[], HttpResponse]
) -> HttpResponse:
    """`respond()` in one transaction with the request's row-level security context; a 5xx
    answer commits nothing. Django has already turned a view's exception into a 500
    response by then, so the status decides. The shop's 500 page is drawn once that
    transaction is rolled back (`morpheus.error_pages.server_error`)."""
    setattr(request, _IN_TRANSACTION_ATTRIBUTE, True)
    try:
        with request_rls(request):
            response = respond()
            if response.status_code >= 500:
                raise _ServerError(response)
            return response
    except _ServerError as failed:
        response = failed.response
    finally:
        setattr(request, _IN_TRANSACTION_ATTRIBUTE, False)
    draw = getattr(response, "draw_after_rollback", None)
    if draw is not None:
        draw()
    return response


def in_request_transaction(request: HttpRequest) -> bool:
    """Whether the request's own transaction is open, to be rolled back if it fails."""
    return getattr(request, _IN_TRANSACTION_ATTRIBUTE, False)


class RowLevelSecurityMiddleware:
    """Runs each request in one transaction that carries its row-level security context."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(WITHOUT_DATABASE_SCOPE) or _opted_out(request):
            return self.get_response(request)
        return respond_in_request_transaction(request, lambda: self.get_response(request))


def _view_response(request: HttpRequest) -> HttpResponse:
    """What Django's handler does after the middleware, for a view that returns a plain
    response: resolve the path and call the view."""
    match = resolve(request.path_info, urlconf=getattr(request, "urlconf", None))
    request.resolver_match = match
    return match.func(request, *match.args, **match.kwargs)


class MessageMiddleware(messages_middleware.MessageMiddleware):
    """Django's, keeping no message of a request answered with a server error: it told of
    what the rollback undid ("Added to your cart."). What earlier requests left for the
    next page stays stored as it was."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if response.status_code >= 500:
            return response
        return super().process_response(request, response)


class LeanWebhookMiddleware:
    """Requests to Stripe's webhook (`LEAN_PREFIX`) skip the middleware that serves people
    (static files, sessions, CSRF, sign-in, throttles, messages), which costs a webhook
    more CPU than its row-level security transaction: from here they go through that
    transaction, the security headers of `LEAN_HEADER_MIDDLEWARE`, and the view. Every
    other request goes on down the whole chain. Placed right after SecurityMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        # Each layer turns an exception into a response, as Django's chain does, so a
        # failing view answers 500 inside the transaction and rolls it back.
        inner = convert_exception_to_response(_view_response)
        for dotted in reversed(LEAN_HEADER_MIDDLEWARE):
            inner = convert_exception_to_response(import_string(dotted)(inner))
        self.lean = inner

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(LEAN_PREFIX):
            return respond_in_request_transaction(request, lambda: self.lean(request))
        return self.get_response(request)


class ErrorPagesKeptByNoCacheMiddleware:
    """An error page (404, 405, the CSRF check's 403, ...) is kept by no cache: it names
    who is signed in, and under the private routes `morpheus.urls.private`'s header never
    reached it (outside probe FU-1: the view's `never_cache` sees no exception's page, nor
    what a middleware answers). An answer that says how long it may be kept keeps it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code >= 400 and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response


class MethodNotAllowedPageMiddleware:
    """A 405 answered with no body (Django's `require_http_methods`: a page's button URL
    opened as a link) becomes the site's page saying so, for a browser; `Allow` is kept."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code != 405
            or response.content
            or not request.accepts("text/html")
            or request.path.startswith(WITHOUT_DATABASE_SCOPE)  # the page needs the database
        ):
            return response
        with request_rls(request):  # the site's layout shows the cart, the back office's its menu
            page = _back_office_405(request, response) or render(request, "405.html", status=405)
        page["Allow"] = response["Allow"]
        return page


def _back_office_405(request: HttpRequest, response: HttpResponse) -> HttpResponse | None:
    """A staff page's 405, for a member of staff: in the back office, with its navigation,
    leading back to the order the address acts on (outside probe BQ-5: an order's action
    opened by its address showed the shop's header and no way back), saying why the order
    page shows no such button now when the view's 405 says so (its `not_now`: a delivered
    order's cancel). None for anyone else."""
    user = getattr(request, "user", None)
    if not (request.path.startswith("/admin/") and user is not None and user.is_staff):
        return None
    from django.contrib import admin

    match = resolved(request)
    order_id = match.kwargs.get("order_id") if match and match.namespace == "admin" else None
    order_page = reverse("admin:orders_order_change", args=[order_id]) if order_id else ""
    context = {
        **admin.site.each_context(request),
        "title": "Not opened this way",
        "order_page": order_page,
        "not_now": getattr(response, "not_now", ""),
        "a_page": "GET" in response["Allow"],
        "method": request.method,
    }
    return render(request, "backoffice/405.html", context, status=405)


class NulRefusedMiddleware:
    """A NUL character in a page's address (its path or its query string) is a bad
    request (400): no link of ours has one, and PostgreSQL's text cannot hold it, so an
    order number, a list filter or a search reading it would fail with a server error.
    (Forms refuse it in a POST body themselves; the API validates its parameters and
    answers in its own error format.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        in_address = "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", "")
        if in_address and not request.path.startswith(API_PREFIX):
            raise BadRequest("A NUL character in the address.")
        return self.get_response(request)


class DebugFromThisMachineOnlyMiddleware:
    """Debug pages show the URL patterns, tracebacks and settings: under DEBUG a client
    that is not on this machine is refused (403). ALLOWED_HOSTS cannot see to that, since
    the client writes the Host header; the connection's address it cannot choose."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if not settings.DEBUG:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _loopback(request.META.get("REMOTE_ADDR", "")):
            return HttpResponseForbidden(
                "Debug mode answers this machine only.", content_type="text/plain"
            )
        return self.get_response(request)


def _loopback(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    return (mapped or ip).is_loopback
