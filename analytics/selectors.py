"""Sales per title, read from the business events (the analytics table).

A payment or refund is a fact about an order; a title's share of it is the order's amount
split across the order's items in proportion to what each item paid, its invoice line's
total (`tax.selectors.items_paid`: after its discount, with the VAT added on top of net
prices), by largest remainder, so the shares of one order add up to its amount exactly.
Refunds are shared as the credit notes share them: a refund of items (payments' refund
lines) goes to the refunded titles, a refund of an amount over what the other titles have
left after the order's earlier refunds. A lost dispute's amount (what the customer's bank
took back) is its own figure, "charged back", shared as a refund of that amount would be; a
dispute won after it was lost gives it back to the titles it took it from. A paid refund
the customer's bank sent back is a refund of minus its amount, given back to the titles that
refund took it from. Net is revenue less both. Units are items of orders paid in the
period; downloads come from the download audit log.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, F

from analytics.models import REFUND_TAKEN_BACK_KEY, BusinessEvent, BusinessEventKind
from catalog.models import Comic
from delivery.models import DownloadEvent
from orders.models import Order, OrderItem
from payments.models import REFUNDS_ENDED_UNPAID, RefundLine, RefundStatus
from promotions.allocation import allocate, allocate_refund
from promotions.models import BundleItem
from tax.selectors import orders_items_paid


@dataclass(kw_only=True)
class _Sales:
    title: str
    currency: str
    revenue: int = 0
    units: int = 0
    refunds: int = 0
    charged_back: int = 0  # by lost disputes, less those won after all

    @property
    def net(self) -> int:
        return self.revenue - self.refunds - self.charged_back


@dataclass(kw_only=True)
class TitleSales(_Sales):
    comic_id: int
    refunded_orders: int = 0
    downloads: int = 0
    revenue_per_day: dict[date, int] = field(default_factory=lambda: defaultdict(int))


@dataclass(kw_only=True)
class BundleSales(_Sales):
    """A bundle's part of the same figures: its comics' shares, orders that bought it."""

    bundle_id: int


@dataclass(frozen=True)
class _Share:
    """One order item's part of a payment (with its day), of a refund or of a chargeback
    (no day; `kind` says which)."""

    item: dict
    currency: str
    amount: int
    paid_on: date | None
    kind: str = BusinessEventKind.PAYMENT_SUCCEEDED


def _add(sales: "_Sales", share: _Share) -> None:
    """A refund's or a chargeback's share into the figures of a title or bundle."""
    if share.kind == BusinessEventKind.CHARGEBACK:
        sales.charged_back += share.amount
    else:
        sales.refunds += share.amount


def sales_per_title(*, start: datetime, end: datetime) -> list[TitleSales]:
    """Every title with a payment, refund or download in [start, end), best seller first
    in each currency (`_best_seller_first`)."""
    titles: dict[tuple[int, str], TitleSales] = {}

    def row(comic_id: int, title: str, currency: str) -> TitleSales:
        key = (comic_id, currency)
        if key not in titles:
            titles[key] = TitleSales(comic_id=comic_id, title=title, currency=currency)
        return titles[key]

    for share in _shares(start, end):
        sales = row(share.item["comic_id"], share.item["title"], share.currency)
        if share.paid_on is not None:
            sales.revenue += share.amount
            sales.units += 1
            sales.revenue_per_day[share.paid_on] += share.amount
        else:
            _add(sales, share)
            sales.refunded_orders += share.kind == BusinessEventKind.REFUND and share.amount > 0
    for download in _downloads(start, end):
        row(download["comic_id"], download["title"], download["currency"]).downloads += download[
            "count"
        ]
    _titles_as_called_now(titles.values())
    return sorted(titles.values(), key=_best_seller_first(titles.values()))


def _titles_as_called_now(rows: Iterable[TitleSales]) -> None:
    """Each title as its comic is called now, the one staff manage (outside probe FJ-3: a
    comic renamed was listed by the name its first order sold it under)."""
    rows = list(rows)
    called = dict(
        Comic.objects.filter(pk__in={row.comic_id for row in rows}).values_list("pk", "title")
    )
    for row in rows:
        row.title = called.get(row.comic_id, row.title)


def _best_seller_first(rows: Iterable[TitleSales]):
    """By net within each currency, the currency of the most units first: amounts of two
    currencies do not compare (outside probe FJ-4: 7.99 GBP ranked below 8.05 EUR by
    cents and pence, a yen amount would have ranked a hundredfold off)."""
    units: dict[str, int] = defaultdict(int)
    for row in rows:
        units[row.currency] += row.units
    return lambda row: (-units[row.currency], row.currency, -row.net, row.title)


def chargebacks(*, start: datetime, end: datetime) -> list[BusinessEvent]:
    """What lost disputes took back through the customers' banks in [start, end), oldest
    first: a dispute won after it was lost is a negative amount when it came back."""
    return list(
        BusinessEvent.objects.filter(
            kind=BusinessEventKind.CHARGEBACK, occurred_at__gte=start, occurred_at__lt=end
        ).order_by("occurred_at", "pk")
    )


def sales_per_bundle(*, start: datetime, end: datetime) -> list[BundleSales]:
    """Every bundle whose comics were paid for or refunded in [start, end), by net."""
    shares = [share for share in _shares(start, end) if share.amount]
    bundle_of = {
        row["order_item_id"]: row
        for row in BundleItem.objects.filter(
            order_item_id__in=[share.item["pk"] for share in shares]
        ).values("order_item_id", "bundle_id", bundle_title=F("bundle__title"))
    }
    bundles: dict[tuple[int, str], BundleSales] = {}
    orders: dict[tuple[int, str], set[int]] = defaultdict(set)
    for share in shares:
        found = bundle_of.get(share.item["pk"])
        if found is None:
            continue
        key = (found["bundle_id"], share.currency)
        sales = bundles.setdefault(
            key, BundleSales(bundle_id=key[0], title=found["bundle_title"], currency=key[1])
        )
        if share.paid_on is not None:
            sales.revenue += share.amount
            orders[key].add(share.item["order_id"])
        else:
            _add(sales, share)
    for key, sales in bundles.items():
        sales.units = len(orders[key])
    return sorted(bundles.values(), key=lambda sales: (-sales.net, sales.title, sales.currency))


TAKEN_BACK = (BusinessEventKind.REFUND, BusinessEventKind.CHARGEBACK)


def _shares(start: datetime, end: datetime) -> list[_Share]:
    events = list(
        BusinessEvent.objects.filter(
            kind__in=[BusinessEventKind.PAYMENT_SUCCEEDED, *TAKEN_BACK],
            occurred_at__gte=start,
            occurred_at__lt=end,
        ).values("kind", "order_id", "amount", "currency", "occurred_at")
    )
    items = _items_by_order({event["order_id"] for event in events})
    shares: list[_Share] = []
    taken_back: dict[int, str] = {}
    for event in events:
        lines = items.get(event["order_id"], [])
        if event["kind"] in TAKEN_BACK:
            taken_back[event["order_id"]] = event["currency"]
            continue
        paid_on = event["occurred_at"].date()
        amounts = split_amount(event["amount"], [line["paid"] for line in lines])
        for line, amount in zip(lines, amounts, strict=True):
            shares.append(_Share(line, event["currency"], amount, paid_on))
    per_item = _taken_back_per_item(taken_back, items, start, end)
    for order_id, currency in taken_back.items():
        for line in items.get(order_id, []):
            for kind in TAKEN_BACK:
                if per_item[kind].get(line["pk"]):
                    shares.append(_Share(line, currency, per_item[kind][line["pk"]], None, kind))
    return shares


def split_amount(amount: int, weights: list[int]) -> list[int]:
    """`amount` in parts proportional to `weights`, adding up to `amount` exactly (largest
    remainder, ties to the earlier part); in equal parts when every weight is 0."""
    if not weights:
        return []
    return allocate(amount, weights if any(weights) else [1] * len(weights))


def _taken_back_per_item(
    orders: dict[int, str], items: dict[int, list[dict]], start: datetime, end: datetime
) -> dict[str, dict[int, int]]:
    """Per kind (refund, chargeback), what the orders' refunds and lost disputes recorded in
    the period took back, per order item. Each, in the order it was recorded, is shared as
    the credit notes share a refund (`promotions.allocation.allocate_refund`) from what the
    items have left after the earlier ones (those before the period too), so no item gives
    back more than it sold for; a lost dispute won after all gives back to the items what
    the order's chargebacks took from them, in proportion, and a refund the customer's bank
    sent back what that refund took (`_came_back`)."""
    events = BusinessEvent.objects.filter(
        kind__in=TAKEN_BACK, order_id__in=list(orders), occurred_at__lt=end
    ).order_by("occurred_at", "pk")
    totals = dict(Order.objects.filter(pk__in=list(orders)).values_list("pk", "total_amount"))
    lines = _item_refund_lines(list(orders))
    left = {
        order_id: split_amount(totals[order_id], [line["paid"] for line in items[order_id]])
        for order_id in orders
        if items.get(order_id)
    }
    charged_back = {order_id: [0] * len(rests) for order_id, rests in left.items()}
    refunded = {order_id: [0] * len(rests) for order_id, rests in left.items()}
    per_item: dict[str, dict[int, int]] = {kind: defaultdict(int) for kind in TAKEN_BACK}
    for event in events.values("kind", "order_id", "amount", "occurred_at", "event_key"):
        order_id, at = event["order_id"], event["occurred_at"]
        if order_id not in left:
            continue
        item_ids = [line["pk"] for line in items[order_id]]
        if event["kind"] == BusinessEventKind.REFUND and event["amount"] < 0:
            reference = event["event_key"].partition(REFUND_TAKEN_BACK_KEY)[2]
            shares = _came_back(
                -event["amount"], refunded[order_id], item_ids, lines[order_id], reference, at
            )
        elif event["amount"] < 0:  # a loss reversed: what the losses put in, no more
            # (outside probe FO-2: a loss capped at what stayed paid after a refund was
            # taken back whole, its title's charged back going negative).
            back = min(-event["amount"], sum(charged_back[order_id]))
            shares = [-share for share in split_amount(back, charged_back[order_id])]
        else:
            shares = allocate_refund(
                left[order_id],
                event["amount"],
                refunded_whole=_refunded_whole(item_ids, lines[order_id], at),
                kept_out=_being_refunded(item_ids, lines[order_id], at),
            )
        left[order_id] = [rest - share for rest, share in zip(left[order_id], shares, strict=True)]
        took = charged_back if event["kind"] == BusinessEventKind.CHARGEBACK else refunded
        took[order_id] = [sum(pair) for pair in zip(took[order_id], shares, strict=True)]
        if at >= start:
            for item_id, share in zip(item_ids, shares, strict=True):
                per_item[event["kind"]][item_id] += share
    return per_item


def _came_back(
    amount: int,
    refunded: list[int],
    item_ids: list[int],
    lines: list[dict],
    reference: str,
    at: datetime,
) -> list[int]:
    """Per item (negative), what a refund the customer's bank sent back (`reference`, the
    provider's id) gives back: over the items it refunded as items, in proportion to its
    lines, when it was a refund of items; else over what the order's refunds took from the
    items (`refunded`), less what refunds of items still paid back at `at` took."""
    own = [0] * len(item_ids)
    for line in lines:
        if reference and line["stripe_refund_id"] == reference:
            own[item_ids.index(line["order_item_id"])] += line["amount"]
    if any(own):
        weights = [min(line, took) for line, took in zip(own, refunded, strict=True)]
    else:
        whole = _refunded_whole(item_ids, lines, at)
        weights = [max(took - whole.get(index, 0), 0) for index, took in enumerate(refunded)]
    return [-share for share in split_amount(amount, weights if any(weights) else refunded)]


def _item_refund_lines(order_ids: list[int]) -> dict[int, list[dict]]:
    """The orders' refund lines (refunds of whole items), with their refund's Stripe id and
    when it opened, succeeded or failed."""
    lines: dict[int, list[dict]] = defaultdict(list)
    for line in RefundLine.objects.filter(refund__order_id__in=order_ids).values(
        "order_item_id",
        "amount",
        order_id=F("refund__order_id"),
        stripe_refund_id=F("refund__stripe_refund_id"),
        status=F("refund__status"),
        created_at=F("refund__created_at"),
        succeeded_at=F("refund__succeeded_at"),
        updated_at=F("refund__updated_at"),
    ):
        lines[line["order_id"]].append(line)
    return lines


def _refunded_whole(item_ids: list[int], lines: list[dict], at: datetime) -> dict[int, int]:
    """Per item index, what refunds of that item confirmed by `at`, and not sent back by
    the customer's bank by then, paid back in all."""
    paid_back: dict[int, int] = defaultdict(int)
    for line in lines:
        came_back = line["status"] == RefundStatus.FAILED and line["updated_at"] <= at
        if line["succeeded_at"] is not None and line["succeeded_at"] <= at and not came_back:
            paid_back[item_ids.index(line["order_item_id"])] += line["amount"]
    return paid_back


def _being_refunded(item_ids: list[int], lines: list[dict], at: datetime) -> set[int]:
    """The item indexes a refund still waiting for Stripe at `at` took as a whole."""
    return {
        item_ids.index(line["order_item_id"])
        for line in lines
        if line["created_at"] <= at
        and not (line["succeeded_at"] is not None and line["succeeded_at"] <= at)
        and not (line["status"] in REFUNDS_ENDED_UNPAID and line["updated_at"] <= at)
    }


def _items_by_order(order_ids: Iterable[int]) -> dict[int, list[dict]]:
    """The orders' items, each with what it paid (`tax.selectors.items_paid`)."""
    order_ids = list(order_ids)
    paid = orders_items_paid(order_ids=order_ids)
    items: dict[int, list[dict]] = defaultdict(list)
    for item in (
        OrderItem.objects.filter(order_id__in=order_ids)
        .order_by("order_id", "pk")
        .values("pk", "order_id", "comic_id", "title")
    ):
        items[item["order_id"]].append(item | {"paid": paid[item["pk"]]})
    return items


def _downloads(start: datetime, end: datetime) -> list[dict]:
    return list(
        DownloadEvent.objects.filter(downloaded_at__gte=start, downloaded_at__lt=end, probe=False)
        .values(
            comic_id=F("link__order_item__comic_id"),
            title=F("link__order_item__title"),
            currency=F("link__order__currency"),
        )
        .annotate(count=Count("pk"))
        .order_by()
    )
