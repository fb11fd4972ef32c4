"""Not namespaced: Django's auth views and settings.LOGIN_URL refer to these names bare."""

from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

urlpatterns = [
    path("", views.account, name="account"),
    path("signup/", views.sign_up, name="signup"),
    path("login/", views.sign_in, name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/reset/", views.password_reset, name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("password/change/", views.password_change, name="password_change"),
    path("email/", views.email_change, name="email_change"),
    path("email/resend/", views.email_resend, name="email_resend"),
    path("email/verify/<str:token>/", views.verify_email, name="verify_email"),
    path("privacy/export/", views.privacy_export, name="privacy_export"),
    path("privacy/erase/", views.privacy_erase, name="privacy_erase"),
    path("guest/checkout/", views.guest_checkout, name="guest_checkout"),
    path("guest/order/<str:token>/", views.guest_order, name="guest_order"),
    path("guest/claim/", views.guest_orders_claim, name="guest_orders_claim"),
]
