from delivery.tasks import fulfil_order
from orders.transitions import OrderStatus


def fulfil_paid_order(sender, *, order_id: int, to_status: str, **kwargs) -> None:
    """A paid order gets its download links from a job, deferred with the payment."""
    if to_status == OrderStatus.PAID:
        fulfil_order.defer(order_id=order_id)
