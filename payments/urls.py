from django.urls import include, path

from payments import views
from payments.webhooks.ingress import stripe_webhook

urlpatterns = [
    # Before dj-stripe's own: size, signature and envelope are checked before it stores anything.
    path("stripe/webhook/<uuid:uuid>/", stripe_webhook, name="stripe_webhook"),
]

pay_pages = [
    path("", views.pay, name="pay"),
    path("setup-intent/", views.setup_intent, name="setup_intent"),
    path("start/", views.pay_start, name="pay_start"),
    path("authenticate/", views.pay_authenticate, name="pay_authenticate"),
    path("authenticated/", views.pay_authenticated, name="pay_authenticated"),
]

one_order_pages = [
    path("", views.order_detail, name="detail"),
    path("confirmation/", views.order_confirmation, name="confirmation"),
    path("status.json", views.order_status, name="status"),
    path("pay/", include(pay_pages)),
]

# The order's pages this app serves, named in the `orders` namespace with orders.urls.
order_pages = [path("orders/<order_number:number>/", include(one_order_pages))]
