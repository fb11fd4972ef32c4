from django.contrib import admin
from django.templatetags.static import static
from django.urls import URLPattern, URLResolver, include, path
from django.views.decorators.cache import never_cache
from django.views.generic import RedirectView

# The one module of the project package that imports apps (an explicit exception in the
# layers contract): the customer's cart and order pages, served by orders, promotions,
# payments and invoicing, share the `orders` URL namespace.
from invoicing.urls import order_pages as order_documents
from morpheus.health import healthz
from morpheus.metrics import metrics_view
from orders.urls import urlpatterns as order_pages
from payments.urls import order_pages as order_payment_pages
from promotions.urls import order_pages as cart_page


def private(route: URLPattern | URLResolver) -> URLPattern | URLResolver:
    """The route with every page under it sent `Cache-Control: private, no-store` (Django's
    `never_cache`): the customer's own pages and documents (orders, invoices, the library,
    the account) are kept by no browser's disk cache nor any cache between, so none
    outlasts a sign-out on a shared computer."""
    if isinstance(route, URLPattern):
        return URLPattern(
            route.pattern, never_cache(route.callback), route.default_args, route.name
        )
    return URLResolver(
        route.pattern,
        [private(inner) for inner in route.url_patterns],
        route.default_kwargs,
        route.app_name,
        route.namespace,
    )


handler400 = "morpheus.error_pages.bad_request"
handler403 = "morpheus.error_pages.permission_denied"
handler404 = "morpheus.error_pages.page_not_found"
handler500 = "morpheus.error_pages.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico wherever a page names no icon (JSON, files, the admin).
    path("favicon.ico", RedirectView.as_view(url=static("img/favicon.svg"), permanent=True)),
    path("metrics", metrics_view, name="metrics"),
    path("admin/", admin.site.urls),
    # Stripe's webhook (payments.urls) comes before dj-stripe's own.
    path("", include("payments.urls")),
    path("stripe/", include("djstripe.urls", namespace="djstripe")),
    private(path("downloads/", include("delivery.urls"))),
    private(path("accounts/", include("accounts.urls"))),
    private(path("account/", include("notifications.urls"))),
    path("api/", include("api.urls")),
    private(
        path(
            "", include((order_pages + cart_page + order_payment_pages + order_documents, "orders"))
        )
    ),
    path("", include("promotions.urls")),
    path("", include("catalog.urls")),
]
