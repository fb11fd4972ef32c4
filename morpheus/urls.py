from django.contrib import admin
from django.urls import include, path

from morpheus.health import healthz
from morpheus.metrics import metrics_view
from payments.webhooks.views import WebhookView

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("metrics", metrics_view, name="metrics"),
    path("admin/", admin.site.urls),
    # dj-stripe's webhook URL, answered by its view behind our envelope check.
    path("stripe/webhook/<uuid:uuid>/", WebhookView.as_view(), name="stripe_webhook"),
    path("stripe/", include("djstripe.urls", namespace="djstripe")),
    path("downloads/", include("delivery.urls")),
    path("accounts/", include("accounts.urls")),
    path("api/", include("api.urls")),
    path("", include("orders.urls")),
    path("", include("catalog.urls")),
]
