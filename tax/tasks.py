from procrastinate import RetryStrategy

from morpheus.jobs import job
from tax.services import vat_number_vies_check

# VIES is often down for a member state: retried after 1 min, 2, 4... (about 17 hours).
VIES_RETRY = RetryStrategy(max_attempts=10, exponential_wait=2, wait=60)


@job(queue="vat", retry=VIES_RETRY)
def check_vat_number(*, order_id: int) -> None:
    """Confirm the order's VAT number with VIES (deferred when the order is placed)."""
    vat_number_vies_check(order_id=order_id, actor="system:vies")
