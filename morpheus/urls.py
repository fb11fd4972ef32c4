from django.contrib import admin
from django.urls import include, path

from morpheus.health import healthz
from morpheus.metrics import metrics_view
from payments.webhooks.ingress import stripe_webhook

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("metrics", metrics_view, name="metrics"),
    path("admin/", admin.site.urls),
    # Ours first: size, signature and envelope are checked before dj-stripe stores anything.
    path("stripe/webhook/<uuid:uuid>/", stripe_webhook, name="stripe_webhook"),
    path("stripe/", include("djstripe.urls", namespace="djstripe")),
    path("downloads/", include("delivery.urls")),
    path("accounts/", include("accounts.urls")),
    path("api/", include("api.urls")),
    path("", include("orders.urls")),
    path("", include("catalog.urls")),
]
