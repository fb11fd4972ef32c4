"""Email verification links: a signed, expiring (user id, address) pair. Nothing is stored:
the link is made by the job that emails it and checked against the address still waiting."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import signing
from django.urls import reverse
from django.utils.crypto import salted_hmac

from accounts.errors import VerificationLinkInvalid

SALT = "accounts.email-verification"
MAX_AGE = timedelta(days=3)
RESTORE_SALT = "accounts.reset-restores-address"
RESTORES_PARAMETER = "restores"
RESET_STATE_SALT = "accounts.reset-link-state"


class ResetTokenGenerator(PasswordResetTokenGenerator):
    """Django's reset token without the account's last sign-in: a link stops working once
    used (the password changes), when the account's address changes, or after
    PASSWORD_RESET_TIMEOUT, but not when someone signs in. Whoever took an account over
    could otherwise stop its owner's recovery link by signing in now and then."""

    def _make_hash_value(self, user, timestamp: int) -> str:
        email = getattr(user, user.get_email_field_name(), "") or ""
        return f"{user.pk}{user.password}{timestamp}{email}"


reset_tokens = ResetTokenGenerator()


def reset_link_state(user) -> str:
    """What a reset link made now stops working without (the account's password and
    address), as a keyed digest, never the token: equal while a link sent earlier still
    works, its age aside."""
    return salted_hmac(RESET_STATE_SALT, reset_tokens._make_hash_value(user, 0)).hexdigest()


def verification_url(*, user_id: int, email: str) -> str:
    token = signing.dumps({"user": user_id, "email": email.lower()}, salt=SALT, compress=True)
    return settings.SITE_URL + reverse("verify_email", kwargs={"token": token})


def restoring_reset_value(*, user_id: int, replaced_address_id: int) -> str:
    """Signed into the reset link emailed to a replaced address: setting the password through
    that link gives the account that address back."""
    return signing.dumps({"user": user_id, "replaced": replaced_address_id}, salt=RESTORE_SALT)


def restoring_reset_read(value: str, *, user_id: int) -> int | None:
    """The replaced address a reset link for `user_id` restores; None when there is none, it
    is forged, or it was made for another account or longer ago than reset links work."""
    try:
        data = signing.loads(value, salt=RESTORE_SALT, max_age=settings.PASSWORD_RESET_TIMEOUT)
    except signing.BadSignature:
        return None
    return int(data["replaced"]) if data.get("user") == user_id else None


def verification_read(token: str) -> tuple[int, str]:
    """(user id, address) the link was made for; refused when forged or too old."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired as exc:
        raise VerificationLinkInvalid(
            "This confirmation link has expired. Ask for a new one from your account page."
        ) from exc
    except signing.BadSignature as exc:
        raise VerificationLinkInvalid("This confirmation link is not valid.") from exc
    return int(data["user"]), str(data["email"])
