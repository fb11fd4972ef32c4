"""What the cart holds once bundles are in it, and its preview of a code: written nowhere.
A comic that is also in a bundle of the cart is bought as part of the bundle. A bundle the
cart cannot sell (`BundleOffer.refusal`) is listed, saying why, but left out of its total,
its code's preview and its VAT, as its checkout refuses it."""

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from catalog.models import Comic
from orders.models import Order
from promotions.bundles import BundleOffer, bundle_offer
from promotions.errors import PromotionError
from promotions.models import Bundle, BundleItem, CartBundle, DiscountUse
from promotions.pricing import (
    Line,
    charge_check,
    charged,
    discount_shares,
    total_uses_check,
    uses_check,
)
from promotions.selectors import code_find


@dataclass(frozen=True)
class CartContents:
    singles: tuple[Comic, ...]  # comics bought on their own
    offers: tuple[BundleOffer, ...]  # bundles, each with the shares of its comics still to buy

    @property
    def is_empty(self) -> bool:
        return not (self.singles or self.offers)

    @property
    def for_sale(self) -> tuple[BundleOffer, ...]:
        """The bundles the cart can sell: none refused, no two sharing a comic."""
        return tuple(offer for offer in self.offers if not offer.refusal)

    @property
    def refused(self) -> tuple[BundleOffer, ...]:
        return tuple(offer for offer in self.offers if offer.refusal)

    @property
    def lines(self) -> list[Line]:
        """One line per comic to buy, keyed by the comic's id (no comic is bought twice)."""
        return [Line(comic.pk, comic.pk, comic.price_amount) for comic in self.singles] + [
            Line(comic_id, comic_id, share, offer.bundle.pk)
            for offer in self.for_sale
            for comic_id, share in offer.shares.items()
        ]

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def currency(self) -> str:
        """The one currency of what the cart sells (of what it lists when it sells nothing);
        empty when they differ."""
        sold = [comic.currency for comic in self.singles] + [
            offer.bundle.currency for offer in self.for_sale
        ]
        currencies = set(sold or [offer.bundle.currency for offer in self.offers])
        return currencies.pop() if len(currencies) == 1 else ""

    def digest(self, code: str) -> str:
        """What the cart page lists (its comics and bundles, each with its currency, a
        bundle with the comics it sells: outside probe FJ-1) and
        the code it takes, in a word its checkout forms carry back: a checkout refuses a
        cart changed since. Not their prices: an order placed for more than the total shown
        says so instead, which only a total in the currency shown can tell."""
        return _digest(
            comics=[(comic.pk, comic.currency) for comic in self.singles],
            bundles=[
                (offer.bundle.pk, offer.bundle.currency, offer.contents) for offer in self.offers
            ],
            code=code,
        )


def _digest(
    *, comics: Iterable[tuple[int, str]], bundles: Iterable[tuple[int, str, str]], code: str
) -> str:
    listed = sorted(f"comic:{pk}:{currency}" for pk, currency in comics) + sorted(
        f"bundle:{pk}:{currency}:{contents}" for pk, currency, contents in bundles
    )
    return hashlib.sha256("\n".join([*listed, f"code:{code}"]).encode()).hexdigest()


def cart_digest_empty(*, code: str) -> str:
    """The digest of a cart page that listed nothing, with `code`."""
    return _digest(comics=[], bundles=[], code=code)


def order_placed_from(*, order: Order, shown: str) -> bool:
    """Whether `order` holds what a cart page whose digest is `shown` listed (its comics, its
    bundles with theirs), with the code it used or with none: a checkout sent again from
    that page is the one that placed it. One from a page that listed anything else is not
    (outside probe FJ-5: a cart whose comic staff deleted, checked out within a minute of
    another order, was sent to that order as "placed")."""
    bundled: dict[int, list[int]] = {}
    for row in BundleItem.objects.filter(order_item__order=order).select_related("order_item"):
        bundled.setdefault(row.bundle_id, []).append(row.order_item.comic_id)
    in_bundles = {comic_id for comic_ids in bundled.values() for comic_id in comic_ids}
    comics = [
        (comic_id, order.currency)
        for comic_id in order.items.values_list("comic_id", flat=True)
        if comic_id not in in_bundles
    ]
    bundles = [
        (bundle_id, order.currency, ",".join(str(pk) for pk in sorted(comic_ids)))
        for bundle_id, comic_ids in bundled.items()
    ]
    used = DiscountUse.objects.filter(order=order).values_list("discount_code__code", flat=True)
    return any(_digest(comics=comics, bundles=bundles, code=code) == shown for code in {"", *used})


def bundles_in_cart(*, customer: AbstractBaseUser | None) -> list[Bundle]:
    if customer is None or not customer.is_authenticated:
        return []
    return [
        row.bundle
        for row in CartBundle.objects.filter(cart__customer=customer)
        .select_related("bundle")
        .prefetch_related("bundle__comics")
    ]


def cart_contents(
    *, customer: AbstractBaseUser | None, comics: list[Comic], bundles: list[Bundle]
) -> CartContents:
    """`bundles` in the order they were added: of two sharing a comic still to buy, the one
    added later is refused (`BundleOffer.clash`). A comic of the cart is bought with a
    bundle the cart sells that holds it, else on its own."""
    offers = []
    sold_in: dict[int, str] = {}  # comic id -> the title of the bundle selling it
    for bundle in bundles:
        offer = bundle_offer(bundle=bundle, customer=customer)
        if not offer.refusal:
            shared = [
                comic
                for comic in sorted(bundle.comics.all(), key=lambda comic: comic.pk)
                if comic.pk in offer.shares and comic.pk in sold_in
            ]
            if shared:
                offer = replace(offer, clash=_clash_words(bundle, shared, sold_in))
            else:
                sold_in.update(dict.fromkeys(offer.shares, bundle.title))
        offers.append(offer)
    in_bundles = {
        comic.pk for offer in offers if not offer.refusal for comic in offer.bundle.comics.all()
    }
    singles = tuple(comic for comic in comics if comic.pk not in in_bundles)
    return CartContents(singles=singles, offers=tuple(offers))


def _clash_words(bundle: Bundle, shared: list[Comic], sold_in: Mapping[int, str]) -> str:
    titles = " and ".join(comic.title for comic in shared)
    others = " and ".join(dict.fromkeys(sold_in[comic.pk] for comic in shared))
    return (
        f"{bundle.title} shares {titles} with {others}, also in your cart, and no comic is "
        "sold twice: buy them one at a time."
    )


@dataclass(frozen=True)
class CartDiscount:
    code: str
    amount: int = 0
    basket: int = 0
    problem: str = ""  # why the code does not apply, for the customer
    shares: Mapping[int, int] = field(default_factory=dict)  # line key -> what it takes off

    @property
    def to_pay(self) -> int:
        return self.basket - self.amount


def cart_discount(
    *,
    code: str,
    contents: CartContents,
    customer: AbstractBaseUser | None = None,
    vat_on_top: Callable[[int], int] | None = None,
) -> CartDiscount | None:
    """What the code would take off, and whether a use is left (for a visitor, for anyone:
    outside probe CZ-1 saw a used-up code taken off a visitor's cart). With
    net prices `vat_on_top` gives a line's VAT: a card must be able to pay what is left
    with it."""
    if not code:
        return None
    found = code_find(code)
    if found is None:
        return CartDiscount(code, problem="No such code.")
    if not contents.currency:
        return CartDiscount(
            found.code,
            problem=f"Code {found.code} cannot be used on comics priced in different "
            "currencies: buy them separately.",
        )
    lines = contents.lines
    try:
        shares = discount_shares(
            code=found, lines=lines, currency=contents.currency, now=timezone.now()
        )
        to_pay = charged(lines=lines, shares=shares, vat_on_top=vat_on_top)
        charge_check(code=found, to_pay=to_pay, currency=contents.currency)
        if customer is not None and customer.is_authenticated:
            uses_check(code=found, customer=customer)
        else:  # a visitor: no uses of theirs to count, but none left for anyone shows
            total_uses_check(code=found)
    except PromotionError as exc:
        return CartDiscount(found.code, problem=str(exc))
    return CartDiscount(
        found.code, amount=sum(shares.values()), basket=contents.total, shares=shares
    )


def cart_line_amounts(*, contents: CartContents, discount: CartDiscount | None) -> list[int]:
    """What each line will cost in the order, the code's share taken off it: the order's
    VAT is worked out per item on these."""
    shares = discount.shares if discount else {}
    return [line.amount - shares.get(line.key, 0) for line in contents.lines]
