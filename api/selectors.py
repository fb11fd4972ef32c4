"""Reads of API tokens and of what the API shows that no other app's selectors offer."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.utils import timezone

from api.models import IDEMPOTENCY_KEY_KEPT, ApiToken, IdempotencyKey
from api.tokens import DIGEST_PURPOSE
from delivery.models import DownloadLink
from morpheus import tokens
from morpheus.db_context import system_scope
from orders.models import Order


def api_tokens_for(*, user: AbstractBaseUser) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def api_token_owner(*, secret: str) -> ApiToken | None:
    """The active token with this secret, with its user.

    Nobody is known yet when a request presents a token, so its row-level security scope
    shows no token: the lookup by digest is the one read made as the system.
    """
    with system_scope():
        return (
            ApiToken.objects.select_related("user")
            .filter(
                digest=tokens.digest(secret, purpose=DIGEST_PURPOSE),
                revoked_at__isnull=True,
                user__is_active=True,
            )
            .first()
        )


def download_links_current(*, order: Order) -> QuerySet[DownloadLink]:
    """The order's unrevoked links, as `delivery.selectors.download_links_active` sees them,
    but as rows: a JSON:API resource needs the link's id."""
    return DownloadLink.objects.filter(order=order, revoked_at__isnull=True).select_related(
        "order_item", "asset"
    )


def idempotency_key_answered(*, user: AbstractBaseUser, key: str) -> bool:
    """Whether the user's `key` already answers an order: a request sending it again is
    a replay, not a new order."""
    return IdempotencyKey.objects.filter(
        user=user,
        key=key,
        order__isnull=False,
        created_at__gte=timezone.now() - IDEMPOTENCY_KEY_KEPT,
    ).exists()
