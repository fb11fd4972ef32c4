from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser

from morpheus.db_context import system_scope
from notifications.models import EmailAddress
from orders.guests import GUEST_PREFIX
from orders.models import Order


@dataclass(frozen=True)
class AddressState:
    email: str
    verified: bool
    waiting: tuple[str, ...]  # addresses sent a confirmation link, not yet confirmed


def account_address_state(*, user: AbstractBaseUser) -> AddressState:
    addresses = list(EmailAddress.objects.filter(user=user).order_by("created_at"))
    current = user.email.lower()
    return AddressState(
        email=user.email,
        verified=any(a.verified_at and a.email.lower() == current for a in addresses),
        waiting=tuple(a.email for a in addresses if a.verified_at is None),
    )


def guest_orders_waiting(*, email: str) -> int:
    """How many orders were bought as a guest with `email` and have not joined an account
    (read as the system: they belong to guest accounts; only the confirmed owner of the
    address is told)."""
    with system_scope():
        return Order.objects.filter(
            customer__username__startswith=GUEST_PREFIX, customer__email__iexact=email
        ).count()
