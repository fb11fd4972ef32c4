"""morpheus.urls plus the API, until morpheus/urls.py includes it."""

from django.urls import include, path

from morpheus.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("api/", include("api.urls")), *site_urlpatterns]
