from datetime import timedelta

from django.utils import timezone

from morpheus.db_context import system_scope
from promotions.models import DiscountCode, DiscountCodeCurrency


def make_code(code="SAVE", *, currencies=(), comics=(), bundles=(), **fields) -> DiscountCode:
    """A code valid since yesterday; `currencies`: (currency, amount_off, min_basket)."""
    fields.setdefault("starts_at", timezone.now() - timedelta(days=1))
    with system_scope():
        discount = DiscountCode.objects.create(code=code, **fields)
        for currency, amount_off, min_basket in currencies:
            DiscountCodeCurrency.objects.create(
                discount_code=discount,
                currency=currency,
                amount_off=amount_off,
                min_basket_amount=min_basket,
            )
        discount.comics.set(comics)
        discount.bundles.set(bundles)
    return discount
