from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from api.views import account, docs
from api.views.catalog import ComicViewSet
from api.views.orders import OrderViewSet

app_name = "api"

router = SimpleRouter(trailing_slash=False)
router.register("v1/comics", ComicViewSet, basename="comic")
router.register("v1/orders", OrderViewSet, basename="order")

urlpatterns = [
    *router.urls,
    path("schema/", docs.SchemaView.as_view(), name="schema"),
    path("docs/", docs.api_docs, name="docs"),
    path("account/tokens/", account.token_list, name="tokens"),
    path("account/tokens/<int:pk>/revoke/", account.token_revoke, name="token_revoke"),
    re_path(r"^v1/.*/$", docs.closing_slash),
    re_path(r"^v1/(?P<kind>comics|orders)/(?P<identifier>[^/]+)$", docs.not_found),
    re_path(r"^v1/", docs.not_found),
]
