"""The link in each file-update email that stops those emails, for whoever reads the
mailbox: signed with the account it was sent for (Django's `signing`), so it needs no
sign-in (a guest has no password) and names no other account. It does not expire: an
email read months later still stops what it is about."""

from typing import NamedTuple

from django.conf import settings
from django.core import signing
from django.urls import reverse

from morpheus import tokens

_SALT = "notifications.file-updates-stop"


class StopLink(NamedTuple):
    user_id: int
    # A digest of the address the email went to; None for a link sent before it was kept.
    address: str | None


def file_updates_stop_url(*, user_id: int, address: str) -> str:
    token = signing.dumps([user_id, _address_digest(address)], salt=_SALT, compress=True)
    return settings.SITE_URL + reverse("notifications:file_updates_stop", args=[token])


def stop_link_read(token: str) -> StopLink | None:
    """The account a stop link was sent for, and to which address; None when the link was
    altered."""
    try:
        sent = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    if isinstance(sent, int):
        return StopLink(sent, None)
    if isinstance(sent, list) and len(sent) == 2 and isinstance(sent[0], int):
        return StopLink(sent[0], str(sent[1]))
    return None


def sent_to(link: StopLink, address: str) -> bool:
    """Whether the link came to `address` (a link from before addresses were kept did)."""
    return link.address is None or link.address == _address_digest(address)


def _address_digest(address: str) -> str:
    return tokens.digest(address.strip().casefold(), purpose=_SALT)[:32]
