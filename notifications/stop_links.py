"""The link in each file-update email that stops those emails, for whoever reads the
mailbox: signed with the account it was sent for (Django's `signing`), so it needs no
sign-in (a guest has no password) and names no other account. It does not expire: an
email read months later still stops what it is about."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

_SALT = "notifications.file-updates-stop"


def file_updates_stop_url(*, user_id: int) -> str:
    token = signing.dumps(user_id, salt=_SALT, compress=True)
    return settings.SITE_URL + reverse("notifications:file_updates_stop", args=[token])


def stop_link_user_id(token: str) -> int | None:
    """The account a stop link was sent for; None when the link was altered."""
    try:
        user_id = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    return user_id if isinstance(user_id, int) else None
