"""The admin home: how today goes, the last 30 days, and what needs a look."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from functools import partial

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from analytics.selectors import chargebacks
from backoffice.charts import bar_chart_svg
from backoffice.finance import vat_context
from backoffice.worker_notice import worker_silent_notice
from morpheus.money import format_money as money
from morpheus.money import number
from orders.models import Order
from orders.selectors import orders_paid_unfulfilled
from payments.models import Payment, PaymentStatus, Refund, RefundStatus
from tax.selectors import orders_held_for_staff

DAYS = 30
RECENT = 8
# Why a paid order disputed before it was fulfilled has no links: winning fulfils it.
DISPUTED_WAITS = "Payment disputed: it is fulfilled if the dispute is won."


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _per_day(queryset, field: str, since: date, **aggregates) -> dict[date, dict]:
    rows = (
        queryset.filter(**{f"{field}__gte": _day_start(since)})
        .annotate(day=TruncDate(field))
        .values("day")
        .annotate(**aggregates)
    )
    return {row["day"]: row for row in rows}


def _charts(today: date) -> list[dict]:
    since = today - timedelta(days=DAYS - 1)
    days = [since + timedelta(days=offset) for offset in range(DAYS)]
    created = _per_day(Order.objects.all(), "created_at", since, orders=Count("id"))
    charts = [
        {
            "title": f"Orders per day, last {DAYS} days",
            "svg": bar_chart_svg(
                [(day, created.get(day, {}).get("orders", 0)) for day in days],
                css="orders",
                title="Orders per day",
            ),
        }
    ]
    currencies = Order.objects.filter(paid_at__gte=_day_start(since)).values_list(
        "currency", flat=True
    )
    for currency in sorted(set(currencies.distinct())):
        paid = _per_day(
            Order.objects.filter(currency=currency), "paid_at", since, revenue=Sum("total_amount")
        )
        points = [(day, paid.get(day, {}).get("revenue", 0)) for day in days]
        charts.append(
            {
                "title": f"Revenue per day ({currency}), last {DAYS} days",
                "svg": bar_chart_svg(
                    points,
                    css="revenue",
                    title=f"Revenue in {currency}",
                    label=partial(number, currency=currency),
                ),
            }
        )
    return charts


def _failure_rate(since: datetime) -> str:
    counts = Payment.objects.filter(created_at__gte=since).aggregate(
        failed=Count("id", filter=Q(status=PaymentStatus.FAILED)),
        finished=Count("id", filter=Q(status__in=[PaymentStatus.FAILED, PaymentStatus.SUCCEEDED])),
    )
    if not counts["finished"]:
        return "no payments"
    return f"{100 * counts['failed'] / counts['finished']:.1f} %"


def _per_currency(amounts: Iterable[tuple[str, int]]) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for currency, amount in amounts:
        totals[currency] += amount
    return dict(sorted(totals.items()))


def _revenue_today(today: date, now: datetime) -> dict:
    """What orders paid today, and, when lost disputes took money back today, that amount
    and what is left of the revenue net of it."""
    start = _day_start(today)
    paid = Order.objects.filter(paid_at__gte=start)
    revenue = _per_currency(
        paid.values_list("currency").annotate(total=Sum("total_amount")).order_by()
    )
    lost = _per_currency(
        (event.currency, event.amount) for event in chargebacks(start=start, end=now)
    )
    lost = {currency: amount for currency, amount in lost.items() if amount}
    return {
        "today_revenue": [money(total, currency) for currency, total in revenue.items()] or ["0"],
        "today_charged_back": [money(amount, currency) for currency, amount in lost.items()],
        "today_revenue_net": [
            money(revenue.get(currency, 0) - lost.get(currency, 0), currency)
            for currency in sorted(revenue.keys() | lost.keys())
        ],
    }


def _charged_back(since: datetime, now: datetime) -> dict:
    """Lost disputes over the period: how many, and what they took back per currency, less
    those won after all and what came back with them."""
    events = chargebacks(start=since, end=now)
    totals = _per_currency((event.currency, event.amount) for event in events)
    return {
        "charged_back_count": max(0, sum(1 if event.amount > 0 else -1 for event in events)),
        "charged_back_total": [money(total, currency) for currency, total in totals.items()],
    }


def dashboard_metrics(now: datetime) -> dict:
    today = timezone.localdate(now)
    since = _day_start(today - timedelta(days=DAYS - 1))
    refunds = Refund.objects.filter(created_at__gte=since)
    return {
        "today_orders": Order.objects.filter(created_at__gte=_day_start(today)).count(),
        **_revenue_today(today, now),
        **_charged_back(since, now),
        "failure_rate": _failure_rate(since),
        "refunds_count": refunds.filter(status=RefundStatus.SUCCEEDED).count(),
        "refunds_pending": refunds.filter(status=RefundStatus.PENDING).count(),
        "refunds_failed": refunds.filter(status=RefundStatus.FAILED).count(),
        "refunds_total": [
            money(row["total"], row["currency"])
            for row in refunds.filter(status=RefundStatus.SUCCEEDED)
            .values("currency")
            .annotate(total=Sum("amount"))
            .order_by("currency")
        ],
        "charts": _charts(today),
        "failed_payments": Payment.objects.filter(status=PaymentStatus.FAILED)
        .select_related("order")
        .order_by("-updated_at")[:RECENT],
        "disputes": Order.objects.filter(disputed_at__isnull=False).order_by("-disputed_at")[
            :RECENT
        ],
        "fulfilment_alert_minutes": settings.FULFILMENT_ALERT_MINUTES,
        "unfulfilled": _unfulfilled(
            paid_before=now - timedelta(minutes=settings.FULFILMENT_ALERT_MINUTES)
        ),
    }


def _unfulfilled(*, paid_before: datetime) -> list[Order]:
    """The latest orders paid before `paid_before` and not fulfilled, each with why it
    waits (`waits`): Finance holds it (a VAT evidence conflict), its payment is disputed;
    else none: its fulfilment is late."""
    orders = list(orders_paid_unfulfilled(paid_before=paid_before)[:RECENT])
    held = orders_held_for_staff(order_ids=[order.pk for order in orders])
    for order in orders:
        disputed = DISPUTED_WAITS if order.disputed_at is not None else ""
        order.waits = " ".join(why for why in (held.get(order.pk, ""), disputed) if why)
    return orders


# The figures are the orders' (counts, revenue, refunds, failed payments, each linking to
# its order): shown to staff who may see orders, as "Sales per title" is.
VIEW_ORDERS = "orders.view_order"


def dashboard_callback(request, context: dict) -> dict:
    """django-unfold calls this for the admin index (UNFOLD["DASHBOARD_CALLBACK"])."""
    sees_orders = request.user.has_perm(VIEW_ORDERS)
    context["sees_orders"] = sees_orders
    context["worker_silent"] = worker_silent_notice()
    if sees_orders:
        context.update(dashboard_metrics(timezone.now()))
    context.update(vat_context(request))
    return context
