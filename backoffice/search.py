"""The order list's and the invoice list's search boxes: one term, matched the way each
kind of identifier is looked up, so that every branch can use an index.

Under row-level security PostgreSQL uses an index only for leakproof operators: `=`, `<`,
`>=` on text are, but UPPER(), LIKE and ILIKE are not (they would run before the policy).
So an email's start is a range on `email_lower` (the address in lower case, a column
PostgreSQL keeps), not a case-insensitive LIKE."""

import re

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.lookups import DataContains
from django.db.models import F, Func, Q, TextField, Value

from orders.numbers import order_number_as_read
from payments.models import Payment, Refund

LAST_CHARACTER = "\U0010ffff"


def _orders_paid_by(**payment_match) -> Q:
    return Q(pk__in=Payment.objects.filter(**payment_match).values("order_id"))


def _email_starts_with(prefix: str) -> Q:
    prefix = prefix.lower()
    return Q(email_lower__gte=prefix, email_lower__lt=prefix + LAST_CHARACTER)


# What an order number is pasted with, from a sentence or a list: quotes, brackets, "#",
# a full stop or a comma after it.
PASTED_AROUND = "\"'\u201c\u201d\u2018\u2019«»()[]<>#.,;:!?"  # with curly quotes


def order_search(term: str) -> Q:
    """PaymentIntent (pi_…) and charge (ch_…) ids exactly; otherwise the order number (as
    read out on the phone: any case, spaces, O for 0, with or without its "MO-") or the
    start of the email address, in any case. Pasted from a sentence or a list, it is read
    without its quotes, its "#" or its full stop, and several numbers find each of their
    orders (outside probe FW-4: "MO-2W7M-N04G." found nothing)."""
    term = term.strip().strip(PASTED_AROUND).strip() or term.strip()
    if term.startswith("pi_"):
        return _orders_paid_by(stripe_payment_intent_id=term)
    if term.startswith("ch_"):
        return _orders_paid_by(stripe_charge_id=term)
    parts = [part.strip(PASTED_AROUND) for part in re.split(r"[,;\s]+", term)]
    numbers = [order_number_as_read(part) for part in parts if part]
    if len(numbers) > 1 and all(numbers):
        return Q(number__in=numbers)
    return Q(number=order_number_as_read(term) or term.upper()) | _email_starts_with(term)


def _references_named(reference: str) -> list[str]:
    """The ids in a payment reference as pasted: one, or several ("re_…, re_…")."""
    return [part for part in re.split(r"[\s,]+", reference) if part]


def invoice_search(term: str) -> Q:
    """A document's number in any case; its order's number, read as `order_search` reads
    it; its payment reference: an invoice's PaymentIntent (pi_…), or any of the Stripe
    refunds (re_…) a credit note is for, alone or as many as it names. A credit note names
    refunds the shop recorded, so it is found through their rows, as an invoice through its
    payment's (an index each), then by its own reference among that order's documents."""
    term = term.strip()
    if term.startswith("pi_"):
        return Q(
            order_id__in=Payment.objects.filter(stripe_payment_intent_id=term).values("order_id"),
            payment_reference=term,
        )
    if term.startswith(("re_", "pyr_")):
        refunds = _references_named(term)
        named = Func(
            F("payment_reference"),
            Value(", "),  # as payments.services.refund_reports joins them
            function="string_to_array",
            output_field=ArrayField(TextField()),
        )
        return Q(
            DataContains(named, Value(refunds, output_field=ArrayField(TextField()))),
            order_id__in=Refund.objects.filter(stripe_refund_id__in=refunds).values("order_id"),
        )
    if order_number := order_number_as_read(term):
        return Q(order__number=order_number)
    return Q(number=term.upper())
