from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from catalog.models import Comic
from catalog.selectors import comics_for_sale
from orders.models import CartItem, Order, OrderEvent, OrderItem
from orders.transitions import OrderStatus
from promotions.models import (
    CHECKED_OUT_AGAIN,
    Bundle,
    BundleItem,
    CartBundle,
    DiscountCode,
    DiscountUse,
    code_spelled,
)


def code_find(code: str) -> DiscountCode | None:
    return DiscountCode.objects.filter(code=code_spelled(code)).first()


def codes_with_figures() -> QuerySet[DiscountCode]:
    """Codes with their live uses (orders not canceled)."""
    return DiscountCode.objects.annotate(
        live_uses=Count("uses", filter=Q(uses__released_at__isnull=True))
    )


def codes_cost_by_currency(*, codes: list[DiscountCode]) -> dict[int, dict[str, int]]:
    """What each code's live uses took off, per currency (code id -> currency -> amount),
    in one query for all of them."""
    rows = (
        DiscountUse.objects.filter(discount_code__in=codes, released_at__isnull=True)
        .values("discount_code_id", "currency")
        .annotate(total=Sum("amount"))
        .order_by("discount_code_id", "currency")
    )
    costs: dict[int, dict[str, int]] = {code.pk: {} for code in codes}
    for row in rows:
        costs[row["discount_code_id"]][row["currency"]] = row["total"]
    return costs


def cart_line_count(*, customer: AbstractBaseUser) -> int:
    """The lines the cart lists (`promotions.cart.cart_contents`): each bundle in it, and
    each comic in it that none of those bundles holds."""
    bundles = CartBundle.objects.filter(cart__customer=customer).values("bundle")
    bundled = Bundle.comics.through.objects.filter(bundle__in=bundles).values("comic")
    singles = CartItem.objects.filter(cart__customer=customer).exclude(comic__in=bundled)
    return bundles.count() + singles.count()


def bundles_for_sale() -> QuerySet[Bundle]:
    """Active bundles whose every comic is for sale: a comic taken off sale, or left without
    a file, takes its bundles off sale with it (outside probe DF-1: still listed and added
    to carts, whose checkout then came back without a word)."""
    off_sale = Bundle.comics.through.objects.filter(bundle=OuterRef("pk")).exclude(
        comic__in=comics_for_sale()
    )
    return Bundle.objects.filter(is_active=True).exclude(Exists(off_sale))


def bundles_for_sale_holding(*, comic: Comic) -> list[Bundle]:
    """The bundles for sale that hold `comic`, with their comics."""
    bundles = Bundle.objects.filter(comics=comic, is_active=True).prefetch_related("comics")
    return list(bundles.order_by("title"))


def bundles_priced_otherwise(*, comic: Comic, currency: str) -> list[Bundle]:
    """The bundles holding `comic` that are priced in another currency than `currency`."""
    return list(Bundle.objects.filter(comics=comic).exclude(currency=currency).order_by("title"))


def currencies_sold() -> set[str]:
    """The currencies a customer can pay in: those of the comics and bundles for sale (an
    order is in the currency of what it holds, so a code's terms in any other currency can
    never apply)."""
    comics = comics_for_sale().order_by().values_list("currency", flat=True).distinct()
    bundles = bundles_for_sale().order_by().values_list("currency", flat=True)
    return set(comics) | set(bundles)


def dearest_for_sale(*, currency: str) -> tuple[str, int] | None:
    """The title and price of the dearest comic or bundle for sale in `currency` (None:
    nothing is sold in it)."""
    comics = comics_for_sale().filter(currency=currency).values_list("title", "price_amount")
    bundles = bundles_for_sale().filter(currency=currency).values_list("title", "price_amount")
    offers = [
        *comics.order_by("-price_amount", "title")[:1],
        *bundles.order_by("-price_amount", "title")[:1],
    ]
    return max(offers, key=lambda offer: offer[1], default=None)


def order_bundle_titles(*, order: Order) -> dict[int, str]:
    """The title of the bundle each of the order's items was bought with, as the order was
    placed, by item id (items bought on their own are left out)."""
    rows = BundleItem.objects.filter(order_item__order=order).values_list("order_item_id", "title")
    return dict(rows)


def order_parts(*, order: Order) -> list[list[int]]:
    """The things the order was bought as, each the ids of its items: a bundle's comics are
    one, each comic bought on its own another (`orders.services.order_chargeable_check`
    advises buying fewer only when there are several: a bundle cannot be bought in part,
    outside probe CL-3)."""
    in_bundles = dict(
        BundleItem.objects.filter(order_item__order=order).values_list("order_item_id", "bundle_id")
    )
    parts: dict[tuple[str, int], list[int]] = {}
    for pk in order.items.order_by("pk").values_list("pk", flat=True):
        key = ("bundle", in_bundles[pk]) if pk in in_bundles else ("item", pk)
        parts.setdefault(key, []).append(pk)
    return list(parts.values())


def order_items_with_bundles(*, order: Order) -> list[tuple[OrderItem, str]]:
    """The order's items, each with the title of the bundle it was bought in ("" for an
    item bought on its own): its price is its share of that bundle's."""
    titles = order_bundle_titles(order=order)
    return [(item, titles.get(item.pk, "")) for item in order.items.all()]


def cart_comics_of_bundle(*, customer: AbstractBaseUser, bundle: Bundle) -> list[str]:
    """The titles of the bundle's comics the customer's cart holds on their own (added before
    the bundle, which took them in while it was there), in the cart's order."""
    rows = CartItem.objects.filter(cart__customer=customer, comic__in=bundle.comics.all())
    return list(rows.order_by("pk").values_list("comic__title", flat=True))


def comic_deletion_refusal(*, comic: Comic) -> str:
    """Why the comic may not be deleted while bundles hold it or codes are limited to it
    ("" when none does): deleting it took it out of them unsaid, leaving a bundle of fewer
    comics at its price and a code limited to it alone for everything (outside probe EH-1,
    EH-2)."""
    bundles = Bundle.objects.filter(comics=comic).order_by("title").values_list("title", flat=True)
    codes = (
        DiscountCode.objects.filter(comics=comic).order_by("code").values_list("code", flat=True)
    )
    held = [f"bundle {title}" for title in bundles] + [f"code {code}" for code in codes]
    return _deletion_refusal(comic.title, held)


def bundle_deletion_refusal(*, bundle: Bundle) -> str:
    """Why the bundle may not be deleted while codes are limited to it ("" when none is):
    a code limited to it alone would then apply to everything."""
    codes = (
        DiscountCode.objects.filter(bundles=bundle).order_by("code").values_list("code", flat=True)
    )
    return _deletion_refusal(bundle.title, [f"code {code}" for code in codes])


def _deletion_refusal(title: str, held: list[str]) -> str:
    if not held:
        return ""
    return (
        f"{title} cannot be deleted: {', '.join(held)} name{'s' if len(held) == 1 else ''} it. "
        'Take it off sale instead (untick "Is active").'
    )


def order_checked_out_again(*, order: Order) -> bool:
    """Whether `order` was canceled for its customer to check out again (its comics put back
    in their cart): what a second "check out again" finds done (outside probe FE-1)."""
    return OrderEvent.objects.filter(
        order=order, to_status=OrderStatus.CANCELED, reason=CHECKED_OUT_AGAIN
    ).exists()
