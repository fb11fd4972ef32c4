"""Stripe's word of a payment's money in another currency than the payment's."""

import logging

from orders import services as order_services
from orders.models import Order
from payments.models import Payment

logger = logging.getLogger(__name__)


def other_currency_flagged(
    *, order: Order, payment: Payment, currency: object, what: str, actor: str
) -> bool:
    """Whether Stripe told of `what` (a dispute, a charge's refunds) in `currency`, another
    than `payment`'s or none that reads as one, which Stripe never does: a misrouted or
    forged event. Then staff are told on the order's flag, and the caller applies nothing
    (outside probes HS-4: a dispute of 999.99 USD was taken from a 13.98 EUR order as euros;
    HT-1: a refund of 2.00 USD made a credit note of €2.00)."""
    readable = isinstance(currency, str) and len(currency) == 3 and currency.isalpha()
    if readable and currency.upper() == payment.currency.upper():
        return False
    # Outside probe HU-3: `["usd"]` was quoted as Python's "['USD']".
    told = f"Stripe told of {what} in {currency.upper() if readable else 'no currency we read'}"
    logger.warning("%s, not in its payment's %s.", told, payment.currency)
    order_services.order_flag(
        order=order,
        actor=actor,
        reason=f"{told}, not in the currency of payment {payment.stripe_payment_intent_id} "
        f"({payment.currency}): not applied. Check it at Stripe.",
    )
    return True
