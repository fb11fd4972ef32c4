"""Sales per title, read from the business events (the analytics table).

A payment or refund is a fact about an order; a title's share of it is the order's amount
split across the order's items in proportion to what each item cost after its discount
(largest remainder, so the shares of one order add up to its amount exactly). A refund of
items (payments' refund lines) goes to the refunded titles first; only what the lines do
not explain (a refund of an amount) is split. Units are items of orders paid in the
period; downloads come from the download audit log.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, F, Sum

from analytics.models import BusinessEvent, BusinessEventKind
from delivery.models import DownloadEvent
from orders.models import OrderItem
from payments.models import RefundLine, RefundStatus
from promotions.allocation import allocate
from promotions.models import BundleItem


@dataclass(kw_only=True)
class _Sales:
    title: str
    currency: str
    revenue: int = 0
    units: int = 0
    refunds: int = 0

    @property
    def net(self) -> int:
        return self.revenue - self.refunds


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
    """One order item's part of a payment (with its day) or of a refund (no day)."""

    item: dict
    currency: str
    amount: int
    paid_on: date | None


def sales_per_title(*, start: datetime, end: datetime) -> list[TitleSales]:
    """Every title with a payment, refund or download in [start, end), best seller first."""
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
            sales.refunds += share.amount
            sales.refunded_orders += 1
    for download in _downloads(start, end):
        row(download["comic_id"], download["title"], download["currency"]).downloads += download[
            "count"
        ]
    return sorted(titles.values(), key=lambda sales: (-sales.net, sales.title, sales.currency))


def sales_per_bundle(*, start: datetime, end: datetime) -> list[BundleSales]:
    """Every bundle whose comics were paid for or refunded in [start, end), by net."""
    shares = [share for share in _shares(start, end) if share.amount]
    bundle_of = {
        row["order_item_id"]: row
        for row in BundleItem.objects.filter(
            order_item_id__in=[share.item["pk"] for share in shares]
        ).values("order_item_id", "bundle_id", title=F("bundle__title"))
    }
    bundles: dict[tuple[int, str], BundleSales] = {}
    orders: dict[tuple[int, str], set[int]] = defaultdict(set)
    for share in shares:
        found = bundle_of.get(share.item["pk"])
        if found is None:
            continue
        key = (found["bundle_id"], share.currency)
        sales = bundles.setdefault(
            key, BundleSales(bundle_id=key[0], title=found["title"], currency=key[1])
        )
        if share.paid_on is not None:
            sales.revenue += share.amount
            orders[key].add(share.item["order_id"])
        else:
            sales.refunds += share.amount
    for key, sales in bundles.items():
        sales.units = len(orders[key])
    return sorted(bundles.values(), key=lambda sales: (-sales.net, sales.title, sales.currency))


def _shares(start: datetime, end: datetime) -> list[_Share]:
    events = list(
        BusinessEvent.objects.filter(
            kind__in=[BusinessEventKind.PAYMENT_SUCCEEDED, BusinessEventKind.REFUND],
            occurred_at__gte=start,
            occurred_at__lt=end,
        ).values("kind", "order_id", "amount", "currency", "occurred_at")
    )
    items = _items_by_order({event["order_id"] for event in events})
    shares: list[_Share] = []
    refunds: dict[int, int] = defaultdict(int)
    currency_of: dict[int, str] = {}
    for event in events:
        lines = items.get(event["order_id"], [])
        currency_of[event["order_id"]] = event["currency"]
        if event["kind"] == BusinessEventKind.REFUND:
            refunds[event["order_id"]] += event["amount"]
            continue
        paid_on = event["occurred_at"].date()
        amounts = split_amount(event["amount"], [line["paid"] for line in lines])
        for line, amount in zip(lines, amounts, strict=True):
            shares.append(_Share(line, event["currency"], amount, paid_on))
    item_refunds = _item_refunds(refunds, start, end)
    for order_id, amount in refunds.items():
        lines = items.get(order_id, [])
        for line, share in zip(lines, _refund_shares(amount, lines, item_refunds), strict=True):
            if share:
                shares.append(_Share(line, currency_of[order_id], share, None))
    return shares


def split_amount(amount: int, weights: list[int]) -> list[int]:
    """`amount` in parts proportional to `weights`, adding up to `amount` exactly (largest
    remainder, ties to the earlier part); in equal parts when every weight is 0."""
    if not weights:
        return []
    return allocate(amount, weights if any(weights) else [1] * len(weights))


def _refund_shares(amount: int, lines: list[dict], item_refunds: dict[int, int]) -> list[int]:
    """An order's refunds of the period per item: its refund lines first, the rest split
    by what each item cost."""
    targeted = [item_refunds.get(line["pk"], 0) for line in lines]
    if sum(targeted) >= amount:
        return allocate(amount, targeted)
    rest = split_amount(amount - sum(targeted), [line["paid"] for line in lines])
    return [line + share for line, share in zip(targeted, rest, strict=True)]


def _item_refunds(refunds: dict[int, int], start: datetime, end: datetime) -> dict[int, int]:
    """What refunds of items confirmed in the period paid back, per order item."""
    rows = (
        RefundLine.objects.filter(
            refund__order_id__in=list(refunds),
            refund__status=RefundStatus.SUCCEEDED,
            refund__succeeded_at__gte=start,
            refund__succeeded_at__lt=end,
        )
        .values("order_item_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {row["order_item_id"]: row["total"] for row in rows}


def _items_by_order(order_ids: Iterable[int]) -> dict[int, list[dict]]:
    items: dict[int, list[dict]] = defaultdict(list)
    for item in (
        OrderItem.objects.filter(order_id__in=list(order_ids))
        .order_by("order_id", "pk")
        .values("pk", "order_id", "comic_id", "title")
        .annotate(paid=F("unit_amount") - F("discount_amount"))
    ):
        items[item["order_id"]].append(item)
    return items


def _downloads(start: datetime, end: datetime) -> list[dict]:
    return list(
        DownloadEvent.objects.filter(downloaded_at__gte=start, downloaded_at__lt=end)
        .values(
            comic_id=F("link__order_item__comic_id"),
            title=F("link__order_item__title"),
            currency=F("link__order__currency"),
        )
        .annotate(count=Count("pk"))
        .order_by()
    )
