"""What a code takes off a set of lines, without writing anything: the cart's preview and
the order's discount use the same arithmetic."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q

from morpheus.db_context import system_scope
from morpheus.money import (
    below_minimum_charge,
    charge_step,
    format_display,
    minimum_charge,
)
from orders.guests import GUEST_PREFIX, is_guest
from promotions.allocation import allocate
from promotions.errors import CodeBelowMinimumCharge, CodeNotApplicable, CodeUsedUp
from promotions.models import DiscountCode, DiscountUse, erased_address_digest


@dataclass(frozen=True)
class Line:
    key: int  # an order item's id, or a comic's id in the cart
    comic_id: int
    amount: int
    bundle_id: int | None = None  # bought as part of this bundle


def discount_shares(
    *, code: DiscountCode, lines: list[Line], currency: str, now: datetime
) -> dict[int, int]:
    """Each line's share of the discount (key -> amount; only lines the code covers).
    Raises CodeNotApplicable saying why when the code does not apply. Whether a card can
    pay what is left is charge_check's, once the VAT added on top is known."""
    if not code.is_active:
        raise CodeNotApplicable(f"Code {code.code} is no longer available.")
    if code.starts_at and now < code.starts_at:
        raise CodeNotApplicable(f"Code {code.code} is not valid yet.")
    if code.ends_at and now >= code.ends_at:
        raise CodeNotApplicable(f"Code {code.code} has expired.")
    # A code applies in the currencies of its terms, each from its minimum basket; a
    # percentage code with none applies in every currency (a minimum in one currency says
    # nothing of a basket in another).
    rows = list(code.currencies.all())
    terms = next((row for row in rows if row.currency == currency), None)
    if terms is None and (code.percent_off is None or rows):
        raise CodeNotApplicable(f"Code {code.code} does not apply to prices in {currency}.")
    basket = sum(line.amount for line in lines)
    if terms and basket < terms.min_basket_amount:
        raise CodeNotApplicable(
            f"Code {code.code} needs a basket of at least "
            f"{format_display(terms.min_basket_amount, currency)}."
        )
    comics = {comic.pk for comic in code.comics.all()}
    bundles = {bundle.pk for bundle in code.bundles.all()}
    covered = [
        line
        for line in lines
        if not (comics or bundles) or line.comic_id in comics or line.bundle_id in bundles
    ]
    covered_total = sum(line.amount for line in covered)
    if not covered_total:
        raise CodeNotApplicable(f"Code {code.code} does not apply to these comics.")
    step = charge_step(currency)
    if code.percent_off is not None:
        hundredths = covered_total * code.percent_off
        # To the nearest minor unit, half up; in a currency charged in steps (tens of fils),
        # down to a step from the exact amount: rounded to the fil first, 0.4995 KWD went up
        # to 0.500, more than the percentage (outside probe GF-1).
        amount = (hundredths * 2 + 100) // 200 if step == 1 else hundredths // 100
    else:
        amount = min(terms.amount_off, covered_total)
    weights = [line.amount for line in covered]
    # Rounded down to what Stripe can charge, and to what the lines' whole steps can take.
    amount = min(amount - amount % step, sum(weight - weight % step for weight in weights))
    shares = allocate(amount, weights, step=step)
    return {line.key: share for line, share in zip(covered, shares, strict=True)}


def charged(
    *, lines: list[Line], shares: dict[int, int], vat_on_top: Callable[[int], int] | None = None
) -> int:
    """What a card would be charged for the lines, each less its share of the discount,
    plus the VAT added on top of each (`vat_on_top`: a line's VAT from its amount, with net
    prices; None when prices include VAT), line by line as the order records it."""
    amounts = [line.amount - shares.get(line.key, 0) for line in lines]
    return sum(amount + (vat_on_top(amount) if vat_on_top else 0) for amount in amounts)


def charge_check(*, code: DiscountCode, to_pay: int, currency: str) -> None:
    """Raises CodeNotApplicable when the code leaves something to pay, VAT added on top
    included, yet less than a card can be charged."""
    if below_minimum_charge(to_pay, currency):
        least = format_display(minimum_charge(currency), currency)
        raise CodeBelowMinimumCharge(
            f"Code {code.code} would bring the total to "
            f"{format_display(to_pay, currency)}, less than a card can be charged "
            f"({least}), so it cannot be used on this order."
        )


def _uses_by(
    *, code: DiscountCode, customer: AbstractBaseUser
) -> list[tuple[str, datetime | None, bool]]:
    """The customer's live uses of the code: each order's number, when it was paid (None:
    not yet) and whether this account placed it (not a guest with its address). A guest is
    a new account at each checkout, so a guest's uses are those of every account with the
    guest's address, and a signed-in customer's are the account's own and those of the
    guests who checked out with the account's address: a code once per customer is once per
    address whichever comes first. Uses of erased customers count by their address's digest
    (signing up again with it gives no second use).
    The address counts whether or not the account has confirmed it yet, as it does for a
    guest (a guest's count takes in every account with the address). Both are read past
    the customer's own rows."""
    uses = DiscountUse.objects.filter(discount_code=code, released_at__isnull=True)
    if is_guest(customer):
        same = Q(customer__email__iexact=customer.email)
    elif customer.email:
        as_guest = Q(customer__username__startswith=GUEST_PREFIX)
        same = Q(customer=customer) | (as_guest & Q(customer__email__iexact=customer.email))
    else:
        same = Q(customer=customer)
    if customer.email:
        same |= Q(erased_address=erased_address_digest(customer.email))
    with system_scope():
        rows = (
            uses.filter(same)
            .order_by("created_at", "pk")
            .values_list("order__number", "order__paid_at", "customer_id")
        )
        return [(number, paid_at, placer == customer.pk) for number, paid_at, placer in rows]


def total_uses_check(*, code: DiscountCode) -> None:
    """Raises CodeUsedUp when the code has no use left for anyone."""
    if code.max_uses is not None and code.uses_count >= code.max_uses:
        raise CodeUsedUp(f"Code {code.code} has been used up.")


def uses_check(*, code: DiscountCode, customer: AbstractBaseUser) -> None:
    """Raises CodeUsedUp when the code has no use left, for anyone or for this customer."""
    try:
        total_uses_check(code=code)
    except CodeUsedUp:
        # Its last use held by this customer's own order not paid yet: canceling that order
        # frees it (outside probe HD-3: "has been used up" alone).
        uses = _uses_by(code=code, customer=customer)
        own_unpaid = [number for number, paid_at, own in uses if own and paid_at is None]
        if own_unpaid:
            raise CodeUsedUp(_held_by_own_orders(code, own_unpaid, [], 1)) from None
        raise
    per_customer = code.max_uses_per_customer
    if per_customer is None:
        return
    uses = _uses_by(code=code, customer=customer)
    if len(uses) < per_customer:
        return
    unpaid = [(number, own) for number, paid_at, own in uses if paid_at is None]
    to_free = len(uses) - per_customer + 1  # more than one once staff lowered the limit
    if len(unpaid) < to_free:  # canceling them would not free a use
        if is_guest(customer):
            # Not "you have used it": whoever typed the address at a guest checkout may not
            # own it, and is not told what that address bought.
            raise CodeUsedUp(
                f"Code {code.code} cannot be used on this order: it is limited per customer."
            )
        raise CodeUsedUp(f"You have already used code {code.code}.")
    own_unpaid = [number for number, own in unpaid if own]
    if own_unpaid:
        own_paid = [number for number, paid_at, own in uses if own and paid_at is not None]
        raise CodeUsedUp(_held_by_own_orders(code, own_unpaid, own_paid, to_free))
    # Not named: whoever typed the address at a guest checkout may not be its owner.
    raise CodeUsedUp(
        f"Code {code.code} is held by another order placed with your email address, not paid "
        "yet: the email about it, sent to that address, has a link to pay for it or cancel "
        "it. An order not paid is canceled after "
        f"{settings.UNPAID_ORDER_MAX_AGE_HOURS} hours."
    )


def _held_by_own_orders(
    code: DiscountCode, unpaid: list[str], paid: list[str], to_free: int
) -> str:
    """The refusal naming every order of the customer's holding a use of the code, and how
    many of those not paid yet to cancel to free one for this order."""
    if not paid:
        held = f"{_listed(unpaid)}, not paid yet"
    else:
        held = _listed(
            [f"{number} (paid)" for number in paid]
            + [f"{number} (not paid yet)" for number in unpaid]
        )
    orders = "order" if len(unpaid) + len(paid) == 1 else "orders"
    if len(unpaid) == 1:
        pay = "that order" if not paid else unpaid[0]
        cancel = "it"
    else:
        pay = "them" if not paid else _listed(unpaid)
        cancel = "one of them" if to_free == 1 else f"{min(to_free, len(unpaid))} of them"
    return (
        f"Code {code.code} is held by your {orders} {held}: pay for {pay}, or cancel {cancel} "
        "to use the code on this one."
    )


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
