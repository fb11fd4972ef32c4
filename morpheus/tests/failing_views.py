"""Views that write and then fail, for the request-transaction tests (test URLs only)."""

from django.contrib import messages
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import include, path

from morpheus.urls import handler500  # noqa: F401  the shop's own 500 page
from morpheus_testing.factories import ComicFactory
from orders import session_cart
from orders.services import cart_add_comic


def _add_to_cart(request: HttpRequest) -> None:
    comic = ComicFactory(slug=request.GET["slug"])
    if request.user.is_authenticated:
        cart_add_comic(customer=request.user, comic=comic)
    else:
        session_cart.add(request.session, comic.pk)


def write_then_raise(request: HttpRequest) -> HttpResponse:
    _add_to_cart(request)
    raise RuntimeError("the view failed after writing")


def change_the_visitor_then_raise(request: HttpRequest) -> HttpResponse:
    """Adds to the cart, renames the customer and says so, then fails."""
    _add_to_cart(request)
    if request.user.is_authenticated:
        request.user.username = "renamed-by-the-failed-request"
        request.user.save(update_fields=["username"])
    messages.success(request, "Added to your cart.")
    raise RuntimeError("the view failed after changing the visitor")


def fail_a_statement(request: HttpRequest) -> HttpResponse:
    """A statement fails, aborting the request's transaction, and its error is raised."""
    _add_to_cart(request)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 / 0")
    return HttpResponse("not reached")


def staff_write_then_fail_a_statement(request: HttpRequest) -> HttpResponse:
    """A staff page's statement fails after a write, aborting the request's transaction."""
    ComicFactory(slug=request.GET["slug"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 / 0")
    return HttpResponse("not reached")


def write_then_answer_503(request: HttpRequest) -> HttpResponse:
    _add_to_cart(request)
    return HttpResponse("try later", status=503)


def write_then_answer_200(request: HttpRequest) -> HttpResponse:
    _add_to_cart(request)
    return HttpResponse("done")


def webhook_write_then_raise(request: HttpRequest) -> HttpResponse:
    ComicFactory(slug=request.GET["slug"])
    raise RuntimeError("the webhook failed after writing")


def webhook_what_it_was_given(request: HttpRequest) -> HttpResponse:
    return JsonResponse({name: hasattr(request, name) for name in ("session", "user")})


urlpatterns = [
    path("stripe/webhook/raise/", webhook_write_then_raise),
    path("stripe/webhook/given/", webhook_what_it_was_given),
    path("raise/", write_then_raise),
    path("change-the-visitor-then-raise/", change_the_visitor_then_raise),
    path("fail-a-statement/", fail_a_statement),
    path("admin/fail-a-statement/", staff_write_then_fail_a_statement),
    path("answer-503/", write_then_answer_503),
    path("answer-200/", write_then_answer_200),
    path("", include("morpheus.urls")),  # the shop's own pages, its error pages' links
]
