"""Issuing and revoking API tokens."""

import uuid
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from api.models import ApiToken
from api.tokens import DIGEST_PURPOSE, PREFIX, PREFIX_SHOWN
from morpheus import tokens
from morpheus.errors import DomainError


@dataclass(frozen=True)
class IssuedToken:
    """A new token and its secret, which exists nowhere else: show it once."""

    token: ApiToken
    secret: str


class TokenFormAlreadySent(DomainError):
    """The form that asks for a token was sent again: its token exists, and its secret was
    shown once, to the first request."""

    def __init__(self, token: ApiToken):
        super().__init__(
            f"This form was sent before and made the token “{token.name}”; its secret was "
            "shown then, once. If you did not copy it, revoke that token and create another."
        )
        self.token = token


def api_token_issue(
    *, user: AbstractBaseUser, name: str, form_key: uuid.UUID | None = None
) -> IssuedToken:
    """A new token for `user`. With `form_key`, the key of the account page's form, once
    per form: sent again, even at the same moment, it raises `TokenFormAlreadySent`."""
    secret = tokens.new(prefix=PREFIX)
    try:
        with transaction.atomic():
            token = ApiToken.objects.create(
                user=user,
                name=name,
                prefix=secret[:PREFIX_SHOWN],
                digest=tokens.digest(secret, purpose=DIGEST_PURPOSE),
                form_key=form_key,
            )
    except IntegrityError:
        existing = ApiToken.objects.filter(user=user, form_key=form_key).first()
        if form_key is None or existing is None:
            raise
        raise TokenFormAlreadySent(existing) from None
    return IssuedToken(token=token, secret=secret)


def api_token_revoke(*, token: ApiToken) -> None:
    """Stops the token now; revoking twice keeps the first time."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db()
