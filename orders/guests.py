"""Guest orders: a visitor who buys with only an email address gets an account of their own
that nobody can sign in to (username `guest:…`, no password), owning that one order, so
every row-level security rule that protects a customer's order protects a guest's.
The order page is reached through a signed, expiring link emailed to that address."""

import string
from collections.abc import Iterable
from contextlib import suppress
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.encoding import punycode

from orders import signals
from orders.models import Order

# Django's username validator refuses ':', so no one can sign up with such a name.
GUEST_PREFIX = "guest:"
# An erased account's name (`accounts.privacy`), a guest's included: it no longer reads as one.
ERASED_PREFIX = "erased:"
LINK_SALT = "orders.guest-order-link"
LINK_MAX_AGE = timedelta(days=30)
# What a guest's emails and pages say of it.
LINK_DAYS = LINK_MAX_AGE.days
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def is_guest(user: AbstractBaseUser) -> bool:
    return user.get_username().startswith(GUEST_PREFIX)


def is_erased(user: AbstractBaseUser) -> bool:
    return user.get_username().startswith(ERASED_PREFIX)


def erasing(user_ids: Iterable[int]) -> set[int]:
    """Those of the accounts whose erasure was asked for and waits for its job."""
    asked = list(user_ids)
    if not asked:
        return set()
    answers = signals.erasure_asked.send(sender=Order, user_ids=asked)
    return set().union(*(answer for _, answer in answers))


def is_erased_or_going(user: AbstractBaseUser) -> bool:
    """Erased, or its erasure asked for and waiting for its job."""
    return is_erased(user) or user.pk in erasing([user.pk])


def same_address(a: str, b: str) -> bool:
    """Whether `a` and `b` reach the same mailbox: the domain as mail is sent to it (IDNA,
    as Django's `sanitize_address` encodes it), and letters A to Z in any case. PostgreSQL's
    `iexact` (`UPPER(a) = UPPER(b)`) is not that: it takes a dotless i in the domain (a
    stranger's `xn--…` domain) for an i, and a long s for an s."""
    return bool(a) and mailbox(a) == mailbox(b)


def mailbox(email: str) -> str:
    """`email` as `same_address` compares it: one spelling per mailbox."""
    local, at, domain = email.rpartition("@")
    with suppress(UnicodeError):  # no mail can be sent to it: it is compared as it is
        domain = punycode(domain)
    return f"{local}{at}{domain}".translate(_ASCII_LOWER)


def guest_accounts_of(*, email: str) -> QuerySet:
    """The guest accounts that bought with `email` (one per checkout), in any case (see
    `same_address`); none for an empty address. The caller's scope decides which it may
    read."""
    if not email:
        return get_user_model().objects.none()
    candidates = get_user_model().objects.filter(
        username__startswith=GUEST_PREFIX, email__iexact=email
    )
    same = [
        pk for pk, theirs in candidates.values_list("pk", "email") if same_address(theirs, email)
    ]
    return get_user_model().objects.filter(pk__in=same)


def guest_order_url(order: Order) -> str:
    token = signing.dumps({"order": order.pk, "guest": order.customer_id}, salt=LINK_SALT)
    return settings.SITE_URL + reverse("guest_order", kwargs={"token": token})


def guest_order_link_read(token: str) -> tuple[int, int] | None:
    """(order id, guest user id) of a valid link; None when forged or older than 30 days."""
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    return int(data["order"]), int(data["guest"])


def guest_order_link_expired(token: str) -> bool:
    """Whether the link is one of ours, only older than LINK_MAX_AGE."""
    try:
        signing.loads(token, salt=LINK_SALT)
    except signing.BadSignature:
        return False
    return guest_order_link_read(token) is None
