from procrastinate import RetryStrategy

from morpheus.jobs import job
from tax.services import vat_number_vies_check

# VIES is often down for a member state: 10 attempts, the waits growing from a minute to
# about 5.5 hours (60 s + 3^n s), about 8 hours in all.
VIES_RETRY = RetryStrategy(max_attempts=10, wait=60, exponential_wait=3)


@job(queue="vat", retry=VIES_RETRY)
def check_vat_number(*, order_id: int) -> None:
    """Confirm the order's VAT number with VIES (deferred when the order is placed)."""
    vat_number_vies_check(order_id=order_id, actor="system:vies")
