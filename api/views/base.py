from collections.abc import Mapping

from django.utils.cache import add_never_cache_headers
from rest_framework import status
from rest_framework.exceptions import ParseError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework_json_api.views import ReadOnlyModelViewSet

from api.negotiation import ResourceContentNegotiation, content_type_check
from api.query import NO_QUERY, QuerySpec, query_validate


class JsonApiViewSet(ReadOnlyModelViewSet):
    """What every endpoint checks before it runs: the request's media type and its query
    parameters, as `query_specs` declares them per action."""

    query_specs: Mapping[str, QuerySpec] = {}
    # Operations that take no request body: one sent is refused, not ignored (outside probe
    # EG-5: a cancel sent with a reason, or as text/plain, was done and its body dropped).
    bodiless_actions: frozenset[str] = frozenset()
    content_negotiation_class = ResourceContentNegotiation

    def query_spec(self) -> QuerySpec:
        return self.query_specs.get(self.action, NO_QUERY)

    def initial(self, request: Request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        if getattr(self, request.method.lower(), None) is None:
            return  # the handler answers 405
        if self.action in self.bodiless_actions and _has_body(request):
            raise ParseError("This operation takes no request body: send none.")
        content_type_check(request.content_type, has_body=_has_body(request))
        query_validate(params=request.query_params, spec=self.query_spec())

    def finalize_response(self, request: Request, response, *args, **kwargs):
        """A caller's own answers (their orders, their links) are kept by no cache, as the
        customer's pages are (outside probe FL-3: they carried no Cache-Control); the public
        catalog asked for without credentials stays cacheable."""
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response

    def options(self, request: Request, *args, **kwargs) -> Response:
        """No body: the `Allow` header says what the path supports."""
        return Response(status=status.HTTP_204_NO_CONTENT)


def _has_body(request: Request) -> bool:
    """Whether the request says it sends a body (a Content-Length that is not a number, as
    Django reads it, says none)."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > 0
    except ValueError:
        return False
