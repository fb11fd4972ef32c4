from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser

from notifications.models import EmailAddress


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
