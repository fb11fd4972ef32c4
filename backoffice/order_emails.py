"""The order page's emails: each customer email of the order, to which address, and whether
it went (`notifications.services.email_send_once` claims a row, sends, marks it sent)."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.html import format_html

from backoffice.never_numbered import WAITING_TOO_LONG
from notifications.models import EmailDelivery, EmailKind, EmailWithheld
from notifications.selectors import downloads_may_be_emailed, emails_of_order
from orders.guests import is_erased_or_going
from orders.models import Order
from orders.selectors import links_sent_on_confirmation, order_given_by_staff
from orders.transitions import OrderStatus
from tax.models import EvidenceDecision
from tax.selectors import order_evidence

WITHHELD = {
    EmailWithheld.NO_LONGER_DUE: "Not sent: no longer due when its job ran (the order had "
    "moved on).",
    EmailWithheld.ERASURE: "Not sent: the customer asked for their account's erasure.",
    EmailWithheld.ADDRESS_UNCONFIRMED: "Not sent until the customer confirms their address "
    "(the link emailed to it).",
    EmailWithheld.TURNED_OFF: "Not sent: the customer turned these emails off.",
    EmailWithheld.GIFT: "Not sent: staff gave these comics; the email of their downloads tells "
    "the customer.",
}


# Outside probe EE-3: it read "no longer due (the order had moved on)", of an order that
# had not, and whose email goes once Finance accepts its declared country.
HELD_FOR_FINANCE = {
    EvidenceDecision.HELD: "Not sent yet: the order is held for Finance's decision on its VAT "
    "evidence; it goes once they accept the declared country.",
    # Outside probe EF-2: it read "no longer due" too, and went when Finance accepted after all.
    EvidenceDecision.REFUND: "Not sent: Finance decided on a refund for the order's VAT "
    "evidence; it goes only if they accept the declared country after all.",
}

CONFIRMED_SINCE = (
    "Not sent yet: held until the customer confirmed their address, which they since did; "
    "the fulfilment job sends it next."
)


# The downloads email of comics staff gave is titled as a gift (`notifications.emails`):
# outside probe HW-2 found it listed as "Your downloads are ready".
GIVEN_BY_STAFF = "Comics given free of charge, with their downloads"


@dataclass(frozen=True)
class EmailRow:
    delivery: EmailDelivery
    state: str
    fault: bool
    title: str


@dataclass(frozen=True)
class _Customer:
    """What the unsent rows' words depend on, read once per order."""

    erased: bool  # or its erasure asked for
    address_confirmed: bool
    held_for_finance: str  # Finance's VAT decision its downloads email waits on ("": none)


def order_emails(order: Order) -> list[EmailRow]:
    deliveries = emails_of_order(order_id=order.pk)
    unsent = [delivery for delivery in deliveries if delivery.sent_at is None]
    customer = _Customer(
        erased=bool(unsent) and is_erased_or_going(order.customer),
        address_confirmed=any(d.withheld == EmailWithheld.ADDRESS_UNCONFIRMED for d in unsent)
        and downloads_may_be_emailed(order),
        held_for_finance=_held(order) if any(_downloads_not_due(d) for d in unsent) else "",
    )
    now = timezone.now()
    given = any(_gift_email(d) for d in deliveries) and order_given_by_staff(order=order)
    return [
        EmailRow(delivery, *_state(delivery, order, customer, now), _title(delivery, given))
        for delivery in deliveries
    ]


def _gift_email(delivery: EmailDelivery) -> bool:
    """Whether it is the email a staff gift's fulfilment sends (links re-sent later are not)."""
    return delivery.kind == EmailKind.DOWNLOADS_READY and delivery.event_key == "fulfilled"


def _title(delivery: EmailDelivery, given: bool) -> str:
    return GIVEN_BY_STAFF if given and _gift_email(delivery) else delivery.get_kind_display()


def _state(delivery: EmailDelivery, order: Order, customer: _Customer, now) -> tuple[str, bool]:
    """What became of the email, and whether that is a fault to look into."""
    if delivery.sent_at is not None:
        return _when("Sent", delivery.sent_at), False
    if customer.erased:  # outside probe CC, CC-3: whatever held it before
        return WITHHELD[EmailWithheld.ERASURE], False
    if delivery.withheld == EmailWithheld.ADDRESS_UNCONFIRMED:
        if not links_sent_on_confirmation(order):
            return _moved_on(order), False
        if customer.address_confirmed:  # outside probe CC, CC-4
            return CONFIRMED_SINCE, False
    if customer.held_for_finance and _downloads_not_due(delivery):
        return HELD_FOR_FINANCE[customer.held_for_finance], False
    if delivery.withheld:
        return WITHHELD[delivery.withheld], False
    since = _when("Waiting to be sent since", delivery.created_at)
    if now - delivery.created_at > WAITING_TOO_LONG:
        return (
            format_html(
                "{}: check that the job worker runs and the mail server answers (Jobs).", since
            ),
            True,
        )
    return format_html("{}.", since), False


def _downloads_not_due(delivery: EmailDelivery) -> bool:
    return (
        delivery.kind == EmailKind.DOWNLOADS_READY
        and delivery.withheld == EmailWithheld.NO_LONGER_DUE
    )


def _held(order: Order) -> str:
    """The decision holding the paid order for its VAT evidence ("" when none does: a
    refunded one is no longer held, outside probe EI-2)."""
    if order.status != OrderStatus.PAID:
        return ""
    evidence = order_evidence(order_id=order.pk)
    held = evidence is not None and evidence.decision in HELD_FOR_FINANCE
    return evidence.decision if held else ""


def _moved_on(order: Order) -> str:
    now = "disputed" if order.disputed_at else order.get_status_display().lower()
    return (
        f"Not sent: held until the customer confirmed their address, and the order has moved "
        f"on since ({now}): its links will not be emailed."
    )


def _when(words: str, moment) -> str:
    return format_html('{} <span class="bo-when">{} UTC</span>', words, f"{moment:%Y-%m-%d %H:%M}")
