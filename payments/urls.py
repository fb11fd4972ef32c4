from django.urls import path

from payments import views
from payments.webhooks.ingress import stripe_webhook

urlpatterns = [
    # Before dj-stripe's own: size, signature and envelope are checked before it stores anything.
    path("stripe/webhook/<uuid:uuid>/", stripe_webhook, name="stripe_webhook"),
]

# The order's pages this app serves, named in the `orders` namespace with orders.urls.
order_pages = [
    path("orders/<str:number>/", views.order_detail, name="detail"),
    path("orders/<str:number>/confirmation/", views.order_confirmation, name="confirmation"),
    path("orders/<str:number>/status.json", views.order_status, name="status"),
    path("orders/<str:number>/pay/", views.pay, name="pay"),
    path("orders/<str:number>/pay/setup-intent/", views.setup_intent, name="setup_intent"),
    path("orders/<str:number>/pay/start/", views.pay_start, name="pay_start"),
    path(
        "orders/<str:number>/pay/authenticated/",
        views.pay_authenticated,
        name="pay_authenticated",
    ),
]
