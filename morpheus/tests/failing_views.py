"""Views that write and then fail, for the request-transaction tests (test URLs only)."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import include, path

from morpheus.urls import handler500  # noqa: F401  the shop's own 500 page
from morpheus_testing.factories import ComicFactory
from orders.services import cart_add_comic


def _add_to_cart(request: HttpRequest) -> None:
    cart_add_comic(customer=request.user, comic=ComicFactory(slug=request.GET["slug"]))


def write_then_raise(request: HttpRequest) -> HttpResponse:
    _add_to_cart(request)
    raise RuntimeError("the view failed after writing")


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
    path("answer-503/", write_then_answer_503),
    path("answer-200/", write_then_answer_200),
    path("", include("morpheus.urls")),  # the shop's own pages, its error pages' links
]
