from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView


class SchemaView(SpectacularAPIView):
    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


@csrf_exempt  # it changes nothing, and an unsafe method must get this 404 too, not a 403
def not_found(request: HttpRequest) -> JsonResponse:
    """Paths under the API that match no endpoint (such as `/orders/0.5`) still answer
    with a JSON:API error document."""
    return JsonResponse(
        {"errors": [{"status": "404", "detail": "Not found."}]},
        status=404,
        content_type="application/vnd.api+json",
    )


@require_safe
def api_docs(request: HttpRequest) -> HttpResponse:
    """Swagger UI on the live schema, from our own static files."""
    return render(request, "api/docs.html")
