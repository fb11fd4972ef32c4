"""The customer's account pages: signing in, out and up, passwords, the address, guest
checkouts and personal data."""

from accounts.views.addresses import account, email_change, email_resend, verify_email
from accounts.views.guests import csrf_failure, guest_checkout, guest_order, guest_orders_claim
from accounts.views.passwords import password_change, password_reset, password_reset_confirm
from accounts.views.personal_data import privacy_erase, privacy_export
from accounts.views.signing import sign_in, sign_out, sign_up

__all__ = [
    "account",
    "csrf_failure",
    "email_change",
    "email_resend",
    "guest_checkout",
    "guest_order",
    "guest_orders_claim",
    "password_change",
    "password_reset",
    "password_reset_confirm",
    "privacy_erase",
    "privacy_export",
    "sign_in",
    "sign_out",
    "sign_up",
    "verify_email",
]
