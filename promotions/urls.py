from django.urls import path

from promotions import views

app_name = "promotions"
urlpatterns = [
    path("cart/code/", views.cart_code, name="cart_code"),
    path("cart/checkout/", views.checkout, name="checkout"),
    path(
        "cart/bundles/<int:bundle_id>/remove/", views.cart_bundle_remove, name="cart_bundle_remove"
    ),
    path("bundles/<slug:slug>/", views.bundle_detail, name="bundle"),
    path("bundles/<slug:slug>/buy/", views.bundle_buy, name="bundle_buy"),
    path("bundles/<slug:slug>/cart/", views.cart_bundle_add, name="cart_bundle_add"),
]

# The cart page, named in the `orders` namespace with orders.urls: it lists the cart's
# bundles with its comics; and an order's way back to it.
order_pages = [
    path("cart/", views.cart, name="cart"),
    path(
        "orders/<order_number:number>/check-out-again/",
        views.checkout_again,
        name="checkout_again",
    ),
]
