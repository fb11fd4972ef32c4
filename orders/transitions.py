"""The order state machine: the one table the app, the database guard and the admin read.

Change it only together with a migration that reinstalls the database guard
(`python manage.py make_guard_migration`); a test compares the two. Statuses change only
through `orders.services.order_transition(name=...)`.
"""

from dataclasses import dataclass

from django.db import models


class OrderStatus(models.TextChoices):
    PENDING = "pending"
    PROCESSING = "processing"
    PAID = "paid"
    FULFILLED = "fulfilled"
    DELIVERED = "delivered"
    CANCELED = "canceled"
    REFUNDED = "refunded"


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[OrderStatus, ...]
    target: OrderStatus
    label: str
    milestone: str | None = None  # the Order timestamp field stamped on arrival
    # The Order timestamp field emptied on arrival: the milestone of a status the order
    # leaves for good, which would otherwise still say the order is what it no longer is.
    clears: str | None = None
    # Staff may make it by hand (a button on the order page). The others record something
    # that happened elsewhere: by hand they would only make the status lie.
    by_hand: bool = False
    made_by: str = ""  # what makes it instead, told to staff in place of a button
    # Only for orders with nothing to pay: never on the path of a paid order (path_to).
    free_only: bool = False
    # A customer's own session may make it (their checkout, their cancel, their first
    # download); the others come from Stripe, the worker or staff. The database guard
    # refuses the others in a customer's (or a guest link's) scope.
    by_customer: bool = False


S = OrderStatus

TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "submit_payment",
        (S.PENDING,),
        S.PROCESSING,
        "Payment submitted",
        made_by="The customer's payment attempt submits it.",
        by_customer=True,
    ),
    Transition(
        "mark_paid",
        (S.PROCESSING,),
        S.PAID,
        "Payment succeeded",
        "paid_at",
        made_by="Stripe confirms payments.",
    ),
    Transition(
        "fail_payment",
        (S.PROCESSING,),
        S.PENDING,
        "Payment failed",
        made_by="Stripe reports failed payments.",
    ),
    Transition(
        "abandon_payment",
        (S.PROCESSING,),
        S.PENDING,
        "Payment abandoned",
        made_by="An attempt left waiting for 3-D Secure ends when the customer pays with "
        "another card, or when reconciliation finds it still waiting.",
        by_customer=True,
    ),
    Transition(
        "complete_free",
        (S.PENDING,),
        S.PAID,
        "Completed without payment",
        "paid_at",
        made_by="An order with nothing to pay (a free comic, a 100 % code, a staff comp) "
        "completes at checkout, without Stripe.",
        free_only=True,
        by_customer=True,
    ),
    Transition(
        "cancel",
        (S.PENDING, S.PROCESSING),
        S.CANCELED,
        "Cancel",
        "canceled_at",
        by_hand=True,
        by_customer=True,
    ),
    Transition(
        "fulfil",
        (S.PAID,),
        S.FULFILLED,
        "Download access issued",
        "fulfilled_at",
        made_by="Issuing download links fulfils an order.",
    ),
    Transition(
        "deliver",
        (S.FULFILLED,),
        S.DELIVERED,
        "First download",
        "delivered_at",
        made_by="The customer's first download delivers an order.",
        by_customer=True,
    ),
    Transition(
        "refund",
        (S.PAID, S.FULFILLED, S.DELIVERED),
        S.REFUNDED,
        "Fully refunded",
        "refunded_at",
        made_by="A full refund through the refund screen moves the order.",
    ),
    Transition(
        "refund_bounce",
        (S.REFUNDED,),
        S.FULFILLED,
        "Refund came back",
        clears="refunded_at",
        made_by="Stripe reports a full refund failed after it was paid (the customer's bank "
        "sent it back): the customer has their comics again.",
    ),
    Transition(
        "refund_bounce_unfulfilled",
        (S.REFUNDED,),
        S.PAID,
        "Refund came back, never fulfilled",
        clears="refunded_at",
        made_by="Stripe reports a full refund failed after it was paid, of an order refunded "
        "before it was fulfilled: it is paid again, fulfilled unless its VAT evidence holds it.",
    ),
)

TRANSITIONS_BY_NAME: dict[str, Transition] = {t.name: t for t in TRANSITIONS}


def _pairs(transitions) -> frozenset[tuple[str, str]]:
    return frozenset((source.value, t.target.value) for t in transitions for source in t.sources)


ALLOWED_PAIRS = _pairs(TRANSITIONS)
# Moves a customer's own session may make.
CUSTOMER_PAIRS = _pairs(t for t in TRANSITIONS if t.by_customer)
# Moves that only a free_only transition makes: the order must have nothing to pay.
FREE_ONLY_PAIRS = _pairs(t for t in TRANSITIONS if t.free_only) - _pairs(
    t for t in TRANSITIONS if not t.free_only
)


def transitions_from(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS if status in t.sources]


def transitions_by_hand_from(status: str) -> list[Transition]:
    """What staff may do to an order in `status` from the order page."""
    return [t for t in transitions_from(status) if t.by_hand]


# Status groups: every list of statuses elsewhere reads one of these.
UNPAID_STATUSES = (S.PENDING, S.PROCESSING)
# Paid for and not refunded: the customer may download (unless disputed, see
# orders.selectors.order_is_entitled).
ENTITLED_STATUSES = (S.PAID, S.FULFILLED, S.DELIVERED)
# The customer's purchase is complete: the links are out.
DONE_STATUSES = (S.FULFILLED, S.DELIVERED)
ENDED_STATUSES = (S.CANCELED, S.REFUNDED)


def path_to(target: str, start: str = OrderStatus.PENDING) -> list[Transition]:
    """The shortest chain of transitions from `start` to `target` (breadth-first) that an
    order with something to pay takes (no `free_only` transition)."""
    frontier: list[tuple[str, list[Transition]]] = [(start, [])]
    seen = {start}
    while frontier:
        status, path = frontier.pop(0)
        if status == target:
            return path
        for step in transitions_from(status):
            if step.target not in seen and not step.free_only:
                seen.add(step.target)
                frontier.append((step.target, [*path, step]))
    raise ValueError(f"No path from {start} to {target}.")
