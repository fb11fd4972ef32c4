"""Series bundles: what a customer pays for one, and buying it as an order of its comics."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from catalog.models import Comic
from catalog.selectors import comics_not_for_sale
from morpheus.money import below_minimum_charge, charge_step, format_display
from orders.buyer import BuyerDeclaration
from orders.models import Cart, Order, OrderItem
from orders.selectors import and_joined, comics_owned
from orders.services import (
    cart_comics_take_out,
    cart_row_add,
    cart_row_remove,
    order_chargeable_check,
    order_create_for_comics,
    order_items_reprice,
)
from orders.transitions import OrderStatus
from promotions.allocation import allocate
from promotions.errors import BundleChanged, CompletionLapsed, PromotionError
from promotions.models import Bundle, BundleItem, CartBundle
from promotions.selectors import bundles_for_sale, order_parts


@dataclass(frozen=True)
class BundleOffer:
    """The comics the customer would get and each one's share of the bundle price."""

    bundle: Bundle
    shares: dict[int, int]  # comic id -> amount, only the comics still to buy
    owned: tuple[Comic, ...]  # the bundle's comics the customer owns already
    # Every comic priced in the bundle's currency, and every comic that is not free given
    # a share of the bundle's price (the admin's forms keep both so; older rows, or a
    # comic repriced by hand in the database, may not): otherwise nothing is for sale.
    on_sale: bool = True
    # Set by the cart (`promotions.cart.cart_contents`): why it cannot sell this bundle
    # along with one listed before it that sells a comic of it too ("" when none does).
    clash: str = ""
    # The bundle's comics that are off sale (withdrawn, or with no file): its page lists them
    # as such, without a link to a comic page that would answer 404.
    off_sale: frozenset[int] = frozenset()

    @property
    def price(self) -> int:
        return sum(self.shares.values())

    @property
    def contents(self) -> str:
        """The comics still to buy, as the bundle's page and the cart's digest carry them: a
        bundle staff changed since a page showed it is refused there, not bought with other
        comics at the price shown (outside probe FJ-1)."""
        return ",".join(str(comic_id) for comic_id in sorted(self.shares))

    @property
    def titles(self) -> tuple[str, ...]:
        """The titles of the comics still to buy, as the bundle lists them."""
        return tuple(c.title for c in self.bundle.comics.all() if c.pk in self.shares)

    @property
    def separately(self) -> int:
        """What the comics still to buy cost on their own, at their list prices."""
        return sum(c.price_amount for c in self.bundle.comics.all() if c.pk in self.shares)

    @property
    def is_owned(self) -> bool:
        """The customer owns every comic of the bundle: nothing is left to buy."""
        return not self.shares

    @property
    def is_completion(self) -> bool:
        return (
            self.on_sale
            and bool(self.owned)
            and bool(self.shares)
            and self.bundle.allows_completion
        )

    @property
    def refusal(self) -> str:
        """Why the customer cannot buy the bundle ("" when they can): they own every comic
        of it, or some of a bundle sold whole only (`allows_completion` off), which would
        sell them those again; or it is not on sale (see `on_sale`), or completing it would
        cost less than a card can be charged (a bundle priced before the back office checked
        that). With net prices the card is charged the VAT on top as well, which depends on
        the buyer's country: the order checks what it charges (`bundle_items_price`). In the
        cart, it may also share a comic still to buy with a bundle listed before it (`clash`)."""
        if not self.on_sale:
            withdrawn = [c.title for c in self.bundle.comics.all() if c.pk in self.off_sale]
            if withdrawn:
                return (
                    f"{self.bundle.title} is not on sale right now: {and_joined(withdrawn)} "
                    f"{'is' if len(withdrawn) == 1 else 'are'} no longer for sale."
                )
            return f"{self.bundle.title} is not on sale right now."
        if (
            self.is_completion
            and settings.TAX_PRICES_INCLUDE_TAX
            and below_minimum_charge(self.price, self.bundle.currency)
        ):
            return (
                f"Completing {self.bundle.title} would cost "
                f"{format_display(self.price, self.bundle.currency)}, less than a card can be "
                "charged: buy its other comics on their own."
            )
        if self.is_owned:
            return f"You already have every comic of {self.bundle.title}."
        if self.owned and not self.bundle.allows_completion:
            titles = ", ".join(comic.title for comic in self.owned)
            return (
                f"You already own {titles}, and {self.bundle.title} is sold whole only: "
                "buy its other comics on their own."
            )
        return self.clash


def bundle_shares(*, price: int, currency: str, comics: list[Comic]) -> dict[int, int]:
    """Each comic's share (by id) of a bundle's `price`: in proportion to their list prices,
    by largest remainder over the comics in id order, so the same every time."""
    ordered = sorted(comics, key=lambda comic: comic.pk)
    shares = allocate(price, [comic.price_amount for comic in ordered], step=charge_step(currency))
    return dict(zip((comic.pk for comic in ordered), shares, strict=True))


def bundle_offer(*, bundle: Bundle, customer: AbstractBaseUser | None) -> BundleOffer:
    """The bundle price shared across its comics by list price (largest remainder); an
    owner of some of them pays the others' shares when the bundle allows it. A bundle sold
    whole only keeps every share: an owner of some of its comics is refused it (`refusal`)."""
    return bundle_offers(bundles=[bundle], customer=customer)[0]


def bundle_offers(*, bundles: list[Bundle], customer: AbstractBaseUser | None) -> list[BundleOffer]:
    """`bundle_offer` of each bundle, in two queries whatever their number (what the
    customer owns, which comics are off sale): the catalog lists each bundle at what this
    customer would pay."""
    held = [(bundle, sorted(bundle.comics.all(), key=lambda c: c.pk)) for bundle in bundles]
    comics = {comic.pk: comic for _, bundle_comics in held for comic in bundle_comics}
    owned_ids = comics_owned(customer=customer, comic_ids=comics)
    off_sale_ids = {comic.pk for comic in comics_not_for_sale(comics.values())}
    return [
        _offer(bundle=bundle, comics=bundle_comics, owned_ids=owned_ids, off_sale_ids=off_sale_ids)
        for bundle, bundle_comics in held
    ]


def _offer(
    *, bundle: Bundle, comics: list[Comic], owned_ids: set[int], off_sale_ids: set[int]
) -> BundleOffer:
    """The offer of `bundle`, whose `comics` (by id) are given, and of what the customer
    owns and which comics are off sale."""
    if not comics:
        raise PromotionError(f"{bundle.title} has no comics.")
    shares = bundle_shares(price=bundle.price_amount, currency=bundle.currency, comics=comics)
    on_sale = (
        all(comic.currency == bundle.currency for comic in comics)
        and all(shares[comic.pk] or not comic.price_amount for comic in comics)
        and not off_sale_ids.intersection(shares)
    )
    owned_ids = owned_ids & set(shares)
    if bundle.allows_completion or len(owned_ids) == len(shares):
        shares = {pk: share for pk, share in shares.items() if pk not in owned_ids}
    return BundleOffer(
        bundle,
        shares,
        tuple(comic for comic in comics if comic.pk in owned_ids),
        on_sale,
        off_sale=frozenset(off_sale_ids.intersection(comic.pk for comic in comics)),
    )


def bundle_order_create(
    *,
    bundle: Bundle,
    customer: AbstractBaseUser,
    actor: str,
    declaration: BuyerDeclaration | None = None,
    shown: str | None = None,
) -> Order:
    """A pending order with one item per comic of the bundle still to buy, each at its
    share of the bundle price; the customer's pending order of exactly that offer when
    there is one (a repeated or double-clicked "Buy" places one order). `declaration` is
    for the VAT app (`orders.buyer.declaration_unasked`: bought without the cart's form; at
    nothing, its order takes no business, `tax.services`). `shown`: the offer's `contents`
    as the customer's page showed it; other comics now are refused (`BundleChanged`)."""
    if not bundle.is_active:
        raise PromotionError(f"{bundle.title} is no longer for sale.")
    with transaction.atomic():
        # One purchase of a customer at a time: two requests racing find the same order.
        get_user_model().objects.select_for_update().filter(pk=customer.pk).exists()
        offer = bundle_offer(bundle=bundle, customer=customer)
        if offer.refusal:
            raise PromotionError(offer.refusal)
        if shown is not None and shown != offer.contents:
            raise BundleChanged(
                f"{bundle.title} changed since this page was shown: it now holds "
                f"{', '.join(offer.titles)}. Nothing was ordered: check it, then buy it again."
            )
        if waiting := _pending_order_of(offer=offer, customer=customer):
            return waiting
        comics = [comic for comic in bundle.comics.all() if comic.pk in offer.shares]
        order = order_create_for_comics(
            customer=customer, comics=comics, actor=actor, declaration=declaration
        )
        order = bundle_items_price(order=order, offers=[offer], actor=actor)
        order_chargeable_check(order=order, parts=order_parts(order=order))
        return order


def _pending_order_of(*, offer: BundleOffer, customer: AbstractBaseUser) -> Order | None:
    """The customer's order waiting for payment that holds this offer and nothing else:
    the bundle's comics still to buy, each at its share (not an older order from before
    they bought one of them, nor a cart's order with other comics in it)."""
    bought_as_bundle = BundleItem.objects.filter(
        bundle=offer.bundle,
        order_item__order__customer=customer,
        order_item__order__status=OrderStatus.PENDING,
    )
    candidates = bought_as_bundle.values_list("order_item__order_id", flat=True).distinct()
    wanted = set(offer.shares.items())
    for order in Order.objects.filter(pk__in=candidates).order_by("-pk"):
        if set(order.items.values_list("comic_id", "unit_amount")) == wanted:
            return order
    return None


@dataclass(frozen=True)
class LapsedCompletion:
    """A bundle an unpaid order buys at a price that no longer holds: staff took the bundle
    off sale since (outside probe GV-1), or the order completes the series at a price that
    relied on the customer owning comics they no longer own (refunded or disputed since)."""

    bundle: Bundle
    price: int  # what the order charges for the bundle's comics it holds
    no_longer_owned: tuple[str, ...]  # the titles the price relied on


def completions_lapsed(*, order: Order) -> list[LapsedCompletion]:
    """The bundles the order buys whose price no longer holds: those off sale, and the
    series it completes of whose comics it does not hold, bought by the customer before it
    was placed (what its price relied on), one or more is no longer theirs."""
    rows = BundleItem.objects.filter(order_item__order=order).select_related("bundle", "order_item")
    held: dict[int, list[OrderItem]] = {}
    bundles: dict[int, Bundle] = {}
    for row in rows:
        held.setdefault(row.bundle_id, []).append(row.order_item)
        bundles[row.bundle_id] = row.bundle
    lapsed = []
    for bundle_id, items in held.items():
        bundle = bundles[bundle_id]
        if not bundle.is_active:
            lapsed.append(LapsedCompletion(bundle, sum(item.unit_amount for item in items), ()))
            continue
        in_order = {item.comic_id for item in items}
        others = {comic.pk: comic for comic in bundle.comics.all() if comic.pk not in in_order}
        relied_on = set(
            OrderItem.objects.filter(
                order__customer_id=order.customer_id,
                order__paid_at__lt=order.created_at,
                comic_id__in=list(others),
            ).values_list("comic_id", flat=True)
        )
        gone = relied_on - comics_owned(customer=order.customer, comic_ids=relied_on)
        if gone:
            lapsed.append(
                LapsedCompletion(
                    bundle,
                    sum(item.unit_amount for item in items),
                    tuple(others[pk].title for pk in sorted(gone)),
                )
            )
    return lapsed


def orders_completing_at_a_lapsed_price(*, numbers: set[str]) -> set[str]:
    """Of the orders numbered `numbers`, those buying a bundle at a price that no longer
    holds (`completions_lapsed`), which the pay page refuses: one query when none holds a
    bundle."""
    if not numbers:
        return set()
    completing = Order.objects.filter(
        number__in=numbers, pk__in=BundleItem.objects.values("order_item__order_id")
    )
    return {order.number for order in completing if completions_lapsed(order=order)}


def completion_left(*, order: Order, comic_ids: set[int]) -> Bundle | None:
    """The bundle the order buys whose comics still to buy, for its customer today, are
    `comic_ids`, when they can buy it: the pay page of an order holding comics bought since
    sends them there, where those cost less than on their own (outside probe HH-6)."""
    bundle_ids = BundleItem.objects.filter(order_item__order=order).values("bundle_id")
    bundles = list(
        Bundle.objects.filter(pk__in=bundle_ids, is_active=True).prefetch_related("comics")
    )
    for offer in bundle_offers(bundles=bundles, customer=order.customer):
        if (
            offer.is_completion
            and set(offer.shares) == comic_ids
            and offer.price < offer.separately
            and not offer.refusal
        ):
            return offer.bundle
    return None


def completion_lapsed_words(*, order: Order, lapsed: list[LapsedCompletion]) -> str:
    """Why the order cannot be paid, for the customer ("" when nothing lapsed)."""
    if not lapsed:
        return ""
    said = " ".join(_lapsed_words(order, completion) for completion in lapsed)
    if any(not completion.bundle.is_active for completion in lapsed):
        return f"{said} This order cannot be paid: cancel it, and buy the comics at their prices."
    return (
        f"{said} This order cannot be paid: cancel it, and buy the bundle at its price today "
        "from its page."
    )


def _lapsed_words(order: Order, completion: LapsedCompletion) -> str:
    price = format_display(completion.price, order.currency)
    if not completion.bundle.is_active:
        return (
            f"Order {order.number} buys {completion.bundle.title} at its bundle price, "
            f"{price}; the bundle is no longer for sale, so that price no longer holds."
        )
    return (
        f"Order {order.number} completes {completion.bundle.title} for {price} because you "
        f"owned {' and '.join(completion.no_longer_owned)}; you no longer do, so that price "
        "no longer holds."
    )


def orders_lapsed_words(*, orders: list[Order]) -> dict[int, str]:
    """`completion_lapsed_words` of each of the orders whose bundle price no longer holds;
    only the orders buying a bundle are looked into."""
    buying = set(
        BundleItem.objects.filter(order_item__order__in=orders).values_list(
            "order_item__order_id", flat=True
        )
    )
    return {
        order.pk: words
        for order in orders
        if order.pk in buying
        and (words := completion_lapsed_words(order=order, lapsed=completions_lapsed(order=order)))
    }


def completion_payable_check(*, order: Order) -> None:
    """Raises CompletionLapsed, saying why, for an order completing a series at a price
    that no longer holds (`completions_lapsed`): it is not to be paid at that price. Asked
    when a payment starts; a payment already started is left to finish."""
    words = completion_lapsed_words(order=order, lapsed=completions_lapsed(order=order))
    if words:
        raise CompletionLapsed(words)


def bundle_items_price(*, order: Order, offers: list[BundleOffer], actor: str) -> Order:
    """Price the new order's items of these bundles at their shares and remember which
    bundle each came from (codes restricted to a bundle, sales per title). Raises
    PromotionError when a completion leaves less to pay than a card can be charged, VAT
    added on top included; the caller's transaction then places nothing."""
    bundle_of = {comic_id: offer for offer in offers for comic_id in offer.shares}
    items = [item for item in order.items.all() if item.comic_id in bundle_of]
    prices = {item.pk: bundle_of[item.comic_id].shares[item.comic_id] for item in items}
    BundleItem.objects.bulk_create(
        BundleItem(
            order_item=item,
            bundle=bundle_of[item.comic_id].bundle,
            title=bundle_of[item.comic_id].bundle.title,
        )
        for item in items
    )
    reason = "; ".join(
        f"Bundle {offer.bundle.title}" + (" (completing the series)" if offer.is_completion else "")
        for offer in offers
    )
    order = order_items_reprice(order=order, prices=prices, actor=actor, reason=reason)
    completing = [offer.bundle.title for offer in offers if offer.is_completion]
    # What the card would be charged: the VAT added on top of net prices included, or a
    # business's VAT taken off prices including it (reverse charge).
    if not below_minimum_charge(order.total_amount, order.currency):
        return order
    total = format_display(order.total_amount, order.currency)
    if completing:
        with_vat = " with its VAT" if order.tax_added_amount else ""
        if order.tax_removed_amount:
            with_vat = " without VAT (reverse charge)"
        raise PromotionError(
            f"Completing {' and '.join(completing)} would cost {total}{with_vat}, less than a "
            "card can be charged: buy its other comics on their own."
        )
    if order.tax_removed_amount:
        raise PromotionError(
            f"Without VAT (reverse charge), this order would come to {total}, less than a "
            "card can be charged: add another comic, or check out without a VAT number."
        )
    return order


def cart_add_bundle(*, customer: AbstractBaseUser, bundle: Bundle) -> CartBundle:
    if not bundle.is_active:
        raise PromotionError(f"{bundle.title} is no longer for sale.")
    refusal = bundle_offer(bundle=bundle, customer=customer).refusal
    if refusal:
        raise PromotionError(refusal)
    return cart_row_add(customer=customer, model=CartBundle, bundle=bundle)


def cart_remove_bundle(*, customer: AbstractBaseUser, bundle_id: int) -> None:
    cart_row_remove(customer=customer, model=CartBundle, bundle_id=bundle_id)


@dataclass(frozen=True)
class CartTaken:
    """What a cart held: its comics' ids, oldest first, and its bundles."""

    comic_ids: list[int]
    bundles: list[Bundle]


def cart_take_out(*, customer: AbstractBaseUser) -> CartTaken:
    """Empty the customer's cart, comics and bundles, under the cart's lock (for a guest's
    session ending: what it held follows the guest into a visitor's cart or an account's)."""
    with transaction.atomic():
        comic_ids = cart_comics_take_out(customer=customer)
        rows = list(
            CartBundle.objects.filter(cart__customer=customer)
            .select_related("bundle")
            .prefetch_related("bundle__comics")
            .order_by("pk")
        )
        CartBundle.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return CartTaken(comic_ids, [row.bundle for row in rows])


def cart_drop_owned_bundles(*, customer: AbstractBaseUser) -> list[str]:
    """Take out of the customer's cart the bundles they now own every comic of (bought
    since the bundle was added: on its own, or in other orders); the titles taken out, for
    the customer. A bundle owned in part stays: the cart shows what is left to buy, or why
    it is refused (`BundleOffer.refusal`)."""
    rows = CartBundle.objects.filter(cart__customer=customer).select_related("bundle")
    owned = [
        row
        for row in rows.prefetch_related("bundle__comics")
        if bundle_offer(bundle=row.bundle, customer=customer).is_owned
    ]
    return [bundle.title for bundle in _cart_drop_bundles(customer=customer, rows=owned)]


def cart_drop_unavailable_bundles(*, customer: AbstractBaseUser) -> list[Bundle]:
    """Take out of the customer's cart the bundles taken off sale since they were added
    (`bundles_for_sale`); the bundles taken out, for the customer."""
    rows = CartBundle.objects.filter(cart__customer=customer).exclude(bundle__in=bundles_for_sale())
    return _cart_drop_bundles(customer=customer, rows=list(rows.select_related("bundle")))


def _cart_drop_bundles(*, customer: AbstractBaseUser, rows: list[CartBundle]) -> list[Bundle]:
    """Delete these rows of the customer's cart; their bundles. The cart is locked only when
    one leaves it."""
    if not rows:
        return []
    with transaction.atomic():
        cart = Cart.objects.select_for_update().get(customer=customer)
        CartBundle.objects.filter(pk__in=[row.pk for row in rows]).delete()
        cart.save(update_fields=["updated_at"])
    return [row.bundle for row in rows]
