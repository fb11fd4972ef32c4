"""The cart's preview of a code: what it would take off, written nowhere."""

from dataclasses import dataclass

from django.utils import timezone

from catalog.models import Comic
from promotions.errors import PromotionError
from promotions.pricing import Line, discount_shares
from promotions.selectors import code_find


@dataclass(frozen=True)
class CartDiscount:
    code: str
    amount: int = 0
    basket: int = 0
    problem: str = ""  # why the code does not apply, for the customer

    @property
    def to_pay(self) -> int:
        return self.basket - self.amount


def cart_discount(*, code: str, comics: list[Comic], currency: str) -> CartDiscount | None:
    if not code:
        return None
    found = code_find(code)
    if found is None:
        return CartDiscount(code, problem="No such code.")
    lines = [Line(comic.pk, comic.pk, comic.price_amount) for comic in comics]
    try:
        shares = discount_shares(code=found, lines=lines, currency=currency, now=timezone.now())
    except PromotionError as exc:
        return CartDiscount(found.code, problem=str(exc))
    basket = sum(line.amount for line in lines)
    return CartDiscount(found.code, amount=sum(shares.values()), basket=basket)
