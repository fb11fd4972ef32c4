"""The order list's search box: one term, matched the way each kind of identifier is
looked up, so that every branch can use an index."""

from django.db.models import Q

from payments.models import Payment


def _orders_paid_by(**payment_match) -> Q:
    return Q(pk__in=Payment.objects.filter(**payment_match).values("order_id"))


def order_search(term: str) -> Q:
    """PaymentIntent (pi_…) and charge (ch_…) ids exactly; otherwise the order number
    exactly or the start of the email address (case-insensitive)."""
    term = term.strip()
    if term.startswith("pi_"):
        return _orders_paid_by(stripe_payment_intent_id=term)
    if term.startswith("ch_"):
        return _orders_paid_by(stripe_charge_id=term)
    return Q(number=term.upper()) | Q(email__istartswith=term)
