from django.urls import path

from orders import views

urlpatterns = [
    path("cart/add/<int:comic_id>/", views.cart_add, name="cart_add"),
    path("cart/remove/<int:comic_id>/", views.cart_remove, name="cart_remove"),
    path("orders/", views.order_list, name="list"),
    path("orders/<order_number:number>/free/", views.complete_free, name="complete_free"),
    path("orders/<order_number:number>/cancel/", views.cancel, name="cancel"),
]
