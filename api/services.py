"""Issuing and revoking API tokens; placing an order once per idempotency key."""

import hashlib
import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from api.models import IDEMPOTENCY_KEY_KEPT, ApiToken, IdempotencyKey
from api.tokens import DIGEST_PURPOSE, PREFIX, PREFIX_SHOWN, name_refusal
from morpheus import tokens
from morpheus.errors import DomainError
from orders.models import Order

# How long a key replays its order; an older one is a new key.


@dataclass(frozen=True)
class IssuedToken:
    """A new token and its secret, which exists nowhere else: show it once."""

    token: ApiToken
    secret: str


class TokenNameRefused(DomainError):
    pass


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
    per form: sent again, even at the same moment, it raises `TokenFormAlreadySent`. A
    name that would read otherwise than typed raises `TokenNameRefused`, whichever way the
    token is asked for (outside probe GP-2: the back office and the command took one)."""
    if refusal := name_refusal(name):
        raise TokenNameRefused(refusal)
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


class IdempotencyKeyReused(DomainError):
    def __init__(self) -> None:
        super().__init__(
            "This Idempotency-Key was sent before with another document: "
            "use a new key for a new order."
        )


@dataclass(frozen=True)
class PlacedOrder:
    """An order a request placed, or the one its idempotency key placed before."""

    order: Order
    replayed: bool


def order_place_once(
    *,
    customer: AbstractBaseUser,
    key: str,
    document: Mapping[str, Any],
    place: Callable[[], Order],
) -> PlacedOrder:
    """The order `place()` makes, recorded under the customer's `key`; the same key and
    document again get that order back (for IDEMPOTENCY_KEY_KEPT), another document raises
    `IdempotencyKeyReused`. The key is claimed before placing: a request sending it at the
    same moment waits on the unique index until this transaction ends, then sees the order.
    If placing fails, the claim is rolled back with it and the key stays free."""
    digest = hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()
    with transaction.atomic():
        IdempotencyKey.objects.filter(
            user=customer, key=key, created_at__lt=timezone.now() - IDEMPOTENCY_KEY_KEPT
        ).delete()
        try:
            with transaction.atomic():
                claim = IdempotencyKey.objects.create(user=customer, key=key, request_digest=digest)
        except IntegrityError:
            recorded = (
                IdempotencyKey.objects.select_related("order")
                .filter(user=customer, key=key)
                .first()
            )
            if recorded is None:
                raise
            if recorded.request_digest != digest:
                raise IdempotencyKeyReused() from None
            return PlacedOrder(order=recorded.order, replayed=True)
        claim.order = place()
        claim.save(update_fields=["order"])
    return PlacedOrder(order=claim.order, replayed=False)
