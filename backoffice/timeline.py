"""One story of an order: its history (status changes, notes, refunds, links), its payment
attempts and its downloads, oldest first, each with who and when."""

from dataclasses import dataclass
from datetime import datetime

from delivery.models import DownloadEvent
from orders.models import Order, OrderEventType
from payments.models import Payment, PaymentStatus


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str
    title: str
    actor: str
    detail: str = ""


def _history_entries(order: Order) -> list[TimelineEntry]:
    entries = []
    for event in order.events.all():
        title = event.get_type_display()
        if event.type == OrderEventType.STATUS_CHANGED:
            title = f"{event.from_status} → {event.to_status}"
        entries.append(
            TimelineEntry(event.created_at, event.type, title, event.actor, event.reason)
        )
    return entries


def _payment_entries(payments: list[Payment]) -> list[TimelineEntry]:
    """Attempts and successes; failures are in the history already, with Stripe's reason."""
    entries = []
    for payment in payments:
        title = f"Payment attempt {payment.attempt}"
        intent = payment.stripe_payment_intent_id or ""
        entries.append(TimelineEntry(payment.created_at, "payment", title, "customer", intent))
        if payment.status == PaymentStatus.SUCCEEDED and payment.succeeded_at:
            entries.append(
                TimelineEntry(
                    payment.succeeded_at, "payment", f"{title} succeeded", "stripe", intent
                )
            )
    return entries


def _download_entries(downloads: list[DownloadEvent]) -> list[TimelineEntry]:
    return [
        TimelineEntry(
            d.downloaded_at,
            "download",
            f"Downloaded {d.link.order_item.title}",
            "customer",
            d.ip_address or "",
        )
        for d in downloads
    ]


def order_timeline(
    order: Order, *, payments: list[Payment], downloads: list[DownloadEvent]
) -> list[TimelineEntry]:
    entries = [
        *_history_entries(order),
        *_payment_entries(payments),
        *_download_entries(downloads),
    ]
    return sorted(entries, key=lambda entry: entry.at)
