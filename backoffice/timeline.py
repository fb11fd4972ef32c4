"""One story of an order: its history (status changes, notes, refunds, links), its payment
attempts and its downloads, oldest first, each with who and when."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from backoffice.display import Actor, ActorNames
from delivery.models import DownloadEvent, LinkOrigin
from morpheus.money import format_money
from orders.link_events import LINK_EVENT_TITLES
from orders.models import Order, OrderEvent, OrderEventType
from payments.models import Payment, PaymentStatus
from payments.selectors import refund_flags_subject


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str
    title: str
    actor: Actor
    detail: str = ""


# Who the order's buyer was at a moment (see `_buyer_at`).
Buyer = Callable[[datetime], Actor]

REFUND_TITLES = {
    "pending": "Refund of {amount} requested",
    "sent_again": "Refund of {amount} sent to Stripe again",
    "changed": "Refund not sent yet changed to {amount}",
    "failed": "Refund of {amount} failed",
    "not_sent": "Refund of {amount} not sent",
    "succeeded": "Refund of {amount} made at Stripe",
    "after_failing": "Refund of {amount} paid by Stripe after all",
    "after_paid": "Refund of {amount} failed at Stripe after it was paid",
}


# A buyer's stamped copy by what its missing file did: what the customer saw ("Preparing
# your copy", "Download temporarily unavailable") follows from it.
STAMPED_COPY_TITLES = {
    "remade": "Stamped copy made again: its file was missing",
    "dropped": "Stamped copy not made: the original file is missing",
    "unavailable": "Download unavailable: the original file is missing",
}


# A charge the order does not count (a second payment, one after a cancel), by its step:
# the reason alone reads the same for the refund asked for and the refund made.
DUPLICATE_TITLES = {
    "recorded": "Charge of {amount} the order does not count",
    "refund_requested": "Refund of {amount} asked for (a charge the order does not count)",
    "refund_failed": "Refund of {amount} failed (a charge the order does not count)",
    "refunded": "Refunded {amount} (a charge the order does not count)",
    "refund_came_back": (
        "Refund of {amount} came back from the customer's bank (a charge the order does not count)"
    ),
}


def _duplicate_title(data: dict, currency: str, default: str) -> str:
    title = DUPLICATE_TITLES.get(data.get("action"))
    if title is None or "amount" not in data:
        return default
    title = title.format(amount=format_money(data["amount"], currency))
    if data.get("stripe_refund_id"):
        title = f"{title}: {data['stripe_refund_id']}"
    return title


def _refund_title(data: dict, currency: str) -> str:
    """Which refund, by its amount: an order refunded in parts has several."""
    if "refunded_amount" in data and "previously" in data:
        amount = data["refunded_amount"] - data["previously"]
        return f"Refunded {format_money(amount, currency)}"
    status = "after_failing" if data.get("after_failing") else data.get("status")
    if data.get("after_paid"):
        status = "after_paid"
    if data.get("unsent"):  # a refund not sent, recorded before it had its own status
        status = "not_sent"
    if "amount" in data and status in REFUND_TITLES:
        return REFUND_TITLES[status].format(amount=format_money(data["amount"], currency))
    return "Refund"


def _history_entries(
    events: list[OrderEvent], names: ActorNames, currency: str
) -> list[TimelineEntry]:
    entries = []
    for event in events:
        title = event.get_type_display()
        if event.type == OrderEventType.STATUS_CHANGED:
            title = f"{event.from_status} → {event.to_status}"
        elif event.type == OrderEventType.REFUND:
            title = _refund_title(event.data or {}, currency)
        elif event.type == OrderEventType.FLAGGED and "settled" in (event.data or {}):
            subject = refund_flags_subject(event.data["settled"])
            title = f"Flag settled: {subject}" if subject else "Flag settled"
        elif event.type == OrderEventType.DUPLICATE_PAYMENT:
            title = _duplicate_title(event.data or {}, currency, title)
        elif event.type == OrderEventType.DOWNLOAD_LINKS:
            title = LINK_EVENT_TITLES.get((event.data or {}).get("action"), title)
        elif event.type == OrderEventType.STAMPED_COPY:
            title = STAMPED_COPY_TITLES.get((event.data or {}).get("action"), title)
        entries.append(
            TimelineEntry(event.created_at, event.type, title, names(event.actor), event.reason)
        )
    return entries


def _payment_entries(payments: list[Payment], buyer: Buyer) -> list[TimelineEntry]:
    """Attempts and successes; failures are in the history already, with Stripe's reason."""
    entries = []
    stripe = Actor("Stripe", "stripe")
    for payment in payments:
        title = f"Payment attempt {payment.attempt}"
        intent = payment.stripe_payment_intent_id or ""
        at = payment.created_at
        entries.append(TimelineEntry(at, "payment", title, buyer(at), intent))
        if payment.status == PaymentStatus.SUCCEEDED and payment.succeeded_at:
            done = f"{title} succeeded"
            if (duplicate := getattr(payment, "duplicate", None)) is not None:
                # Outside probe FF-3: one charge, after a cancel, read "a duplicate".
                done += (
                    " (a duplicate charge: not counted by the order)"
                    if duplicate.duplicate_of_id
                    else " (after the order was canceled: not counted by the order)"
                )
            entries.append(TimelineEntry(payment.succeeded_at, "payment", done, stripe, intent))
    return entries


# A download by the link it went through (`DownloadLink.origin`).
DOWNLOAD_TITLES = {
    LinkOrigin.EMAILED: "Downloaded {title} through the emailed link",
    LinkOrigin.LIBRARY: "Downloaded {title} through a link from the library",
    LinkOrigin.API: "Downloaded {title} through a link from the API",
}


def _download_entries(downloads: list[DownloadEvent], names: ActorNames) -> list[TimelineEntry]:
    """Named for the account whose signed-in session made the request; otherwise for the
    link alone, which whoever holds it may use."""
    return [
        TimelineEntry(
            d.downloaded_at,
            "download",
            DOWNLOAD_TITLES[d.link.origin].format(title=d.link.order_item.title),
            names(d.signed_in_as or f"download-link:{d.link_id}"),
            " · ".join(part for part in (d.ip_address, d.user_agent) if part),
        )
        for d in downloads
    ]


def _claims(events: list[OrderEvent]) -> list[tuple[datetime, str]]:
    """When the order joined an account, and the guest it belonged to until then (actor)."""
    return sorted(
        (e.created_at, f"customer:{e.data['guest']}")
        for e in events
        if e.type == OrderEventType.CLAIMED
    )


def claimed_guests(events: list[OrderEvent]) -> list[str]:
    """The guest accounts the order belonged to before it joined an account, as actors."""
    return [guest for _, guest in _claims(events)]


def _buyer_at(order: Order, events: list[OrderEvent], names: ActorNames) -> Buyer:
    """Who the order's buyer was at a moment: the guest who placed it, until it joined an
    account (payments record no actor of their own)."""
    claims = _claims(events)
    now = f"customer:{order.customer_id}"

    def buyer(at: datetime) -> Actor:
        return names(next((guest for claimed_at, guest in claims if at < claimed_at), now))

    return buyer


def order_timeline(
    order: Order,
    *,
    events: list[OrderEvent],
    payments: list[Payment],
    downloads: list[DownloadEvent],
    names: ActorNames,
) -> list[TimelineEntry]:
    """`names` must know the order's customer, the guests it was claimed from
    (`claimed_guests`), the actors of its history and the downloads' signed-in accounts."""
    buyer = _buyer_at(order, events, names)
    entries = [
        *_history_entries(events, names, order.currency),
        *_payment_entries(payments, buyer),
        *_download_entries(downloads, names),
    ]
    return sorted(entries, key=lambda entry: entry.at)
