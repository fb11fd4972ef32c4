from datetime import timedelta

from django.utils import timezone

from morpheus_testing.factories import (
    ComicFactory,
    UserFactory,
    as_system,
    create_order,
    order_move,
)
from orders.models import Order
from orders.transitions import OrderStatus
from promotions.bundles import bundle_order_create
from promotions.models import Bundle, DiscountCode, DiscountCodeCurrency
from promotions.services import discount_apply


def make_code(code="SAVE", *, currencies=(), comics=(), bundles=(), **fields) -> DiscountCode:
    """A code valid since yesterday; `currencies`: (currency, amount_off, min_basket)."""
    fields.setdefault("starts_at", timezone.now() - timedelta(days=1))
    with as_system():
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


def free_completion(*, refunded: bool, customer=None) -> Order:
    """A customer (a new one unless given) owns Neon Tide and orders the rest of the trilogy
    at its completion price, which a 100 % code makes free; then, when `refunded`, Neon
    Tide's order is refunded."""
    neon = ComicFactory(title="Neon Tide", price_amount=499)
    others = [ComicFactory(price_amount=499), ComicFactory(price_amount=399)]
    make_code("GIFT", percent_off=100)
    with as_system():
        trilogy = Bundle.objects.create(title="Trilogy", slug="trilogy", price_amount=1299)
        trilogy.comics.set([neon, *others])
    customer = customer or UserFactory()
    bought = create_order(customer=customer, comics=[neon], status=OrderStatus.FULFILLED)
    with as_system():
        completion = bundle_order_create(bundle=trilogy, customer=customer, actor="t")
        completion = discount_apply(order=completion, code="GIFT", customer=customer, actor="t")
    assert completion.total_amount == 0
    if refunded:
        order_move(bought, to=OrderStatus.REFUNDED)
    return completion
