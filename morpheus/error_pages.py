"""The 400, 403, 404 and 500 pages, as Django's own but for where they lead and how they
look: a staff page's bad request, refusal, missing record or server error shown to a member
of staff is in the back office, with its navigation, and leads back to the staff dashboard,
not to the comics."""

import copy
import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from importlib import import_module

from django.conf import settings
from django.contrib import auth
from django.db import connection
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.template import loader
from django.utils.functional import SimpleLazyObject
from django.views import defaults

from morpheus.middleware import in_request_transaction, request_rls

logger = logging.getLogger(__name__)
# The JSON:API's resources (the `api` app, above this one, which the token pages are not).
API_PREFIX = "/api/v1/"
API_MEDIA_TYPE = "application/vnd.api+json"


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponseBadRequest:
    if request.path.startswith(API_PREFIX):
        detail = "The request could not be read (its host, its headers or its size)."
        return HttpResponseBadRequest(**_api_error("400", "Bad request", detail))
    staff_page = request.path.startswith("/admin/")
    if staff_page:
        page = _back_office_bad_request(request)
        if page is not None:
            return HttpResponseBadRequest(page)
    # Otherwise rendered without the request, as Django does: a request that is bad in
    # itself (its host, its cookies) could raise again while the page reads it. Only its
    # path is read.
    return HttpResponseBadRequest(loader.render_to_string("400.html", {"staff_page": staff_page}))


def _back_office_bad_request(request: HttpRequest) -> str | None:
    """The 400 page in the back office, for a member of staff the request was signed in as
    (found by an outside probe: the shop's layout said "Sign in / Sign up" to them). None
    when nobody is known (the request was refused before signing in ran: a NUL in its
    address) or when reading the request raises again: the page without it is shown then."""
    user = getattr(request, "user", None)
    try:
        if user is None or not user.is_staff:
            return None
        return _back_office_page(request, "backoffice/400.html", title="Bad request")
    except Exception:  # an error page must not fail: the one without the request follows
        logger.warning("The back office's 400 page failed; the plain one is shown.", exc_info=True)
        return None


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        detail = "You may not do this."
        return HttpResponseForbidden(**_api_error("403", "Not allowed", detail))
    if not _staff_page(request):
        return defaults.permission_denied(request, exception)
    page = _back_office_page(
        request, "backoffice/403.html", title="Not allowed", exception=str(exception)
    )
    return HttpResponseForbidden(page)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Found by outside testers: an action posted for an order that does not exist answered
    staff in the shop's layout, its cart and library."""
    if not _staff_page(request):
        return defaults.page_not_found(request, exception)
    return HttpResponseNotFound(
        _back_office_page(request, "backoffice/404.html", title="Not found")
    )


def server_error(request: HttpRequest) -> HttpResponseServerError:
    """With the header of whoever is signed in (found by an outside probe: a signed-in
    customer was shown "Sign in / Sign up" and believed the error had signed them out) and
    the request's id to quote. Inside the request's transaction the page is drawn only
    once that transaction is rolled back (`respond_in_request_transaction`): drawn in it,
    it showed what the failed request wrote and never committed (a comic in the cart's
    badge), or failed in a transaction a database error had aborted."""
    if request.path.startswith(API_PREFIX):
        return _api_server_error(request)
    page = HttpResponseServerError()
    if in_request_transaction(request):
        page.draw_after_rollback = partial(_draw_server_error, page, request)
    else:
        _draw_server_error(page, request)
    return page


def _api_server_error(request: HttpRequest) -> HttpResponseServerError:
    """A JSON:API client's 500 is an error document, as its 4xx are (found by an outside
    probe: the API's clients got the shop's HTML page), with the request's id to quote."""
    detail = (
        "Something went wrong on our side; nothing was changed. Try again in a moment, or "
        "quote the request id to support."
    )
    return HttpResponseServerError(
        **_api_error("500", "Server error", detail, request_id=getattr(request, "request_id", ""))
    )


class LengthRequiredMiddleware:
    """A request body sent in chunks (`Transfer-Encoding`) is refused with 411: Django reads
    a body up to the length it declares, so it read none, and the API called a well-formed
    order document sent so "malformed" (400) whatever its size (outside probe CG); a
    webhook's signature failed on an empty body. With a `Content-Length` beside it too: the
    development server read the chunks' framing as the body (outside probe CJ-4)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.META.get("HTTP_TRANSFER_ENCODING"):
            return _length_required(request)
        return self.get_response(request)


def _length_required(request: HttpRequest) -> HttpResponse:
    detail = "Send the request's body with a Content-Length header, not in chunks."
    if request.path.startswith(API_PREFIX):
        return HttpResponse(status=411, **_api_error("411", "Length required", detail))
    return HttpResponse(detail, status=411, content_type="text/plain; charset=utf-8")


def _api_error(status: str, title: str, detail: str, **meta: str) -> dict[str, str]:
    """A JSON:API error document's response arguments, for an error Django answers before
    (or instead of) the API's views: a bad request (outside probe BH-7: its host, or too
    many fields), a refusal, a server error."""
    error = {"status": status, "title": title, "detail": detail}
    if meta:
        error["meta"] = meta
    return {"content": json.dumps({"errors": [error]}), "content_type": API_MEDIA_TYPE}


def _draw_server_error(page: HttpResponseServerError, request: HttpRequest) -> None:
    """The page as the next request will find things, in a read-only transaction of its
    own. Reading the request may fail again (the database being the failure): the page
    without it follows then, as Django renders it. A staff page's is in the back office for
    staff (found by an outside probe: it was in the shop's layout, its cart and library, and
    led back to the comics)."""
    context = {"request_id": getattr(request, "request_id", "")}
    committed = _as_committed(request)
    try:
        with _read_only(committed):
            if _staff_page(committed):
                page.content = _back_office_page(
                    committed, "backoffice/500.html", title="Something went wrong", **context
                )
            else:
                page.content = loader.render_to_string("500.html", context, committed)
    except Exception:  # an error page must not fail
        logger.warning(
            "The 500 page with the request failed; the plain one follows.", exc_info=True
        )
        staff_page = request.path.startswith("/admin/")
        page.content = loader.render_to_string("500.html", {**context, "staff_page": staff_page})


def _as_committed(request: HttpRequest) -> HttpRequest:
    """The request with its session read again from its cookie (a 5xx saves none of the
    failed request's changes to it), whoever is signed in read again from that, and no
    messages: the failed request's would tell of what it undid, earlier ones wait for the
    next page."""
    committed = copy.copy(request)
    vars(committed).pop("_messages", None)
    if hasattr(request, "session"):
        store = import_module(settings.SESSION_ENGINE).SessionStore
        committed.session = store(request.COOKIES.get(settings.SESSION_COOKIE_NAME))
        committed.user = SimpleLazyObject(lambda: auth.get_user(committed))
    return committed


@contextmanager
def _read_only(request: HttpRequest) -> Iterator[None]:
    """The request's row-level security scope in a transaction that refuses writes. Not
    inside an enclosing transaction (a test's): set in its savepoint, read-only would
    outlive the block."""
    outermost = not connection.in_atomic_block
    with request_rls(request):
        if outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION READ ONLY")
        yield


def _staff_page(request: HttpRequest) -> bool:
    """A staff page asked for by a member of staff signed in."""
    user = getattr(request, "user", None)
    return request.path.startswith("/admin/") and user is not None and user.is_staff


def _back_office_page(request: HttpRequest, template: str, **context: object) -> str:
    from django.contrib import admin

    return loader.render_to_string(
        template, {**admin.site.each_context(request), **context}, request
    )
