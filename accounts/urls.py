"""Not namespaced: Django's auth views and settings.LOGIN_URL refer to these names bare."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import views

email_pages = [
    path("", views.email_change, name="email_change"),
    path("resend/", views.email_resend, name="email_resend"),
    path("verify/<str:token>/", views.verify_email, name="verify_email"),
]

password_pages = [
    path("reset/", views.password_reset, name="password_reset"),
    path("reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path(
        "reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("change/", views.password_change, name="password_change"),
]

# A guest buys without an account; the link emailed to them shows the order, and signing
# up (or in) with the same address claims their orders.
guest_pages = [
    path("checkout/", views.guest_checkout, name="guest_checkout"),
    path("order/<str:token>/", views.guest_order, name="guest_order"),
    path("claim/", views.guest_orders_claim, name="guest_orders_claim"),
]

urlpatterns = [
    path("email/", include(email_pages)),
    path("password/", include(password_pages)),
    path("guest/", include(guest_pages)),
    path("", views.account, name="account"),
    path("signup/", views.sign_up, name="signup"),
    path("login/", views.sign_in, name="login"),
    path("logout/", views.sign_out, name="logout"),
    path("privacy/export/", views.privacy_export, name="privacy_export"),
    path("privacy/erase/", views.privacy_erase, name="privacy_erase"),
]
