"""What the VAT app writes in histories, flags and documents, and the category of a comic."""

from orders.actors import SYSTEM
from orders.transitions import OrderStatus
from tax.countries import OUTSIDE_EVERY_SCHEME
from tax.models import TaxCategory

# Every comic is an e-book / digital publication for VAT.
COMIC_CATEGORY = TaxCategory.EBOOK
CONFLICT = "VAT evidence conflict:"
RELEASED_AS_DECLARED = "as declared: no longer held"
# How the flag and history of an order whose VAT number VIES refused begin.
VIES_REFUSED = "VIES refused VAT number"
UNDER_WAY = " while its payment by reverse charge was under way"
# Who holds an order on a conflict: the rule, not whoever's request brought the evidence.
EVIDENCE_RULE = f"{SYSTEM}:vat_evidence"
# An order refunded in full or canceled (always before it was paid) has nothing to fulfil,
# decide or declare.
NO_LONGER_HELD = {
    OrderStatus.REFUNDED: "Refunded in full: no longer held for Finance's decision",
    OrderStatus.CANCELED: "Canceled unpaid: no longer held for Finance's decision",
}
NOTHING_TO_DECIDE = {
    OrderStatus.REFUNDED: "Order {number} was refunded in full: there is nothing left to decide.",
    OrderStatus.CANCELED: "Order {number} was canceled unpaid: there is nothing to decide.",
}
CHARGED_BACK = "Charged back (a dispute lost): no longer held for Finance's decision"
CHARGED_BACK_NOTHING_TO_DECIDE = (
    "Order {number} was charged back (a dispute lost): nothing can be fulfilled, there is "
    "nothing to decide."
)
HELD_AGAIN = "Dispute lost before, won after all: held again until Finance decides"
CAME_BACK = "Full refund came back from the customer's bank, the order never fulfilled"
HELD_AGAIN_CAME_BACK = f"{CAME_BACK}: held again until Finance decides"
REFUND_DECIDED_CAME_BACK = f"{CAME_BACK}: held again until it is refunded, as Finance decided"
REVERSE_CHARGE_NOTE = (
    "Reverse charge: VAT to be accounted for by the recipient "
    "(Article 196, Council Directive 2006/112/EC)."
)
# A buyer from Elsewhere gives no VAT number (none is from there): a consumer, for whom an
# e-book is supplied where they live.
ELSEWHERE_NOTE = (
    f"No VAT: supplied to a customer living {OUTSIDE_EVERY_SCHEME}, so the place of supply "
    "is outside the EU (Article 58, Council Directive 2006/112/EC)."
)
