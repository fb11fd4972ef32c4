from procrastinate import JobContext, RetryStrategy
from procrastinate.contrib.django import app

from morpheus.jobs import job
from tax.errors import ViesUnavailable
from tax.services import (
    pending_orders_rates_refresh,
    vat_number_vies_check,
    vat_number_vies_unanswered,
    vat_numbers_unchecked_flag,
)

VIES_ACTOR = "system:vies"
RATES_ACTOR = "system:vat_rates"
# VIES is often down for a member state: 10 attempts, the waits growing from a minute to
# about 5.5 hours (60 s + 3^n s), about 8 hours in all.
VIES_RETRY = RetryStrategy(max_attempts=10, wait=60, exponential_wait=3)


@job(queue="vat", retry=VIES_RETRY, pass_context=True)
def check_vat_number(context: JobContext, *, order_id: int) -> None:
    """Confirm the order's VAT number with VIES (deferred when the order is placed). When
    VIES has not answered by the last attempt, the order is flagged for Finance. Once the
    order is canceled unpaid, it ends without asking."""
    try:
        vat_number_vies_check(order_id=order_id, actor=VIES_ACTOR)
    except ViesUnavailable as outage:
        if VIES_RETRY.get_retry_decision(exception=outage, job=context.job) is None:
            vat_number_vies_unanswered(order_id=order_id, actor=VIES_ACTOR, outage=str(outage))
        raise


@app.periodic(cron="29 * * * *", periodic_id="flag_unchecked_vat_numbers")
@job(queue="maintenance", queueing_lock="flag_unchecked_vat_numbers")
def flag_unchecked_vat_numbers(*, timestamp: int) -> None:
    """Every hour: flag for Finance the orders whose VAT number no check will confirm any
    more (a check killed at its last attempt never flags its order), but those canceled
    unpaid."""
    vat_numbers_unchecked_flag(actor=VIES_ACTOR, check_task=check_vat_number.name)


@app.periodic(cron="2 0 * * *", periodic_id="refresh_pending_order_rates")
@job(queue="maintenance")
def refresh_pending_order_rates(*, timestamp: int | None = None) -> None:
    """Each day as its rates come into force, and when Finance saves a tax rule: the
    pending orders' VAT at today's rates, so that their pages show what will be charged."""
    pending_orders_rates_refresh(actor=RATES_ACTOR)
