"""The order list's search box: one term, matched the way each kind of identifier is
looked up, so that every branch can use an index.

Under row-level security PostgreSQL uses an index only for leakproof operators: `=`, `<`,
`>=` on text are, but UPPER(), LIKE and ILIKE are not (they would run before the policy).
So an email's start is a range on `email_lower` (the address in lower case, a column
PostgreSQL keeps), not a case-insensitive LIKE."""

from django.db.models import Q

from orders.numbers import order_number_as_read
from payments.models import Payment

LAST_CHARACTER = "\U0010ffff"


def _orders_paid_by(**payment_match) -> Q:
    return Q(pk__in=Payment.objects.filter(**payment_match).values("order_id"))


def _email_starts_with(prefix: str) -> Q:
    prefix = prefix.lower()
    return Q(email_lower__gte=prefix, email_lower__lt=prefix + LAST_CHARACTER)


def order_search(term: str) -> Q:
    """PaymentIntent (pi_…) and charge (ch_…) ids exactly; otherwise the order number (as
    read out on the phone: any case, spaces, O for 0, with or without its "MO-") or the
    start of the email address, in any case."""
    term = term.strip()
    if term.startswith("pi_"):
        return _orders_paid_by(stripe_payment_intent_id=term)
    if term.startswith("ch_"):
        return _orders_paid_by(stripe_charge_id=term)
    return Q(number=order_number_as_read(term) or term.upper()) | _email_starts_with(term)
