from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def api_docs(request: HttpRequest) -> HttpResponse:
    """Swagger UI on the live schema, from our own static files."""
    return render(request, "api/docs.html")
