"""Reads of API tokens and of what the API shows that no other app's selectors offer."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from api.models import IDEMPOTENCY_KEY_KEPT, ApiToken, IdempotencyKey
from api.tokens import DIGEST_PURPOSE
from catalog.models import Comic
from catalog.selectors import comics_for_sale
from delivery.models import DownloadLink
from morpheus import tokens
from morpheus.db_context import system_scope
from orders.models import Order
from orders.selectors import comics_owned


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


def comics_listed(*, customer: AbstractBaseUser) -> tuple[QuerySet[Comic], set[int]]:
    """The API's comics: those for sale, and those the customer owns whether for sale or not
    (outside probe HX-1: `filter[owned]=true` left out a comic staff took off sale, and its
    owner was told "There is no comic 4." of a comic their library serves), each with
    `for_sale`; and the ids of those the customer owns."""
    owned = comics_owned(customer=customer)
    for_sale = comics_for_sale()
    comics = Comic.objects.filter(Q(pk__in=for_sale.values("pk")) | Q(pk__in=owned))
    return comics.annotate(for_sale=Exists(for_sale.filter(pk=OuterRef("pk")))), owned
