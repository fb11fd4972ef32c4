"""An order's status as a customer reads it: one word for what they can do now. Staff
keep the state machine's names ("fulfilled" and "delivered" both read "Ready to download")."""

from collections.abc import Iterable

from morpheus.money import above_maximum_charge, format_display, maximum_charge
from orders.models import Order
from orders.selectors import (
    comics_owned,
    order_dispute_lost,
    order_dispute_lost_in_part,
    order_holds_an_owned_comic,
    order_paid_back_through_dispute_and_refunds,
    order_refund_full_pending,
    order_refunded_keeping_free_items,
    order_unpayable_words,
    orders_awaiting_customer,
    orders_downloads_paused,
    orders_holding_an_owned_comic,
    orders_unpayable_as_they_stand,
)
from orders.transitions import ENTITLED_STATUSES, OrderStatus

CUSTOMER_STATUS = {
    OrderStatus.PENDING: "Awaiting payment",
    OrderStatus.PROCESSING: "Confirming payment",
    OrderStatus.PAID: "Payment received",
    OrderStatus.FULFILLED: "Ready to download",
    OrderStatus.DELIVERED: "Ready to download",
    OrderStatus.CANCELED: "Canceled",
    OrderStatus.REFUNDED: "Refunded",
}


# A free order (nothing to pay, or a code took it all) is paid without a payment.
FREE_ORDER_PAID = "Confirmed"
# Staff gave the comics (`order_comp`): the customer placed no order, as their email says.
GIVEN_BY_STAFF = "Given to you by Morpheus, free of charge"
# Refunds asked for cover all that is left of the order, and Stripe has not settled them yet.
BEING_REFUNDED = "Being refunded"
# The customer's bank disputes the payment: no downloads while it is open, none for good once
# the dispute is lost (the payment went back to the bank).
DISPUTED = "Payment disputed"
# An unpaid order holding a comic the customer owns through another order, or coming to more
# than a card is charged at once: it cannot be paid (the pay page says why) and waits to
# expire.
CANNOT_BE_PAID = "Cannot be paid"
# The same, for an order with nothing to pay (outside probe BQ-8: "Cannot be paid" read odd
# for an order never to be charged): its comics are all in the library, or some are not.
ALREADY_IN_LIBRARY = "Already in your library"
CANNOT_BE_COMPLETED = "Cannot be completed"
DISPUTE_LOST = "Payment returned to your bank"
# Part of it (outside probe DT-3: a loss of 3.00 of 8.99 read as the whole payment).
DISPUTE_LOST_IN_PART = "Part of the payment returned to your bank"
# Part of it, and refunds paid back the rest (outside probe IB-1: "Part of the payment
# returned to your bank" read as if the rest were still owed); the receipt says which paid
# back what, and the words stay short enough for a phone's badge.
DISPUTE_LOST_REST_REFUNDED = "Paid back in full"
# The payment waits for the customer's own step (3-D Secure left in a closed or reloaded
# tab), or an order with nothing to pay waits for their "Get it for free": nothing happens
# until they finish or cancel it ("Confirming payment" read as if the shop were at it, and
# the customer waited; "Awaiting payment" for a free order, as if a payment were due).
WAITING_FOR_YOU = "Waiting for you"
# Staff suspended the order's links because they were used from many places: the customer
# replies to our email and gets fresh links once the suspension is lifted.
DOWNLOADS_PAUSED = "Downloads paused"
# Said beside the status of an order part of which was paid back (items, or an amount): its
# other comics stay the customer's.
PARTLY_REFUNDED = "Partly refunded"
PARTLY_BEING_REFUNDED = "Partial refund under way"


def refunded_keeping_free_items(order: Order) -> str:
    """What an order whose money was all paid back, keeping its free comics (and its
    status, for them), says beside its status, to the customer and staff alike; "" for
    any other order."""
    kept = order_refunded_keeping_free_items(order)
    if not kept:
        return ""
    return f"Refunded, free comic{'s' if len(kept) > 1 else ''} kept"


def cannot_be_charged_at_once(order: Order) -> str:
    """Why the order cannot be paid when it comes to more than a card is charged at once
    ("" when it does not): checkouts place no such order, but one priced again after it was
    placed can be (VAT added back once VIES refused a business's number)."""
    if not above_maximum_charge(order.total_amount, order.currency):
        return ""
    total = format_display(order.total_amount, order.currency)
    most = format_display(maximum_charge(order.currency), order.currency)
    return (
        f"Order {order.number} comes to {total}, more than a card can be charged at once "
        f"({most}), so it cannot be paid"
    )


def customer_status(status: str) -> str:
    return CUSTOMER_STATUS[OrderStatus(status)]


def nothing_to_pay(order: Order) -> str:
    """Why a payment, or a "Get it for free", sent from a stale page of an order no longer
    awaiting one is refused, in the customer's words: outside probe BQ-2 read "Order … is
    delivered: nothing to pay", a word the storefront never shows."""
    if order.status in ENTITLED_STATUSES and order.total_amount:
        return f"Order {order.number} is already paid: nothing more to pay."
    if order.status in ENTITLED_STATUSES:
        return f"Order {order.number} is already confirmed: nothing to pay."
    if order.status == OrderStatus.PROCESSING:
        return f"Order {order.number} is being paid already."
    return f"Order {order.number} is {customer_status(order.status).lower()}: nothing to pay."


def order_customer_status(
    order: Order,
    *,
    paused: set[int] | None = None,
    unpayable: set[int] | None = None,
    holding_owned: set[int] | None = None,
) -> str:
    """The order's status in the customer's words. `paused`: `orders_downloads_paused` of a
    list of orders, `unpayable` the pending ones `orders_unpayable_as_they_stand`,
    `holding_owned` those `orders_holding_an_owned_comic`, read once for all of them."""
    if order.status in ENTITLED_STATUSES and order.disputed_at is not None:
        if not order_dispute_lost(order):
            return DISPUTED
        if order_paid_back_through_dispute_and_refunds(order):
            return DISPUTE_LOST_REST_REFUNDED
        return DISPUTE_LOST_IN_PART if order_dispute_lost_in_part(order) else DISPUTE_LOST
    if order.status == OrderStatus.PAID and order.total_amount == 0:
        return FREE_ORDER_PAID
    if order.status in ENTITLED_STATUSES and order_refund_full_pending(order):
        return BEING_REFUNDED
    if order.status in ENTITLED_STATUSES and order.pk in (
        orders_downloads_paused(order_ids=[order.pk]) if paused is None else paused
    ):
        return DOWNLOADS_PAUSED
    if refunded := refunded_keeping_free_items(order):
        return refunded
    if order.status == OrderStatus.PENDING and (
        order.pk in holding_owned
        if holding_owned is not None
        else order_holds_an_owned_comic(order=order)
    ):
        if order.total_amount:
            return CANNOT_BE_PAID
        comic_ids = {item.comic_id for item in order.items.all()}
        all_owned = comics_owned(customer=order.customer, comic_ids=comic_ids) == comic_ids
        return ALREADY_IN_LIBRARY if all_owned else CANNOT_BE_COMPLETED
    if order.status == OrderStatus.PENDING and above_maximum_charge(
        order.total_amount, order.currency
    ):
        return CANNOT_BE_PAID
    if order.status == OrderStatus.PENDING and (
        order.pk in unpayable if unpayable is not None else order_unpayable_words(order=order)
    ):
        # Outside probe GX-7: "Awaiting payment" above "This order cannot be paid".
        return CANNOT_BE_PAID if order.total_amount else CANNOT_BE_COMPLETED
    if order.status == OrderStatus.PENDING and order.total_amount == 0:
        return WAITING_FOR_YOU
    if order.status == OrderStatus.PROCESSING and orders_awaiting_customer(order_ids=[order.pk]):
        return WAITING_FOR_YOU
    return customer_status(order.status)


def partly_refunded(order: Order) -> str:
    """What an order still the customer's says of refunds that paid back part of it, or
    are paying it back; "" when none did, or when all of it was paid back (its status says
    so: refunded, being refunded, or refunded keeping its free comics)."""
    if order.status not in ENTITLED_STATUSES or order.disputed_at is not None:
        return ""
    if order.refunded_amount + order.refund_pending_amount >= order.total_amount:
        return ""
    if order.refunded_amount:
        return PARTLY_REFUNDED
    return PARTLY_BEING_REFUNDED if order.refund_pending_amount else ""


def orders_with_customer_status(orders: Iterable[Order]) -> list[tuple[Order, str, str]]:
    """Each order beside its status in the customer's words and what it says of a partial
    refund (`partly_refunded`), for a list of them: which have their downloads paused is
    read once for all."""
    orders = list(orders)
    entitled = [order.pk for order in orders if order.status in ENTITLED_STATUSES]
    paused = orders_downloads_paused(order_ids=entitled)
    pending = [order for order in orders if order.status == OrderStatus.PENDING]
    unpayable = set(orders_unpayable_as_they_stand(orders=pending))
    holding_owned = orders_holding_an_owned_comic(orders=pending)
    return [
        (
            order,
            order_customer_status(
                order, paused=paused, unpayable=unpayable, holding_owned=holding_owned
            ),
            partly_refunded(order),
        )
        for order in orders
    ]
