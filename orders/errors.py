from datetime import UTC
from typing import TYPE_CHECKING

from morpheus.errors import DomainError
from orders.events import LOSS_REVERSED
from orders.link_events import LINK_EVENT_TITLES

# A dispute's history rows, as a stale page names the last change (`_change_words`).
DISPUTE_CHANGES = {
    None: "disputed",
    "won": "dispute won",
    "lost": "dispute lost",
    LOSS_REVERSED: "dispute won after it was lost",
}

if TYPE_CHECKING:
    from orders.models import Order


class OrderError(DomainError):
    """A request the order domain refuses; the message is fit to show a person."""


class TransitionNotAllowed(OrderError):
    pass


class CanceledByYouAlready(TransitionNotAllowed):
    """The customer's cancel came again (a double click, another tab, a client's retry):
    their first one canceled the order, from `from_status`."""

    def __init__(self, message: str, *, from_status: str) -> None:
        super().__init__(message)
        self.from_status = from_status


class StaleOrder(OrderError):
    """The order changed since the caller loaded it: someone else's change, or the caller's
    own page sent twice."""

    @classmethod
    def about(cls, order, *, status_shown: str | None = None) -> "StaleOrder":
        """In staff's words, with the status the order has now when it is not the one the
        page showed (`status_shown`, when known): a refund or new links leave it as it was;
        and its last change, who made it and when (outside probe CD-5: a refund made by
        another member of staff meanwhile went unsaid). An API client, which loaded no
        page, reads `api_message`."""
        now = f"now {order.get_status_display().lower()}" if status_shown != order.status else ""
        said = "; ".join(part for part in (now, _last_change(order)) if part)
        stale = cls(
            f"Order {order.number} has changed since this page was loaded{_aside(said)}. "
            "Nothing was done: look at it again and retry."
        )
        stale.api_message = (
            f"Order {order.number} changed while this request ran{_aside(now)}. "
            "Nothing was done: fetch it again and retry."
        )
        return stale


class OrderNotFound(OrderError):
    pass


class EmptyOrder(OrderError):
    pass


class EmptyCart(EmptyOrder):
    pass


class ComicUnavailable(OrderError):
    def __init__(self, message: str, *, api_message: str = "") -> None:
        super().__init__(message)
        self.api_message = api_message


class CartChanged(OrderError):
    """The cart is not what the page its checkout was sent from showed (changed in another
    tab or window since, or a price the shop moved to another currency; the digest cannot
    tell which, so the message names both): nothing is ordered, and the cart page shows it
    as it is now. `button` is the one the customer pressed."""

    def __init__(self, button: str = "Checkout") -> None:
        super().__init__(
            "Your cart or a price in it changed since this page was shown (in another tab "
            "or window, or by the shop): here it is as it is now, check it and press "
            f"{button} again."
        )


class MixedCurrencies(OrderError):
    CART = "Comics priced in different currencies: pay separately."


class RefundExceedsTotal(OrderError):
    pass


class AboveMaximumCharge(OrderError):
    """An order that would come to more than a card can be charged at once."""


class NotFree(OrderError):
    """The order has something to pay: it goes through a payment."""


class AlreadyOwned(OrderError):
    """The customer already owns a comic the request would sell them again (it is in their
    library), or is paying for it in another order right now."""


class NoLongerForSale(OrderError):
    """An unpaid order holds a comic staff took off sale since it was placed."""


class NoteAlreadyAdded(OrderError):
    """The note form was sent again (a double click, a reload of the POST)."""


class CompAlreadyGiven(OrderError):
    """The form giving comics was sent again (a double click): `order` is the one it made."""

    def __init__(self, message: str, *, order: "Order") -> None:
        super().__init__(message)
        self.order = order


def _aside(words: str) -> str:
    return f" ({words})" if words else ""


def _last_change(order: "Order") -> str:
    """The order's last event but staff notes (which change nothing), in words; when Stripe
    or the shop made it, the last one a person made before it too (a colleague's refund,
    which Stripe confirmed since: outside probe CF-3). Rows a change writes after it (the
    links a refund revokes, the code a cancel releases) are told as that change (outside
    probe CQ-2: "download links revoked by Staff: …" hid a colleague's refund)."""
    rows = list(order.events.exclude(type="note").order_by("-created_at", "-id")[:6])
    recent = [
        row
        for row, older in zip(rows, [*rows[1:], None], strict=True)
        if not (older and _follows(row) and older.actor == row.actor)
    ]
    if not recent:
        return ""
    last, *before = recent
    said = f"the last change: {_change_words(last)}"
    # Past every row Stripe or the shop wrote since (a full refund's confirmation writes
    # two: outside probe FQ-1).
    made_by = next((row for row in before if _by_a_person(row)), None)
    if made_by and not _by_a_person(last):
        said = f"{said}, after {_change_words(made_by)}"
    return said


def _change_words(event) -> str:
    what = event.get_type_display()
    if event.type == "download_links":  # outside probe CM-3: "download links by the customer"
        what = LINK_EVENT_TITLES.get((event.data or {}).get("action"), what)
    if event.type == "disputed":  # outside probe EB-3: a won dispute read "disputed"
        what = DISPUTE_CHANGES.get((event.data or {}).get("action"), "dispute updated")
    if event.type == "flagged" and "settled" in (event.data or {}):
        what = "flag settled"  # outside probe FF-2: a flag cleared read "flagged for staff"
    what = what.lower()
    if event.to_status:
        what = f"{what} to {event.to_status}"
    return f"{what} by {_who(event.actor)} at {event.created_at.astimezone(UTC):%H:%M} UTC"


def _follows(event) -> bool:
    """A row written as the consequence of the change before it: the links a refund
    revokes, the code a cancel releases, the card's country learnt as a payment is sent
    (outside probe GK-1: "after vat evidence by the customer" hid the customer's payment)."""
    data = event.data or {}
    revoked = event.type == "download_links" and data.get("action") == "revoked"
    card_learnt = event.type == "vat" and "card_country" in data
    return revoked or card_learnt or (event.type == "discount" and bool(data.get("released")))


def _by_a_person(event) -> bool:
    return event.actor.startswith(("staff:", "customer:"))


def _who(actor: str) -> str:
    """Who, as the staff's order page names them without looking an account up."""
    kind, _, name = actor.partition(":")
    return {
        "staff": f"Staff: {name}",
        "customer": "the customer",
        "stripe": "Stripe",
        # The customer's first download delivers the order (outside probe CM-3: "the shop").
        "download-link": f"the customer's download through link #{name}",
    }.get(kind, "the shop")
