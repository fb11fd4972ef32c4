"""The order state machine: the one table the app, the database guard and the admin read.

Change it only together with a migration that reinstalls the database guard
(`orders.sql.install_status_guard`); a test compares the two.
"""

from dataclasses import dataclass

from django.db import models


class OrderStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    PROCESSING = "processing", "Processing"
    PAID = "paid", "Paid"
    FULFILLED = "fulfilled", "Fulfilled"
    DELIVERED = "delivered", "Delivered"
    CANCELED = "canceled", "Canceled"
    REFUNDED = "refunded", "Refunded"


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[OrderStatus, ...]
    target: OrderStatus
    label: str
    milestone: str | None = None  # the Order timestamp field stamped on arrival


S = OrderStatus

TRANSITIONS: tuple[Transition, ...] = (
    Transition("submit_payment", (S.PENDING,), S.PROCESSING, "Payment submitted"),
    Transition("mark_paid", (S.PROCESSING,), S.PAID, "Payment succeeded", "paid_at"),
    Transition("fail_payment", (S.PROCESSING,), S.PENDING, "Payment failed"),
    Transition("cancel", (S.PENDING, S.PROCESSING), S.CANCELED, "Cancel", "canceled_at"),
    Transition("fulfil", (S.PAID,), S.FULFILLED, "Download access issued", "fulfilled_at"),
    Transition("deliver", (S.FULFILLED,), S.DELIVERED, "First download", "delivered_at"),
    Transition(
        "refund", (S.PAID, S.FULFILLED, S.DELIVERED), S.REFUNDED, "Fully refunded", "refunded_at"
    ),
)

TRANSITIONS_BY_NAME: dict[str, Transition] = {t.name: t for t in TRANSITIONS}

ALLOWED_PAIRS: frozenset[tuple[str, str]] = frozenset(
    (source.value, t.target.value) for t in TRANSITIONS for source in t.sources
)


def transitions_from(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS if status in t.sources]


UNPAID_STATUSES = (OrderStatus.PENDING, OrderStatus.PROCESSING)
ENTITLED_STATUSES = (OrderStatus.PAID, OrderStatus.FULFILLED, OrderStatus.DELIVERED)


def path_to(target: str, start: str = OrderStatus.PENDING) -> list[Transition]:
    """The shortest chain of transitions from `start` to `target` (breadth-first)."""
    frontier: list[tuple[str, list[Transition]]] = [(start, [])]
    seen = {start}
    while frontier:
        status, path = frontier.pop(0)
        if status == target:
            return path
        for step in transitions_from(status):
            if step.target not in seen:
                seen.add(step.target)
                frontier.append((step.target, [*path, step]))
    raise ValueError(f"No path from {start} to {target}.")
