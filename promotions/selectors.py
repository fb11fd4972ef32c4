from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Q, QuerySet, Sum

from promotions.models import CartBundle, DiscountCode, DiscountUse


def code_find(code: str) -> DiscountCode | None:
    return DiscountCode.objects.filter(code=code.strip().upper()).first()


def codes_with_figures() -> QuerySet[DiscountCode]:
    """Codes with their live uses (orders not canceled)."""
    return DiscountCode.objects.annotate(
        live_uses=Count("uses", filter=Q(uses__released_at__isnull=True))
    )


def code_cost_by_currency(*, code: DiscountCode) -> dict[str, int]:
    """What the code's live uses took off, per currency."""
    rows = (
        DiscountUse.objects.filter(discount_code=code, released_at__isnull=True)
        .values("currency")
        .annotate(total=Sum("amount"))
        .order_by("currency")
    )
    return {row["currency"]: row["total"] for row in rows}


def cart_bundle_count(*, customer: AbstractBaseUser) -> int:
    return CartBundle.objects.filter(cart__customer=customer).count()
