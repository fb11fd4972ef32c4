"""Reads of carts and orders. Row-level security narrows every query further."""

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.fields.json import KT

from catalog.models import Comic
from catalog.selectors import comics_for_sale
from morpheus.db_context import system_scope
from morpheus.money import above_maximum_charge
from orders import signals
from orders.buyer import BuyerDeclaration
from orders.events import LOSS_REVERSED
from orders.models import CartItem, Order, OrderEvent, OrderEventType, OrderItem
from orders.transitions import ENTITLED_STATUSES, OrderStatus


def cart_items_for(*, customer: AbstractBaseUser) -> QuerySet[CartItem]:
    return CartItem.objects.filter(cart__customer=customer).select_related("comic")


def comics_owned(
    *, customer: AbstractBaseUser | None, comic_ids: Iterable[int] | None = None
) -> set[int]:
    """The ids of the comics the customer owns (of `comic_ids`, or all): those in their
    library that they may download now. An item owns its comic while its order is paid for
    (paid, fulfilled, delivered; not refunded), not disputed, not being refunded as a whole
    (pending refunds covering all that is left of it, unless they are refunds of every item
    paid for, which leave the free ones: `order_free_items_kept`), and the item itself is
    not refunded on its own (pending or confirmed). A visitor owns nothing; a guest account
    owns its own orders, and a guest's orders count for an account once they have joined
    it."""
    if customer is None or not customer.is_authenticated:
        return set()
    items = _owning_items(customer=customer, comic_ids=comic_ids)
    return set(items.order_by().values_list("comic_id", flat=True).distinct())


def comics_owned_in(*, customer: AbstractBaseUser, comic_ids: Iterable[int]) -> dict[int, str]:
    """Of `comic_ids`, those the customer owns (`comics_owned`), each with the number of the
    order that first gave it: the page of another order holding it names that order, which
    may have been placed before or after this one (a guest order joins the account later)."""
    if not customer.is_authenticated:
        return {}
    items = _owning_items(customer=customer, comic_ids=comic_ids).order_by(
        "order__created_at", "order_id"
    )
    owned: dict[int, str] = {}
    for comic_id, number in items.values_list("comic_id", "order__number"):
        owned.setdefault(comic_id, number)
    return owned


def order_holds_an_owned_comic(*, order: Order) -> bool:
    """Whether the order holds a comic its customer owns through another order (it cannot
    be paid), in one query: the items' comics come from a prefetch when there is one."""
    comic_ids = [item.comic_id for item in order.items.all()]
    return _owning_items(customer=order.customer_id, comic_ids=comic_ids).exists()


def orders_holding_an_owned_comic(*, orders: list[Order]) -> set[int]:
    """Of the orders, those `order_holds_an_owned_comic`, in one query per customer (a list
    of orders asked one per order)."""
    by_customer: dict[int, list[Order]] = {}
    for order in orders:
        by_customer.setdefault(order.customer_id, []).append(order)
    held: set[int] = set()
    for customer_id, theirs in by_customer.items():
        comic_ids = {item.comic_id for order in theirs for item in order.items.all()}
        owning = _owning_items(customer=customer_id, comic_ids=comic_ids)
        owned = set(owning.values_list("comic_id", flat=True))
        held |= {order.pk for order in theirs if {i.comic_id for i in order.items.all()} & owned}
    return held


def items_bought_again(*, order: Order, since: datetime) -> dict[int, str]:
    """The order's items whose comic its customer bought again in an order placed at or
    after `since`, which owns it (`comics_owned`) or whose payment is under way: item id ->
    the number of the first such order. A refund of the items let the customer buy them
    again; should it fail, they pay for them twice."""
    item_ids = dict(order.items.values_list("comic_id", "pk"))
    owning = _owning_items(customer=order.customer_id, comic_ids=item_ids).values("pk")
    paying = Q(order__status=OrderStatus.PROCESSING)
    again = (
        OrderItem.objects.filter(Q(pk__in=owning) | paying, comic_id__in=list(item_ids))
        .filter(order__customer_id=order.customer_id, order__created_at__gte=since)
        .exclude(order=order)
        .order_by("-order__created_at", "-order_id")
    )
    return {
        item_ids[comic_id]: number
        for comic_id, number in again.values_list("comic_id", "order__number")
    }


def _owning_items(
    *, customer: AbstractBaseUser | int, comic_ids: Iterable[int] | None
) -> QuerySet[OrderItem]:
    """The items whose comic the customer owns (see `comics_owned`)."""
    items = OrderItem.objects.filter(
        order__customer=customer,
        order__status__in=ENTITLED_STATUSES,
        order__disputed_at__isnull=True,
        refunded_amount=0,
        refund_pending_amount=0,
    )
    left_after_pending = F("order__refunded_amount") + F("order__refund_pending_amount")
    paid_for_and_kept = _paid_items_not_refunded().filter(order=OuterRef("order"))
    items = items.exclude(
        Q(order__refund_pending_amount__gt=0)
        & Q(order__total_amount__lte=left_after_pending)
        & Exists(paid_for_and_kept)
    )
    if comic_ids is not None:
        items = items.filter(comic_id__in=list(comic_ids))
    return items


def comics_being_paid(
    *, customer: AbstractBaseUser, comic_ids: Iterable[int], besides: Order | None = None
) -> dict[int, str]:
    """Of `comic_ids`, those in another order of the customer's whose payment is under way
    (processing): comic id -> that order's number."""
    items = OrderItem.objects.filter(
        order__customer=customer,
        order__status=OrderStatus.PROCESSING,
        comic_id__in=list(comic_ids),
    )
    if besides is not None:
        items = items.exclude(order=besides)
    return dict(items.order_by("-order_id").values_list("comic_id", "order__number"))


@dataclass(frozen=True)
class PayingOrder:
    """Another order of the customer's whose payment is under way, holding some of an
    order's comics (`titles`, as that order names them). `awaits_customer`: its payment
    waits for the customer's own step (3-D Secure), so waiting for it does nothing."""

    number: str
    titles: tuple[str, ...]
    awaits_customer: bool


def orders_paying_for(*, order: Order) -> list[PayingOrder]:
    """The customer's other orders paying for comics of `order` right now (processing),
    oldest first: while they are, `order` cannot be paid (`orders.services.order_payable_check`)."""
    titles = dict(order.items.values_list("comic_id", "title"))
    return orders_paying_for_comics(customer=order.customer_id, titles=titles, besides=order)


def orders_paying_for_comics(
    *, customer: AbstractBaseUser | int, titles: dict[int, str], besides: Order | None = None
) -> list[PayingOrder]:
    """The customer's orders (but `besides`) paying for some of the comics right now
    (processing), oldest first, each naming those comics as `titles` (comic id -> title)
    does."""
    items = OrderItem.objects.filter(
        order__customer=customer, order__status=OrderStatus.PROCESSING, comic_id__in=list(titles)
    )
    if besides is not None:
        items = items.exclude(order=besides)
    rows = items.order_by("order_id", "comic_id").values_list(
        "order_id", "order__number", "comic_id"
    )
    held: dict[int, tuple[str, list[str]]] = {}
    for order_id, number, comic_id in rows:
        held.setdefault(order_id, (number, []))[1].append(titles[comic_id])
    waiting = orders_awaiting_customer(order_ids=held)
    return [
        PayingOrder(number=number, titles=tuple(names), awaits_customer=order_id in waiting)
        for order_id, (number, names) in held.items()
    ]


def paying_titles(paying: Iterable[PayingOrder]) -> list[str]:
    """The titles the paying orders hold, each once, in the orders' order."""
    return list(dict.fromkeys(title for other in paying for title in other.titles))


def orders_awaiting_customer(*, order_ids: Iterable[int]) -> set[int]:
    """Of the orders, those whose payment waits for the customer's own step (3-D Secure):
    the payments app answers (`signals.payment_awaits_customer`)."""
    ids = list(order_ids)
    if not ids:
        return set()
    answers = signals.payment_awaits_customer.send(sender=Order, order_ids=ids)
    return set().union(*(answer for _receiver, answer in answers if answer))


def order_disputes_lost_total(*, order: Order) -> int:
    """What lost disputes of the order's payment took back through the customer's bank (the
    payments app answers, `signals.disputes_lost_total_asked`)."""
    answers = signals.disputes_lost_total_asked.send(sender=Order, order=order)
    return sum(answer for _receiver, answer in answers if answer)


def orders_downloads_paused(*, order_ids: Iterable[int]) -> set[int]:
    """Of the orders, those whose downloads are paused: staff suspended their links for
    sharing (the delivery app answers, `signals.downloads_paused_asked`)."""
    ids = list(order_ids)
    if not ids:
        return set()
    answers = signals.downloads_paused_asked.send(sender=Order, order_ids=ids)
    return set().union(*(answer for _receiver, answer in answers if answer))


def orders_refund_refused(*, order_ids: Iterable[int]) -> dict[int, bool]:
    """Of the orders, those whose last refund Stripe refused, each with whether staff settled
    it without refunding (no refund of it is under way) or may still refund again (the
    payments app answers, `signals.refund_refused_asked`)."""
    ids = list(order_ids)
    if not ids:
        return {}
    refused: dict[int, bool] = {}
    for _receiver, answer in signals.refund_refused_asked.send(sender=Order, order_ids=ids):
        refused.update(answer or {})
    return refused


def order_declared_with(*, order: Order) -> BuyerDeclaration | None:
    """The country, VAT number, business name and billing address the order was placed
    with (the VAT app answers, `signals.order_declaration_asked`); None when none recorded."""
    answers = signals.order_declaration_asked.send(sender=Order, order_id=order.pk)
    return next((answer for _receiver, answer in answers if answer is not None), None)


def comic_was_ordered(*, comic: Comic) -> bool:
    """Whether any order holds the comic: its orders keep it (and its files) for good."""
    return OrderItem.objects.filter(comic=comic).exists()


def order_is_entitled(order: Order) -> bool:
    """The customer may download the order's comics: paid for, not refunded, not disputed."""
    return order.status in ENTITLED_STATUSES and order.disputed_at is None


def orders_dispute_lost(*, order_ids: Iterable[int]) -> set[int]:
    """Of the orders, those a lost dispute closed for good (`_charged_back`)."""
    return set(_charged_back().filter(pk__in=list(order_ids)).values_list("pk", flat=True))


def _charged_back() -> QuerySet[Order]:
    """The orders a lost dispute closed for good: still disputed, and their last dispute
    event that opened or closed their access is a loss (not a dispute opened since, nor the
    loss reversed)."""
    turns = (
        OrderEvent.objects.filter(order=OuterRef("pk"), type=OrderEventType.DISPUTED)
        .filter(Q(data__action__isnull=True) | Q(data__action__in=["lost", LOSS_REVERSED]))
        .order_by("-pk")
        .values(action=KT("data__action"))
    )
    return (
        Order.objects.filter(disputed_at__isnull=False)
        .alias(last_turn=Subquery(turns[:1]))
        .filter(last_turn="lost")
    )


def order_dispute_lost(order: Order) -> bool:
    """The order lost a dispute: its downloads are closed for good."""
    return order.disputed_at is not None and bool(orders_dispute_lost(order_ids=[order.pk]))


def order_dispute_lost_in_part(order: Order) -> bool:
    """The order's lost disputes took back less than it came to, as its history recorded
    them (a loss won after all gave its amount back)."""
    return _disputes_lost_by_history(order) < order.total_amount


def order_paid_back_through_dispute_and_refunds(order: Order) -> bool:
    """A lost dispute took back part of the order's payment, and refunds paid back the
    rest: the customer has all of it back (outside probe IB-1: its page said only part)."""
    lost = _disputes_lost_by_history(order)
    return 0 < lost < order.total_amount <= lost + order.refunded_amount


def _disputes_lost_by_history(order: Order) -> int:
    """What lost disputes took back, as the order's history recorded them."""
    taken = order.events.filter(
        type=OrderEventType.DISPUTED, data__action__in=["lost", LOSS_REVERSED]
    ).values_list("data__amount", flat=True)
    return sum(int(amount) for amount in taken)


def order_refund_full_pending(order: Order) -> bool:
    """Whether pending refunds cover all that is left of the order and refund it as a
    whole: its access is closed while they are under way (no downloads, no fresh links).
    Refunds of every item paid for close those items alone (`order_free_items_kept`)."""
    pending = order.refund_pending_amount
    return (
        pending > 0
        and order.refunded_amount + pending >= order.total_amount
        and not order_free_items_kept(order)
    )


def order_refunded_unfulfilled(order: Order) -> bool:
    """Whether the order's latest full refund took it from `paid`, before it was fulfilled
    (`fulfilled_at` alone does not tell: before outside probe BP-1 a bounced refund of such
    an order made it fulfilled, then its links went out, without stamping it)."""
    moved_from = (
        OrderEvent.objects.filter(
            order=order, type=OrderEventType.STATUS_CHANGED, to_status=OrderStatus.REFUNDED
        )
        .order_by("-created_at", "-pk")
        .values_list("from_status", flat=True)
        .first()
    )
    return moved_from == OrderStatus.PAID


def order_refunded_keeping_free_items(order: Order) -> list[OrderItem]:
    """The free items an order whose money was all paid back keeps: every item paid for was
    refunded as an item, so it keeps its status for them (`order_free_items_kept`); none for
    any other order."""
    if order.status not in ENTITLED_STATUSES:
        return []
    if not 0 < order.total_amount <= order.refunded_amount:
        return []
    return order_free_items_kept(order)


def order_free_items_kept(order: Order, *, refunding: Collection[int] = ()) -> list[OrderItem]:
    """The free items (nothing was paid for them, so nothing is paid back) that stay the
    customer's when every item paid for is refunded as an item, pending or confirmed
    (`refunding`: items about to be): the order keeps its status for them, whatever
    refunds of amounts took before. None when an item paid for is not refunded as an item:
    all the order's money paid back then refunds the order as a whole, free items included."""
    if _paid_items_not_refunded().filter(order=order).exclude(pk__in=list(refunding)).exists():
        return []
    kept = order.items.filter(refunded_amount=0, refund_pending_amount=0).exclude(
        pk__in=list(refunding)
    )
    return list(kept.order_by("pk"))


def _paid_items_not_refunded() -> QuerySet[OrderItem]:
    """Items something was paid for that no refund of items (pending or confirmed) takes."""
    return OrderItem.objects.filter(
        unit_amount__gt=F("discount_amount"), refunded_amount=0, refund_pending_amount=0
    )


def order_refund_last_requested(order: Order) -> OrderEvent | None:
    """The order's latest refund request: who asked for it (`actor`), when and how much."""
    requested = OrderEvent.objects.filter(
        order=order, type=OrderEventType.REFUND, data__status="pending"
    )
    return requested.order_by("-created_at", "-pk").first()


def order_items_refund_closed(order: Order) -> set[int]:
    """The items of the order a refund of items (pending or confirmed) takes back: their
    downloads are closed."""
    return {item.pk for item in OrderItem.objects.filter(order=order) if item.refund_closed}


def comp_given_by_form(
    *, customer: AbstractBaseUser, form_key: UUID, comic_ids: Collection[int]
) -> Order | None:
    """The order the form `form_key` already gave the customer these comics by: the same
    form sent again (a double click). Ticks changed after going back make a new request."""
    earlier = OrderEvent.objects.filter(
        type=OrderEventType.COMP, order__customer=customer, data__form_key=str(form_key)
    ).select_related("order")
    for event in earlier:
        if sorted(event.data["comics"]) == sorted(comic_ids):
            return event.order
    return None


def orders_for_customer(*, customer: AbstractBaseUser) -> QuerySet[Order]:
    """With their items, in the order they were bought (`OrderItem`'s ordering)."""
    return Order.objects.filter(customer=customer).prefetch_related("items")


def order_is_customers(*, customer: AbstractBaseUser, order_id: int) -> bool:
    return Order.objects.filter(pk=order_id, customer=customer).exists()


# The orders whose download links, held for an address its customer had not confirmed, are
# emailed once it is confirmed: fulfilled, not disputed (`accounts.services`; the staff
# order page says the others' will not be).
LINKS_SENT_ON_CONFIRMATION = Q(status=OrderStatus.FULFILLED, disputed_at__isnull=True)


def links_sent_on_confirmation(order: Order) -> bool:
    """`LINKS_SENT_ON_CONFIRMATION` for one order already read."""
    return order.status == OrderStatus.FULFILLED and order.disputed_at is None


# The version of an order's row: PostgreSQL's transaction id that wrote it, which any update
# of the row changes (unlike the app's `version`, which only some writers raise).
ROW_VERSION = RawSQL('"orders_order"."xmin"::text', ())


def order_row_version(*, order_id: int) -> str | None:
    return (
        Order.objects.filter(pk=order_id)
        .annotate(v=ROW_VERSION)
        .values_list("v", flat=True)
        .first()
    )


def order_for_customer(*, customer: AbstractBaseUser, number: str) -> Order | None:
    """The order, with the version of its row as it was read (`row_version`)."""
    orders = orders_for_customer(customer=customer).annotate(row_version=ROW_VERSION)
    return orders.filter(number=number).first()


def order_canceled_of_erased(*, customer_id: int, number: str) -> Order | None:
    """The canceled order `number` of the account `customer_id`, which erasure signed out
    (its session can read nothing of its own any more: read under the system scope)."""
    with system_scope():
        return Order.objects.filter(
            number=number, customer_id=customer_id, status=OrderStatus.CANCELED
        ).first()


def order_left_guest(*, guest: AbstractBaseUser, number: str) -> bool:
    """Whether the guest's order `number` has since joined an account (read as the system:
    the guest no longer sees it)."""
    with system_scope():
        return OrderEvent.objects.filter(
            order__number=number, type=OrderEventType.CLAIMED, data__guest=guest.pk
        ).exists()


def order_placed_since(*, customer: AbstractBaseUser, since: datetime) -> Order | None:
    """The customer's newest order placed at or after `since` and still waiting for its
    payment: what a checkout sent twice (a double click) placed the first time."""
    placed = Order.objects.filter(
        customer=customer, status=OrderStatus.PENDING, created_at__gte=since
    )
    return placed.order_by("-created_at", "-pk").first()


@dataclass(frozen=True)
class AwaitingOrder:
    """An order of the customer's waiting for them to pay for it, or, when it comes to
    nothing (`free`), to press "Get it for free", or, its payment begun
    (`authenticating`), to confirm that payment with their bank (3-D Secure)."""

    number: str
    free: bool
    authenticating: bool = False


# An item whose comic costs less today than the order asks for it (staff lowered its price).
CHEAPER_TODAY = Q(comic__currency=F("order__currency"), comic__price_amount__lt=F("unit_amount"))


@dataclass(frozen=True)
class CheaperToday:
    title: str
    ordered: int
    today: int


def items_cheaper_today(*, order: Order) -> list[CheaperToday]:
    """The order's comics that cost less today than it asks for them."""
    rows = order.items.filter(CHEAPER_TODAY).order_by("pk")
    return [
        CheaperToday(title, ordered, today)
        for title, ordered, today in rows.values_list("title", "unit_amount", "comic__price_amount")
    ]


def comics_awaiting_payment(
    *, customer: AbstractBaseUser | None, comic_ids: Iterable[int]
) -> dict[int, AwaitingOrder]:
    """Of `comic_ids`, those in an order of the customer's still waiting for them that can
    be completed: comic id -> the newest such order. The shop's pages point there rather
    than let a customer who left the pay page place the same order again unawares. An order
    waits for them while pending, or while its payment waits for their bank's 3-D Secure
    (outside probe HZ-7: a tab closed at the bank's prompt left its comics marked nowhere).
    Not an order the pay page refuses: one holding a comic the customer owns through another
    order (outside probe GN-4) or is paying for in another right now (GP-4), or one taken off
    sale (GV-1), or coming to more than a card is charged at once; nor one asking more for a
    comic than its price today (GV-2: the page showing €2.99 sent to pay €7.99)."""
    if customer is None or not customer.is_authenticated:
        return {}
    owned = _owning_items(customer=customer, comic_ids=None).values("comic_id")
    paying_elsewhere = (
        OrderItem.objects.filter(order__customer=customer, order__status=OrderStatus.PROCESSING)
        .exclude(order=OuterRef("order"))
        .values("comic_id")
    )
    refused = OrderItem.objects.filter(
        Q(comic_id__in=owned)
        | Q(comic_id__in=paying_elsewhere)
        | Q(comic__is_active=False)
        | CHEAPER_TODAY,
        order=OuterRef("order"),
    )
    items = OrderItem.objects.filter(
        order__customer=customer,
        order__status__in=[OrderStatus.PENDING, OrderStatus.PROCESSING],
        comic_id__in=list(comic_ids),
    ).exclude(Exists(refused))
    rows = list(
        items.order_by("order__created_at", "order_id").values_list(
            "comic_id",
            "order_id",
            "order__number",
            "order__status",
            "order__total_amount",
            "order__currency",
        )
    )
    processing = {row[1] for row in rows if row[3] == OrderStatus.PROCESSING}
    authenticating = orders_awaiting_customer(order_ids=processing)
    return {
        comic_id: AwaitingOrder(
            number=number, free=not total, authenticating=order_id in authenticating
        )
        for comic_id, order_id, number, status, total, currency in rows
        if order_id in authenticating
        or (status == OrderStatus.PENDING and not above_maximum_charge(total, currency))
    }


def order_awaiting(*, order: Order) -> AwaitingOrder | None:
    """The order as the shop's pages point to it (`comics_awaiting_payment`'s rules), or
    None when its pay page refuses it: the cart named an order placed just now for the
    customer to pay when it could no longer be paid (outside probe HJ-1)."""
    comic_ids = list(order.items.values_list("comic_id", flat=True))
    awaiting = comics_awaiting_payment(customer=order.customer, comic_ids=comic_ids)
    found = next((each for each in awaiting.values() if each.number == order.number), None)
    if found is None or order_unpayable_words(order=order):
        return None
    return found


def links_last_emailed(orders: QuerySet[Order]) -> QuerySet[Order]:
    """The orders, each with `links_emailed_at`: when links were last issued for it (each
    issue is emailed), None if never."""
    issued = OrderEvent.objects.filter(
        order=OuterRef("pk"),
        type=OrderEventType.DOWNLOAD_LINKS,
        data__action__in=["issued", "reissued"],
    ).order_by("-created_at")
    return orders.annotate(links_emailed_at=Subquery(issued.values("created_at")[:1]))


def order_just_changed_by(
    *,
    order: Order,
    actor: str,
    reason: str,
    since: datetime,
    to_status: str | None = None,
    action: str | None = None,
) -> bool:
    """Whether `actor` made this change of the order since `since`, and no one changed it
    after: a history row with `reason`, and the status it moved to or its links' `action`.
    A bulk action's confirmation sent twice finds the orders its twin changed (outside
    probe DJ-3: "Nothing was canceled." was all it said), not those a colleague changed
    since (outside probe DM-1)."""
    history = OrderEvent.objects.filter(order_id=order.pk)
    rows = history.filter(actor=actor, reason=reason, created_at__gte=since)
    if to_status is not None:
        rows = rows.filter(to_status=to_status)
    if action is not None:
        rows = rows.filter(data__action=action)
    made = rows.order_by("-created_at", "-id").first()
    if made is None:
        return False
    return not history.filter(created_at__gt=made.created_at).exclude(actor=actor).exists()


def order_cancel_made_by(*, order: Order, actor: str) -> OrderEvent | None:
    """The history row of `actor`'s cancel of the order, None when another canceled it (or
    none did)."""
    canceled = OrderEvent.objects.filter(order_id=order.pk, to_status=OrderStatus.CANCELED)
    return canceled.filter(actor=actor).order_by("-created_at", "-id").first()


def order_history(*, order: Order) -> QuerySet[OrderEvent]:
    return OrderEvent.objects.filter(order=order).order_by("created_at", "id")


def order_payment_failure_message(*, order: Order) -> str:
    """What the customer is told about the latest failed payment ("" when none failed)."""
    latest = (
        OrderEvent.objects.filter(order=order, type=OrderEventType.PAYMENT_FAILED)
        .order_by("-created_at", "-pk")
        .values_list("data__customer_message", flat=True)
        .first()
    )
    return latest or ""


def orders_paid_unfulfilled(*, paid_before: datetime) -> QuerySet[Order]:
    """Paid before `paid_before` and still waiting for their download links, oldest first:
    not one a lost dispute closed for good, which will never have any (its customer's bank
    took the money back)."""
    return (
        Order.objects.filter(status=OrderStatus.PAID, paid_at__lt=paid_before)
        .exclude(pk__in=_charged_back().values("pk"))
        .order_by("paid_at")
    )


def order_given_by_staff(*, order: Order) -> bool:
    """Whether staff gave the order's comics (`order_comp`): the customer placed nothing."""
    return order.pk in orders_given_by_staff(order_ids=[order.pk])


def orders_given_by_staff(*, order_ids: Iterable[int]) -> set[int]:
    """Those of the orders whose comics staff gave (`order_comp`), in one query."""
    given = OrderEvent.objects.filter(order_id__in=order_ids, type=OrderEventType.COMP)
    return set(given.values_list("order_id", flat=True))


@dataclass(frozen=True)
class CanceledComics:
    """What became of a canceled order's comics, for its pages: `said` names those the
    customer has in their library now (by another order) and those no longer for sale;
    `to_buy` the rest, which a new order can buy ("its comics" when that is all of them, "its
    comic" when it has one, "" when none is left)."""

    said: str
    to_buy: str
    verb: str = "buy"


def canceled_order_comics(*, order: Order) -> CanceledComics:
    """Its pages said "You can still buy its comics in a new order" of comics the customer
    had bought since, or staff had taken off sale; and "buy" of free comics (outside probe
    HT-5: its pending pages said "get", `new_order_verb`)."""
    titles = {item.comic_id: item.title for item in order.items.all()}
    owned = comics_owned(customer=order.customer, comic_ids=titles)
    prices = dict(comics_for_sale().filter(pk__in=titles).values_list("pk", "price_amount"))
    off_sale = [title for pk, title in titles.items() if pk not in prices and pk not in owned]
    left = [pk for pk in titles if pk in prices and pk not in owned]
    verb = new_order_verb(order=order, prices=[prices[pk] for pk in left])
    to_buy = [titles[pk] for pk in left]
    said = [
        f"{and_joined(words)} {'is' if len(words) == 1 else 'are'} {where}."
        for words, where in (
            ([titles[pk] for pk in titles if pk in owned], "in your library"),
            (off_sale, "no longer for sale"),
        )
        if words
    ]
    if len(to_buy) == len(titles):
        its = "its comic" if len(titles) == 1 else "its comics"
        return CanceledComics(said="", to_buy=its, verb=verb)
    to_buy_words = and_joined(to_buy) if to_buy else ""
    return CanceledComics(said=" ".join(said), to_buy=to_buy_words, verb=verb)


def and_joined(words: list[str]) -> str:
    """The words joined: A; A and B; A, B and C."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def completion_offered(*, order: Order, comic_ids: set[int]) -> str | None:
    """The title of the bundle the order buys that the customer can complete today with
    exactly `comic_ids`, for less than on their own; None when none (the promotions app
    answers, `signals.completion_offered_asked`)."""
    answers = signals.completion_offered_asked.send(sender=Order, order=order, comic_ids=comic_ids)
    return next((answer for _receiver, answer in answers if answer), None)


def new_order_words(*, verb: str, others: list[str]) -> str:
    """What the customer may do with the order's other comics once it is canceled: " and buy
    the other comic, A, in a new order", " and buy the other comics in a new order", ""
    when none is left ("again" was said of comics never bought: outside probe HG-2)."""
    if len(others) == 1:
        return f" and {verb} the other comic, {others[0]}, in a new order"
    return f" and {verb} the other comics in a new order" if others else ""


def new_order_verb(*, order: Order, prices: Iterable[int]) -> str:
    """What the customer does with comics left to order anew at these list prices: "get"
    them when this order is free or they cost nothing (outside probe HI-3: "buy the other
    comic, Dream Diary: Free Sample"), else "buy" them."""
    return "buy" if order.total_amount and any(prices) else "get"


# An order's item as the refusals read it: its comic's id, its title, whether the comic is
# on sale, and its list price.
ItemRead = tuple[int, str, bool, int]
ITEM_READ = ("comic_id", "title", "comic__is_active", "comic__price_amount")


def withdrawn_refusal(*, order: Order) -> str:
    """Why the order cannot be paid for holding comics taken off sale that the customer does
    not own ("" when it holds none), in the customer's words."""
    items = {order.pk: list(order.items.values_list(*ITEM_READ))}
    return _withdrawn_words(order, items[order.pk], _owned_of_withdrawn([order], items))


def _owned_of_withdrawn(
    orders: list[Order], items: dict[int, list[ItemRead]]
) -> dict[int, set[int]]:
    """Of each customer with an order holding a comic off sale, the comics of those orders
    they own: one read per customer, whatever the number of orders."""
    asked: dict[int, tuple[Order, set[int]]] = {}
    for order in orders:
        if any(not active for _, _, active, _ in items[order.pk]):
            _, comic_ids = asked.setdefault(order.customer_id, (order, set()))
            comic_ids.update(pk for pk, _, _, _ in items[order.pk])
    return {
        customer_id: comics_owned(customer=order.customer, comic_ids=comic_ids)
        for customer_id, (order, comic_ids) in asked.items()
    }


def _withdrawn_words(order: Order, items: list[ItemRead], owned_by: dict[int, set[int]]) -> str:
    """The comics off sale that the customer does not own named, the others left to buy in a
    new order, and those the customer owns already said to be in the library (outside probe
    HH-1: a comic the customer owned was the one to "buy in a new order", and a free order's
    was to "buy"). A comic off sale that they own is no reason of this refusal: it is the
    owned comics' (HI-2: an order of comics all owned read "no longer for sale")."""
    if all(active for _, _, active, _ in items):
        return ""
    owned = owned_by[order.customer_id]
    withdrawn = [title for pk, title, active, _ in items if not active and pk not in owned]
    if not withdrawn:
        return ""
    others = [(title, price) for pk, title, active, price in items if active and pk not in owned]
    verb = new_order_verb(order=order, prices=[price for _, price in others])
    in_library = [title for pk, title, _, _ in items if pk in owned]
    words = (
        f"{and_joined(withdrawn)} {_is(withdrawn)} no longer for sale, so order {order.number} "
        f"cannot be {'paid' if order.total_amount else 'completed'}: "
        f"cancel it{new_order_words(verb=verb, others=[title for title, _ in others])}."
    )
    if in_library:
        words += f" {and_joined(in_library)} {_is(in_library)} in your library already."
    return words


def _is(titles: list[str]) -> str:
    return "is" if len(titles) == 1 else "are"


def order_unpayable_words(*, order: Order) -> str:
    """Why the pending order cannot be paid as it stands, in the pay page's words ("" when
    it can, or is not pending): a comic in it off sale, or a price that no longer holds
    (the promotions app answers for its bundles, `signals.order_unpayable_asked`). What its
    status, email and order page say in place of "pay for it" (outside probes GW-3, GX-7)."""
    if order.status != OrderStatus.PENDING:
        return ""
    return order_unpayable_as_it_stands(order=order)


def order_unpayable_as_it_stands(*, order: Order) -> str:
    """Why a new payment of the order would be refused as it stands, whatever its status (a
    payment begun before is left to finish): a comic off sale, a price that lapsed."""
    return orders_unpayable_as_they_stand(orders=[order]).get(order.pk, "")


def orders_unpayable_as_they_stand(*, orders: list[Order]) -> dict[int, str]:
    """`order_unpayable_as_it_stands` of each of the orders that cannot be paid, read for
    all of them at once (a list of orders asked three statements per order)."""
    if not orders:
        return {}
    items: dict[int, list[ItemRead]] = {order.pk: [] for order in orders}
    rows = OrderItem.objects.filter(order__in=orders).order_by("pk")
    for order_id, *item in rows.values_list("order_id", *ITEM_READ):
        items[order_id].append(tuple(item))
    owned_by = _owned_of_withdrawn(orders, items)
    said = {
        order.pk: words
        for order in orders
        if (words := _withdrawn_words(order, items[order.pk], owned_by))
    }
    rest = [order for order in orders if order.pk not in said]
    if rest:
        for _receiver, answer in signals.order_unpayable_asked.send(sender=Order, orders=rest):
            for order_id, words in (answer or {}).items():
                said.setdefault(order_id, words)
    return said
