from django.urls import path

from orders import views

app_name = "orders"
urlpatterns = [
    path("cart/", views.cart, name="cart"),
    path("cart/add/<int:comic_id>/", views.cart_add, name="cart_add"),
    path("cart/remove/<int:comic_id>/", views.cart_remove, name="cart_remove"),
    path("checkout/", views.checkout, name="checkout"),
    path("orders/", views.order_list, name="list"),
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
