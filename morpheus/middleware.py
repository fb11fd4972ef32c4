from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from morpheus.db_context import Scope, rls_scope

ADMIN_PREFIX = "/admin/"
WEBHOOK_PREFIX = "/stripe/"
# Probes and static files read no customer data, and /healthz must answer when the
# database does not.
WITHOUT_DATABASE_SCOPE = ("/healthz", "/metrics", "/static/")


def request_scope(request: HttpRequest) -> tuple[Scope, int | None]:
    """Which rows this request may see: staff in the admin, Stripe's webhooks see all."""
    if request.path.startswith(WEBHOOK_PREFIX):
        return Scope.SYSTEM, None
    user = request.user
    if not user.is_authenticated:
        return Scope.ANONYMOUS, None
    if user.is_staff and request.path.startswith(ADMIN_PREFIX):
        return Scope.STAFF, user.pk
    return Scope.CUSTOMER, user.pk


class RowLevelSecurityMiddleware:
    """Runs each request in one transaction that carries its row-level security context."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(WITHOUT_DATABASE_SCOPE):
            return self.get_response(request)
        scope, user_id = request_scope(request)
        with rls_scope(scope=scope, user_id=user_id):
            return self.get_response(request)
