from django.contrib import admin
from django.urls import include, path

from morpheus.health import healthz
from morpheus.metrics import metrics_view

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("metrics", metrics_view, name="metrics"),
    path("admin/", admin.site.urls),
    path("stripe/", include("djstripe.urls", namespace="djstripe")),
    path("downloads/", include("delivery.urls")),
    path("accounts/", include("accounts.urls")),
    path("api/", include("api.urls")),
    path("", include("orders.urls")),
    path("", include("catalog.urls")),
]
