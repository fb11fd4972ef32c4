from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.views import exception_handler

from api.exceptions import id_shown


class SchemaView(SpectacularAPIView):
    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_exception_handler(self):
        return _schema_refusal


def _schema_refusal(exc: Exception, context: dict) -> JsonResponse | None:
    """The schema is served as OpenAPI (JSON or YAML), not as a JSON:API document: a
    request for it in another form (`Accept`, `?format=`) is refused with the API's error
    document, not in a form the client did not ask for."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data.get("detail", "")
    error = {
        "status": str(response.status_code),
        "code": getattr(detail, "code", ""),
        "detail": detail,
    }
    return _error_document(error, status=response.status_code)


def _error_document(error: dict[str, str], *, status: int) -> JsonResponse:
    return JsonResponse({"errors": [error]}, status=status, content_type="application/vnd.api+json")


# A resource's path with an id no resource can have (too long, not digits): as a missing
# one is answered (outside probe GE-2: "Not found.").
RESOURCE_KINDS = {"comics": "comic", "orders": "order"}


@csrf_exempt  # it changes nothing, and an unsafe method must get this 404 too, not a 403
def not_found(request: HttpRequest, kind: str = "", identifier: str = "") -> JsonResponse:
    """Paths under the API that match no endpoint (such as `/orders/0.5`) still answer
    with a JSON:API error document."""
    detail = f"There is no {RESOURCE_KINDS[kind]} {id_shown(identifier)}." if kind else "Not found."
    return _error_document({"status": "404", "code": "not_found", "detail": detail}, status=404)


@csrf_exempt  # as `not_found`: any method gets this 404, not the CSRF check's 403 page
def closing_slash(request: HttpRequest) -> JsonResponse:
    """No API path ends with a slash (outside probe HD-4: `/orders/25/` was told "There is
    no order 25." of an order that exists): the error says so, naming the address without
    it when that is one of the API's (outside probe HE-6: `/v1/nothing` was offered)."""
    bare = request.path.rstrip("/")
    detail = "Not found: the API's addresses end without a slash"
    if _an_endpoint(bare):
        query = request.META.get("QUERY_STRING", "")
        detail += f" ({bare}{'?' if query else ''}{query})"
    return _error_document(
        {"status": "404", "code": "not_found", "detail": f"{detail}."}, status=404
    )


def _an_endpoint(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.func not in {not_found, closing_slash}


@require_safe
def api_docs(request: HttpRequest) -> HttpResponse:
    """Swagger UI on the live schema, from our own static files."""
    return render(request, "api/docs.html")
