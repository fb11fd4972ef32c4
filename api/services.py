"""Issuing and revoking API tokens."""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from api.models import ApiToken
from api.tokens import DIGEST_PURPOSE, PREFIX, PREFIX_SHOWN
from morpheus import tokens


@dataclass(frozen=True)
class IssuedToken:
    """A new token and its secret, which exists nowhere else: show it once."""

    token: ApiToken
    secret: str


def api_token_issue(*, user: AbstractBaseUser, name: str) -> IssuedToken:
    secret = tokens.new(prefix=PREFIX)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[:PREFIX_SHOWN],
        digest=tokens.digest(secret, purpose=DIGEST_PURPOSE),
    )
    return IssuedToken(token=token, secret=secret)


def api_token_revoke(*, token: ApiToken) -> None:
    """Stops the token now; revoking twice keeps the first time."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db()
