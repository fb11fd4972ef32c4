"""Template helpers of the storefront: money, statuses in our words, the cart badge in the
header, and the guest checkout form's token of its page."""

import secrets
from email.utils import parseaddr
from typing import Any

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.utils.html import format_html

from accounts import selectors as account_selectors
from morpheus.money import format_display
from orders import selectors as order_selectors
from orders import session_cart
from orders.events import EXPIRED
from orders.guests import LINK_DAYS
from orders.guests import is_guest as _is_guest
from orders.models import OrderEventType
from orders.status_words import (
    CUSTOMER_STATUS,
    FREE_ORDER_PAID,
    GIVEN_BY_STAFF,
    WAITING_FOR_YOU,
    partly_refunded,
)
from orders.transitions import OrderStatus
from payments.messages import customer_message
from payments.selectors import items_paid_back
from promotions.bundles import orders_completing_at_a_lapsed_price
from promotions.selectors import cart_line_count
from tax.models import EvidenceDecision
from tax.services import EVIDENCE_RULE as VAT_EVIDENCE_RULE
from tax.services import RELEASED_AS_DECLARED

register = template.Library()


@register.simple_tag
def shop_address() -> str:
    """The address the shop's emails come from, which their replies reach: where a customer
    writes (outside probe GH-3: pages said "Please contact us" and no page said how)."""
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


@register.filter
def money(amount: int | None, currency: str) -> str:
    """Integer minor units and an ISO currency -> "€4.99"; "-€1.00" for negatives."""
    return format_display(amount, currency)


@register.filter
def price(amount: int, currency: str) -> str:
    """A comic's or an item's price: "Free" when it costs nothing, as the catalogue says.
    Totals, discounts and VAT stay amounts ("Total €0.00")."""
    return format_display(amount, currency) if amount else "Free"


@register.filter
def partial_refund(order) -> str:
    """ "Partly refunded" and the like, beside the status of an order part of which was paid
    back (`orders.status_words.partly_refunded`)."""
    return partly_refunded(order)


@register.filter
def is_guest(user) -> bool:
    return user.is_authenticated and _is_guest(user)


@register.simple_tag
def guest_link_days() -> int:
    """How many days a guest's emailed order link opens the order."""
    return LINK_DAYS


@register.simple_tag(takes_context=True)
def owns_comic(context, comic) -> bool:
    """Whether the signed-in customer owns the comic (it is in their library): its page
    offers the library instead of the cart."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return bool(order_selectors.comics_owned(customer=user, comic_ids=[comic.pk]))


@register.simple_tag(takes_context=True)
def comics_owned_among(context, comics) -> set[int]:
    """The ids of the comics listed that the signed-in customer owns (one query): the
    catalog marks them as in the library."""
    user = getattr(context.get("request"), "user", None)
    return order_selectors.comics_owned(customer=user, comic_ids=[comic.pk for comic in comics])


@register.simple_tag(takes_context=True)
def comics_awaiting_among(context, comics) -> dict[int, str]:
    """Of the comics listed, those in an order of the signed-in customer's still waiting for
    them: comic id -> the words the catalog marks them with ("Waiting for you" for an order
    with nothing to pay, as its own page says)."""
    return {
        comic_id: awaiting_words(order)
        for comic_id, order in orders_awaiting_among(context, comics).items()
    }


@register.simple_tag(takes_context=True)
def orders_awaiting_among(context, comics) -> dict[int, order_selectors.AwaitingOrder]:
    """As `comics_awaiting_among`, each comic with its order, for a page that links to it
    (the bundle page: outside probe HY-3, it did not say so, and buying the bundle left
    those orders unpayable)."""
    user = getattr(context.get("request"), "user", None)
    return _awaiting_payable(user, [comic.pk for comic in comics])


@register.filter
def awaiting_words(order: order_selectors.AwaitingOrder) -> str:
    """What marks a comic whose order waits for the customer ("Waiting for you" for an order
    with nothing to pay, or whose payment waits for their bank's 3-D Secure, as its own page
    says)."""
    if order.free or order.authenticating:
        return WAITING_FOR_YOU
    return CUSTOMER_STATUS[OrderStatus.PENDING]


@register.simple_tag(takes_context=True)
def unpaid_order_for(context, comic) -> order_selectors.AwaitingOrder | None:
    """The signed-in customer's order for the comic still waiting for them (None when none):
    its page points there before "Add to cart"."""
    user = getattr(context.get("request"), "user", None)
    return _awaiting_payable(user, [comic.pk]).get(comic.pk)


def _awaiting_payable(user, comic_ids: list[int]) -> dict[int, order_selectors.AwaitingOrder]:
    """`comics_awaiting_payment`, but not an order completing a series at a price that no
    longer holds, which the pay page refuses too (outside probe GR-7)."""
    awaiting = order_selectors.comics_awaiting_payment(customer=user, comic_ids=comic_ids)
    lapsed = orders_completing_at_a_lapsed_price(
        numbers={order.number for order in awaiting.values()}
    )
    return {comic_id: order for comic_id, order in awaiting.items() if order.number not in lapsed}


@register.filter
def of(values: dict[int, Any], key: int) -> Any:
    """`values[key]`, "" when it has none: a template's look-up by a variable's value."""
    return values.get(key, "")


@register.simple_tag(takes_context=True)
def address_to_confirm(context) -> str:
    """The signed-in account's address while it is not confirmed, or the one it is changing
    to ("" otherwise, and for a guest): orders placed as a guest with it join the account
    once it is, which My orders and the library say (outside probe GQ-1: they read "No
    orders yet", nothing saying the purchase would come)."""
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated or _is_guest(user):
        return ""
    state = account_selectors.account_address_state(user=user)
    if not state.verified:
        return state.email
    # A change of address waiting for its confirmation (outside probe GR-3).
    return state.waiting[-1] if state.waiting else ""


@register.simple_tag
def cart_count(request: HttpRequest) -> int:
    if not hasattr(request, "user"):  # an error page: without the request, or its session
        return 0
    if request.user.is_authenticated:
        return cart_line_count(customer=request.user)
    return len(session_cart.comic_ids(request.session))


STATUS_WORDS = {
    OrderStatus.PROCESSING: "Payment submitted",
    OrderStatus.PAID: "Payment received",
    OrderStatus.FULFILLED: "Ready to download",
    OrderStatus.DELIVERED: "Downloaded",
    OrderStatus.CANCELED: "Canceled",
}
CANCELED_BY_STAFF = "Canceled by Morpheus"
# Outside probe HZ-2: an expired order's history read "Canceled", as the customer's own cancel.
CANCELED_EXPIRED = "Canceled, as it was not paid in time"
DISPUTE_OUTCOME_WORDS = {
    "won": "Dispute resolved",
    "lost": "Dispute closed: the payment went back to your bank",
}
# Only a close that gave the downloads back says so (not one of a refunded order, nor one
# that came before the dispute was ever seen, nor one while another dispute is open).
DISPUTE_RESTORED_WORDS = "Dispute resolved: your downloads are back"


@register.filter
def customer_history(events, order) -> list[tuple[object, str]]:
    """The order's history as the customer reads it: (when, words), leaving out what only
    matters to us (links issued or replaced, status pairs, notes), the failure of a refund
    Stripe paid after all, which the history then says was refunded, and a refund never
    sent (its "under way" too: it never will be)."""
    events = list(events)
    refunds = [event.data or {} for event in events if event.type == OrderEventType.REFUND]
    paid_after_all = {data.get("refund_id") for data in refunds if data.get("after_failing")}
    # `unsent`: a refund not sent, recorded as failed before it had its own status.
    not_sent = {
        data.get("refund_id")
        for data in refunds
        if data.get("status") == "not_sent" or data.get("unsent")
    }
    # Staff gave the comics: the customer placed nothing, nor confirmed anything.
    given = any(event.type == OrderEventType.COMP for event in events)
    lines = [
        (event.created_at, event_words(event, order, given=given))
        for event in _charge_refund_failures_left_out(events)
        if not _refund_left_out(event, paid_after_all=paid_after_all, not_sent=not_sent)
    ]
    return [(when, words) for when, words in lines if words]


def _charge_refund_failures_left_out(events: list) -> list:
    """The events but the failures of a refund of a charge the order does not count once
    a refund of that charge came back from the customer's bank: "we will contact you about
    paying it back" stays what the history (and the order page) says of it, not "we will
    send it again"."""
    came_back: set[str] = set()
    kept = []
    for event in events:
        data = event.data or {}
        if event.type == OrderEventType.DUPLICATE_PAYMENT:
            if data.get("action") == "refund_came_back":
                came_back.add(data.get("payment_intent"))
            elif data.get("action") == "refund_failed" and data.get("payment_intent") in came_back:
                continue
        kept.append(event)
    return kept


def _refund_left_out(event, *, paid_after_all: set[int], not_sent: set[int]) -> bool:
    data = event.data or {}
    if event.type != OrderEventType.REFUND:
        return False
    refund_id = data.get("refund_id")
    return refund_id in not_sent or (data.get("status") == "failed" and refund_id in paid_after_all)


def event_words(event, order, *, given: bool = False) -> str:
    """One event as the order page names it; "" for what it leaves out. `given`: staff gave
    the order's comics (its history has their comp), which its placing and paying were."""
    data, currency = event.data or {}, order.currency
    if event.type == OrderEventType.CREATED:
        return "" if given else "Order placed"
    if event.type == OrderEventType.COMP:
        return GIVEN_BY_STAFF
    if event.type == OrderEventType.STATUS_CHANGED:
        if event.to_status == OrderStatus.PAID and order.total_amount == 0:
            return "" if given else FREE_ORDER_PAID
        if event.to_status == OrderStatus.CANCELED and event.actor.startswith("staff:"):
            return CANCELED_BY_STAFF  # outside probe CM-2: it read as if they had
        if event.to_status == OrderStatus.CANCELED and event.reason == EXPIRED:
            return CANCELED_EXPIRED
        return STATUS_WORDS.get(event.to_status, "")
    if event.type == OrderEventType.PAYMENT_FAILED:
        return f"Payment failed: {customer_message(data.get('code') or '')}"
    if event.type == OrderEventType.REFUND:
        return _refund_words(data, currency)
    if event.type == OrderEventType.DUPLICATE_PAYMENT:
        canceled = order.status == OrderStatus.CANCELED
        return _charge_not_counted_words(data, currency, canceled=canceled)
    if event.type == OrderEventType.DISPUTED:
        if "action" not in data:  # opened: a refunded order has no downloads to suspend
            refunded = order.status == OrderStatus.REFUNDED  # (outside probe FO-5)
            return "Payment disputed with your bank" + (
                "" if refunded else ": downloads are suspended"
            )
        if data.get("restored"):
            return DISPUTE_RESTORED_WORDS
        if data["action"] == "lost" and 0 < data.get("amount", 0) < order.total_amount:
            taken = money(data["amount"], order.currency)
            return f"Dispute closed: {taken} of the payment went back to your bank"
        return DISPUTE_OUTCOME_WORDS.get(data["action"], "")
    if event.type == OrderEventType.ADDRESS:
        return "Emails for this order now go to your confirmed address"
    return _vat_hold_words(event, order)


# Outside probe GQ-3: the history skipped the hold that kept the comics waiting, and its end.
# Held once paid, when the evidence came before the payment (the card's country, learnt as
# the payment starts: outside probe IB-3, the hold read as if before "Payment received"),
# and of one comic as one (IB-2).
VAT_HELD = "{comics} held for our check of the country you live in, for VAT"
VAT_HELD_ONCE_PAID = (
    "{comics} to be held, once paid, for our check of the country you live in, for VAT"
)
VAT_HOLD_ENDED = "Country you live in confirmed, for VAT"


def _vat_hold_words(event, order) -> str:
    """The VAT evidence's hold of the order as its history names it: held, then its end
    (Finance accepted the country, or evidence came that supports it); "" for the rest."""
    if event.type == OrderEventType.FLAGGED and event.actor == VAT_EVIDENCE_RULE:
        comics = "Comic" if len(order.items.all()) == 1 else "Comics"
        before_paid = order.paid_at is None or event.created_at < order.paid_at
        return (VAT_HELD_ONCE_PAID if before_paid else VAT_HELD).format(comics=comics)
    if event.type != OrderEventType.VAT:
        return ""
    accepted = (event.data or {}).get("decision") == EvidenceDecision.ACCEPTED
    return VAT_HOLD_ENDED if accepted or event.reason.endswith(RELEASED_AS_DECLARED) else ""


def _charge_not_counted_words(data: dict, currency: str, *, canceled: bool) -> str:
    """A charge the order does not count: a second one, or one after it was canceled."""
    amount = money(data["amount"], currency)
    action = data.get("action")
    if action == "refund_came_back":
        charge = f"the payment of {amount}" if canceled else f"the second charge ({amount})"
        return (
            f"Refund of {charge} did not reach you: it came back to us, and we will contact "
            "you about paying it back"
        )
    if not canceled:
        return f"Second charge of {amount} refunded to your card" if action == "refunded" else ""
    if action == "recorded":
        return f"Payment of {amount} went through after the cancel: it is being refunded"
    if action == "refund_failed":
        return f"Our refund of {amount} could not be made: we will send it again"
    if action == "refunded":
        return f"Payment of {amount} refunded to your card"
    return ""


def _refund_words(data: dict, currency: str) -> str:
    if "refunded_amount" in data:
        return f"Refunded {money(data['refunded_amount'] - data['previously'], currency)}"
    if data.get("status") == "pending":
        return f"Refund of {money(data['amount'], currency)} under way"
    if data.get("after_paid"):
        return f"Refund of {money(data['amount'], currency)} did not reach you: it came back to us"
    # `unsent`: a refund not sent, recorded as failed before it had its own status.
    if data.get("status") == "failed" and not data.get("unsent"):
        return f"Refund of {money(data['amount'], currency)} could not be made"
    return ""


@register.simple_tag
def order_items_paid_back(order) -> dict[int, int]:
    """What the refunds that stayed paid paid back of each of the order's items: an item
    refund sent before an earlier refund came back may have paid less than it cost."""
    return items_paid_back(order)


@register.simple_tag
def form_attempt() -> str:
    """A form's token of this page alone ("Buy as a guest", the new password): a double
    click sends it twice, a post from anywhere else (another tab, another browser) does not
    have it."""
    return secrets.token_urlsafe(16)


@register.simple_tag(takes_context=True)
def field_aria(context, field_id: str, hint_id: str = "") -> str:
    """A form field's attributes: described by its hint, and, when the page was sent back
    about this field (`morpheus.refusals.field_problem_pop`), by the words under it, marked
    invalid and focused."""
    if not _problem_about(context, field_id):
        return format_html(' aria-describedby="{}"', hint_id) if hint_id else ""
    described = " ".join(filter(None, [f"{field_id}-problem", hint_id]))
    return format_html(' aria-describedby="{}" aria-invalid="true" autofocus', described)


@register.simple_tag(takes_context=True)
def field_problem(context, field_id: str) -> str:
    """The words of the refusal about this field, under it, announced as the page opens."""
    if not _problem_about(context, field_id):
        return ""
    return format_html(
        '<p class="message error field-problem" id="{}-problem" role="alert">{}</p>',
        field_id,
        context["field_problem"]["message"],
    )


def _problem_about(context, field_id: str) -> bool:
    problem = context.get("field_problem")
    return bool(problem) and problem.get("id") == field_id


@register.simple_tag(takes_context=True)
def business_open(context, vat_number_id: str, id_prefix: str) -> str:
    """The checkout's business fields (a VAT number, the business's name and address) fold
    away under a line a consumer passes by (outside probe GQ-4: on a phone they pushed "Buy
    as a guest" 600 px down): open when anything was typed in them or is said about them."""
    typed = context.get("business_typed") or {}
    problem = (context.get("field_problem") or {}).get("id", "")
    fields = {vat_number_id, f"{id_prefix}-business-name", f"{id_prefix}-billing-address"}
    if context.get("vat_number_typed") or any(typed.values()) or problem in fields:
        return " open"
    return ""
